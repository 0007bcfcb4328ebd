import { useQuery } from '@tanstack/react-query';
import { Button, Tag } from 'antd';
import { Link, useNavigate } from 'react-router';
import { creditOutcomeLabels } from '../../../contracts/credit';
import { api } from '../../api/client';
import type { ApplicationView, InboxPage, LicenseView, Page } from '../../api/types';
import { RequireLogin } from '../../app/RequireLogin';
import { whoLabel } from '../../app/Shell';
import { useMe } from '../../app/session';
import { StatusTag } from '../../components/StatusTag';
import { formatDate } from '../../lib/format';
import { IdentityNotice, useCreditMe } from './identity';

const outcomeLabel = (o: string) => creditOutcomeLabels[o as keyof typeof creditOutcomeLabels] ?? '—';

function Home() {
  const me = useMe().data!;
  const navigate = useNavigate();
  const apps = useQuery({
    queryKey: ['my-applications', 1],
    queryFn: () => api.get<Page<ApplicationView>>('/api/my/applications', { page: 1, pageSize: 5 }),
  });
  const licenses = useQuery({
    queryKey: ['my-licenses'],
    queryFn: () => api.get<{ items: LicenseView[] }>('/api/my/licenses'),
  });
  const { identity, proven, credit } = useCreditMe();
  const inbox = useQuery({
    queryKey: ['inbox', 1],
    queryFn: () => api.get<InboxPage>('/api/inbox', { page: 1, pageSize: 20 }),
  });
  const lastCheck = credit.data?.checks[0];
  const badRecords = credit.data?.records.filter((r) => r.status === 'active' && r.published).length ?? 0;
  return (
    <>
      <div className="title-row">
        <h1 className="page-title">
          {me.displayName}
          <small className="muted" style={{ fontSize: 14, marginLeft: 8 }}>
            {whoLabel(me)}
          </small>
        </h1>
        <Button type="primary" size="large" onClick={() => navigate('/portal/apply')}>
          我要办事
        </Button>
      </div>
      <IdentityNotice what="查看信用档案、办理申请和授权委托" />
      <div className="cards">
        <div className="card">
          <h2>我的信用</h2>
          {identity.data && !proven ? (
            <p className="muted">身份核验后可以查看信用档案。</p>
          ) : lastCheck ? (
            <p>
              最近一次核查（{formatDate(lastCheck.checkedAt)}）：<Tag>{outcomeLabel(lastCheck.outcome)}</Tag>
            </p>
          ) : (
            <p className="muted">尚未进行信用核查，开始申请时自动核查。</p>
          )}
          {proven ? (
            <p>{badRecords ? `有 ${badRecords} 条公示中的信用记录` : '没有公示中的失信记录'}</p>
          ) : null}
          <Link to="/portal/credit">查看信用详情 ›</Link>
        </div>
        <div className="card">
          <h2>我的办件</h2>
          <p>共 {apps.data?.total ?? 0} 件</p>
          <Link to="/portal/applications">查看全部办件 ›</Link>
        </div>
        <div className="card">
          <h2>我的证照</h2>
          <p>共 {licenses.data?.items.length ?? 0} 个</p>
          <Link to="/portal/licenses">查看证照 ›</Link>
        </div>
        <div className="card">
          <h2>消息</h2>
          <p>{inbox.data?.unread ? `${inbox.data.unread} 条未读` : '没有未读消息'}</p>
          <Link to="/portal/inbox">查看消息 ›</Link>
        </div>
      </div>
      <h2 className="section-title">最近的办件</h2>
      {apps.data?.items.length ? (
        <ul className="plain-list">
          {apps.data.items.map((a) => (
            <li key={a.id} className="card">
              <Link to={`/portal/applications/${a.id}`}>{a.itemName}</Link> <StatusTag status={a.status} />
              <div className="muted">
                办件编号 <span className="number">{a.number}</span> · {a.nextStep}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">还没有办件。</p>
      )}
    </>
  );
}

export default function PortalHomePage() {
  return (
    <RequireLogin applicant>
      <Home />
    </RequireLogin>
  );
}
