import { useQuery } from '@tanstack/react-query';
import { Empty } from 'antd';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { LicenseView } from '../../api/types';
import { RequireLogin } from '../../app/RequireLogin';
import { Copyable } from '../../components/Copyable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Loading';
import { formatDate, formatDateTime } from '../../lib/format';

function Licenses() {
  const q = useQuery({
    queryKey: ['my-licenses'],
    queryFn: () => api.get<{ items: LicenseView[] }>('/api/my/licenses'),
  });
  return (
    <>
      <h1 className="page-title">我的证照</h1>
      <ErrorNotice error={q.error} />
      {q.isPending ? <Loading /> : null}
      {q.data && !q.data.items.length ? <Empty description="还没有证照" /> : null}
      <div className="cards">
        {q.data?.items.map((l) => (
          <div className="license-card" key={l.id}>
            <h2 style={{ fontSize: 18 }}>{l.itemName}</h2>
            <dl className="kv">
              <dt>证照编号</dt>
              <dd>
                <Copyable value={l.number} label="证照编号" />
              </dd>
              <dt>持证主体</dt>
              <dd>
                {l.holderName}（{l.holderCode}）
              </dd>
              <dt>许可范围</dt>
              <dd>{l.scope}</dd>
              <dt>有效期</dt>
              <dd>
                {l.validUntil
                  ? `${formatDate(l.validFrom)} 至 ${formatDate(l.validUntil)}`
                  : `${formatDate(l.validFrom)}起长期有效`}
              </dd>
              <dt>签发时间</dt>
              <dd>{formatDateTime(l.issuedAt)}</dd>
            </dl>
            <Link to={`/portal/applications/${l.applicationId}`}>查看办件</Link>
          </div>
        ))}
      </div>
    </>
  );
}

export default function LicensesPage() {
  return (
    <RequireLogin applicant>
      <Licenses />
    </RequireLogin>
  );
}
