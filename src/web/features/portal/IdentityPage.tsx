import { Alert, Button, Tag } from 'antd';
import { Link } from 'react-router';
import { identityDocumentKindLabels } from '../../../contracts/identity';
import { RequireLogin } from '../../app/RequireLogin';
import { useMe } from '../../app/session';
import { Copyable } from '../../components/Copyable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Loading';
import { formatDateTime } from '../../lib/format';
import { useIdentity } from './identity';

/** The documents the clerk asks to see, by kind of account (the same kinds the clerk records). */
const documentsFor = (type: string) =>
  type === 'enterprise'
    ? `${identityDocumentKindLabels.business_license}（原件；委托他人办理的，另带授权委托书和经办人身份证件）`
    : `${identityDocumentKindLabels.resident_id_card}（原件）`;

function Identity() {
  const me = useMe().data!;
  const q = useIdentity();
  if (q.isPending) return <Loading />;
  if (!q.data) return <ErrorNotice error={q.error} />;
  const s = q.data;
  return (
    <>
      <h1 className="page-title">身份核验</h1>
      <div className="card" style={{ marginBottom: 16 }}>
        <h2>账号身份</h2>
        <dl className="kv">
          <dt>名称或姓名</dt>
          <dd>{s.displayName}</dd>
          <dt>{s.applicantType === 'enterprise' ? '统一社会信用代码' : '公民身份号码'}</dt>
          <dd>{s.subjectCode ? <span className="number">{s.subjectCode}</span> : '—'}</dd>
          <dt>核验状态</dt>
          <dd>
            {s.proven ? <Tag color="green">已核验</Tag> : <Tag color="orange">未核验</Tag>}
            {s.proven ? `（${s.proofLabel}）` : null}
          </dd>
          {s.proven ? (
            <>
              <dt>核验时间</dt>
              <dd>{formatDateTime(s.provenAt)}</dd>
            </>
          ) : null}
        </dl>
      </div>
      {s.proven ? (
        <Alert
          type="success"
          showIcon
          title={
            s.proof === 'platform'
              ? '您的身份由统一身份认证平台核验'
              : '您的身份已由政务服务中心综合受理窗口查验证件后核验'
          }
          description={
            <>
              {s.message}。{s.applicantType === 'enterprise' ? '企业名称以市场主体登记信息为准。' : null}
              <Link to="/portal/apply">去办事 ›</Link> <Link to="/portal/mandates">我的委托 ›</Link>
            </>
          }
        />
      ) : (
        <div className="card identity-how-to">
          <h2>怎样核验身份</h2>
          <p>
            用密码注册的账号，平台无法确认注册人就是账号上的企业或个人，所以核验前不能查看信用档案、办理申请或授权委托。核验身份有两种办法，任选其一：
          </p>
          <ol className="steps-list">
            <li>
              <strong>到窗口核验（本账号）</strong>
              ：携带{documentsFor(s.applicantType)}
              到乌审旗政务服务中心综合受理窗口，告诉工作人员您的用户名
              <Copyable value={me.username} label="用户名" />
              。工作人员查验证件后当场核验，之后重新打开本页即可看到“已核验”。
            </li>
            <li>
              <strong>改用统一身份认证登录</strong>
              ：有统一身份认证（政务服务平台）账号的，点下面的按钮登录即完成核验，之后使用统一身份认证对应的账号办事。
              <div style={{ marginTop: 8 }}>
                <Button href="/api/auth/oidc/start?returnTo=%2Fportal%2Fidentity">统一身份认证登录</Button>
              </div>
            </li>
          </ol>
          <p className="muted small">
            核验前仍可以浏览办事指南、查看消息。咨询电话：12345 政务服务便民热线。
          </p>
        </div>
      )}
    </>
  );
}

export default function IdentityPage() {
  return (
    <RequireLogin applicant>
      <Identity />
    </RequireLogin>
  );
}
