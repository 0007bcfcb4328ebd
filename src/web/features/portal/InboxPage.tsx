import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Empty, List, Pagination, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { InboxPage as Inbox } from '../../api/types';
import { RequireLogin } from '../../app/RequireLogin';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Loading';
import { formatDateTime } from '../../lib/format';

const PAGE_SIZE = 20;

function Messages() {
  const [page, setPage] = useState(1);
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['inbox', page],
    queryFn: () => api.get<Inbox>('/api/inbox', { page, pageSize: PAGE_SIZE }),
  });
  const read = async (id: string) => {
    await api.post(`/api/inbox/${id}/read`);
    qc.invalidateQueries({ queryKey: ['inbox'] });
  };
  return (
    <>
      <h1 className="page-title">消息{q.data?.unread ? `（${q.data.unread} 条未读）` : ''}</h1>
      <ErrorNotice error={q.error} />
      {q.isPending ? <Loading /> : null}
      {q.data && !q.data.items.length ? <Empty description="没有消息" /> : null}
      {q.data?.items.length ? (
        <List
          className="item-list"
          dataSource={q.data.items}
          rowKey="id"
          renderItem={(n) => (
            <List.Item
              actions={
                n.readAt
                  ? []
                  : [
                      <Button key="read" size="small" onClick={() => read(n.id)}>
                        标为已读
                      </Button>,
                    ]
              }
            >
              <div>
                <h2 className="item-name">
                  {n.readAt ? null : <Tag color="red">未读</Tag>}
                  {n.title}
                </h2>
                <p style={{ margin: '4px 0' }}>{n.body}</p>
                <div className="muted small">
                  {formatDateTime(n.createdAt)}
                  {n.refType === 'application' && n.refId ? (
                    <>
                      {' · '}
                      <Link to={`/portal/applications/${n.refId}`}>查看办件</Link>
                    </>
                  ) : null}
                </div>
              </div>
            </List.Item>
          )}
        />
      ) : null}
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

export default function InboxPage() {
  return (
    <RequireLogin applicant>
      <Messages />
    </RequireLogin>
  );
}
