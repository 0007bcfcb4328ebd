import { useQuery } from '@tanstack/react-query';
import { Empty, List, Pagination } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { ApplicationView, Page } from '../../api/types';
import { RequireLogin } from '../../app/RequireLogin';
import { DaysLeft } from '../../components/DaysLeft';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Loading';
import { StatusTag } from '../../components/StatusTag';
import { formatDateTime } from '../../lib/format';

const PAGE_SIZE = 10;

/** The deadline that matters now for the applicant, if any. */
export function currentDeadline(a: ApplicationView): { due: string; label: string } | null {
  if (a.status === 'reminded' && a.finalDueDate) return { due: a.finalDueDate, label: '最后补正期限 ' };
  if (a.status === 'missing_materials') {
    const open = a.missing
      .filter((m) => !m.suppliedAt)
      .map((m) => m.dueDate)
      .sort();
    if (open[0]) return { due: open[0], label: '补正期限 ' };
  }
  if (['submitted', 'accepted', 'reviewed'].includes(a.status) && a.legalDeadline)
    return { due: a.legalDeadline, label: '法定办结期限 ' };
  return null;
}

function Applications() {
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['my-applications', page],
    queryFn: () => api.get<Page<ApplicationView>>('/api/my/applications', { page, pageSize: PAGE_SIZE }),
  });
  return (
    <>
      <h1 className="page-title">我的办件</h1>
      <ErrorNotice error={q.error} />
      {q.isPending ? (
        <Loading />
      ) : !q.data?.items.length ? (
        <Empty
          description={
            <>
              还没有办件，<Link to="/portal/apply">去办事</Link>
            </>
          }
        />
      ) : (
        <List
          className="item-list"
          dataSource={q.data.items}
          rowKey="id"
          renderItem={(a) => {
            const d = currentDeadline(a);
            return (
              <List.Item>
                <div style={{ width: '100%' }}>
                  <h2 className="item-name">
                    <Link to={`/portal/applications/${a.id}`}>{a.itemName}</Link>{' '}
                    <StatusTag status={a.status} />
                  </h2>
                  <div className="muted">
                    办件编号 <span className="number">{a.number}</span> · {a.modeLabel ?? '未选择办理模式'} ·{' '}
                    {a.agentName ? `代理人 ${a.agentName} · ` : ''}申请人 {a.subjectName} ·{' '}
                    {formatDateTime(a.createdAt)}
                  </div>
                  {d ? <DaysLeft due={d.due} label={d.label} /> : null}
                  <div>下一步：{a.nextStep}</div>
                </div>
              </List.Item>
            );
          }}
        />
      )}
      <Pagination
        current={page}
        pageSize={PAGE_SIZE}
        total={q.data?.total ?? 0}
        hideOnSinglePage
        showSizeChanger={false}
        onChange={setPage}
        style={{ marginTop: 12 }}
      />
    </>
  );
}

export default function ApplicationsPage() {
  return (
    <RequireLogin applicant>
      <Applications />
    </RequireLogin>
  );
}
