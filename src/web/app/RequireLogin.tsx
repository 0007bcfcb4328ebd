import { Result } from 'antd';
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { Loading } from '../components/Loading';
import { loginPath, useMe } from './session';

/** Pages for one kind of account; anyone else is sent to login and brought back afterwards. */
export function RequireLogin({ applicant, children }: { applicant?: boolean; children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (!me.data) return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  if (applicant !== undefined && (me.data.kind === 'applicant') !== applicant)
    return (
      <Result
        status="403"
        title="无权访问"
        subTitle={applicant ? '本页面供申请人（企业、个人、代理人）使用。' : '本页面供工作人员使用。'}
        extra={<Link to={applicant ? '/workbench' : '/portal'}>返回我的首页</Link>}
      />
    );
  return <>{children}</>;
}
