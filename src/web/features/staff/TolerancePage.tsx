import { useQuery } from '@tanstack/react-query';
import { Empty, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { rolesMay } from '../../../domain/access';
import { api } from '../../api/client';
import type { ToleranceCaseList } from '../../api/types';
import { RequireLogin } from '../../app/RequireLogin';
import { useMe } from '../../app/session';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Loading';
import { Pager } from '../../components/Pager';
import { formatDateTime } from '../../lib/format';

const PAGE_SIZE = 20;

/**
 * The 容错免责 register (义马 section 五): every revoked commitment decision, to the reviewing body; to an
 * official, the cases it is concerned in. The server decides who sees what; this page shows what it gives.
 */
function Register() {
  const me = useMe().data!;
  const reviewer = rolesMay(me.roles, 'tolerance.review');
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['tolerance-cases', page],
    queryFn: () => api.get<ToleranceCaseList>('/api/tolerance/cases', { page, pageSize: PAGE_SIZE }),
  });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorNotice error={q.error} />;
  const { items, total } = q.data;
  return (
    <>
      <p className="muted">
        {reviewer
          ? '撤销审批决定的每一件案件。案卷由审计记录和办理、核查历史生成，供复核是否符合容错免责情形。'
          : '与您有关的撤销审批决定案件。复核结论登记后，您会收到通知，并可在此查看。'}
      </p>
      {items.length === 0 ? <Empty description="暂无案件" /> : null}
      <ul className="plain-list">
        {items.map((c) => (
          <li key={c.taskId} className="card">
            <h2 className="report-title">
              <Link to={`/workbench/tolerance/${c.taskId}`}>
                {c.itemName} · {c.subjectName}
              </Link>{' '}
              {c.reviewed ? <Tag color="success">{c.outcomeLabel}</Tag> : <Tag color="warning">待复核</Tag>}
            </h2>
            <dl className="report-facts">
              <dt>办件编号</dt>
              <dd>{c.applicationNumber}</dd>
              <dt>撤销时间</dt>
              <dd>{formatDateTime(c.revokedAt)}</dd>
              <dt>相关工作人员</dt>
              <dd>{c.official ?? '—'}</dd>
            </dl>
          </li>
        ))}
      </ul>
      <Pager page={page} pageSize={PAGE_SIZE} total={total} onChange={setPage} />
    </>
  );
}

export default function TolerancePage() {
  return (
    <RequireLogin applicant={false}>
      <h1 className="page-title">容错免责台账</h1>
      <Register />
    </RequireLogin>
  );
}
