import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Table, Tag, Timeline } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { applicationChannelLabels, signatureKindLabels } from '../../../contracts/web';
import { api } from '../../api/client';
import type { ApplicationView, CommitmentView, FileView, HistoryView } from '../../api/types';
import { RequireLogin } from '../../app/RequireLogin';
import { Copyable } from '../../components/Copyable';
import { DaysLeft } from '../../components/DaysLeft';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FileUpload } from '../../components/FileUpload';
import { Loading } from '../../components/Loading';
import { StatusTag } from '../../components/StatusTag';
import { formatDate, formatDateTime, formatDuration } from '../../lib/format';
import { currentDeadline } from './ApplicationsPage';

/** 容缺: each missing material with its due date, supplied here. */
function SupplyMissing({
  app,
  onSupplied,
}: {
  app: ApplicationView;
  onSupplied: (a: ApplicationView) => void;
}) {
  const open = app.missing.filter((m) => !m.suppliedAt);
  const [files, setFiles] = useState<Record<string, FileView | null>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const ready = Object.entries(files).filter(([, f]) => f) as [string, FileView][];
  const supply = async () => {
    setBusy(true);
    setError(null);
    try {
      onSupplied(
        await api.post<ApplicationView>(`/api/applications/${app.id}/supply`, {
          materials: ready.map(([name, f]) => ({ name, fileId: f.id })),
        }),
      );
      setFiles({});
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="guide-section" aria-labelledby="s-missing">
      <h2 id="s-missing">容缺材料补正</h2>
      <ul className="material-list">
        {app.missing.map((m) => (
          <li key={m.name} className="material">
            <div className="material-name">{m.name}</div>
            {m.suppliedAt ? (
              <Tag color="green">已于 {formatDate(m.suppliedAt)} 补正</Tag>
            ) : (
              <>
                <DaysLeft
                  due={m.finalDueDate ?? m.dueDate}
                  label={m.finalDueDate ? '最后期限 ' : '补正期限 '}
                />
                <FileUpload
                  label={m.name}
                  value={files[m.name] ?? null}
                  onChange={(f) => setFiles((x) => ({ ...x, [m.name]: f }))}
                />
              </>
            )}
          </li>
        ))}
      </ul>
      <ErrorNotice error={error} />
      {open.length ? (
        <Button type="primary" disabled={!ready.length} loading={busy} onClick={supply}>
          提交补正材料（{ready.length}/{open.length}）
        </Button>
      ) : null}
    </section>
  );
}

function Commitment({ id }: { id: string }) {
  const q = useQuery({
    queryKey: ['commitment', id],
    queryFn: () => api.get<CommitmentView>(`/api/applications/${id}/commitment`),
    retry: false,
  });
  if (!q.data) return null;
  const c = q.data;
  return (
    <section className="guide-section" aria-labelledby="s-commit">
      <h2 id="s-commit">承诺书</h2>
      <p className="muted">
        {c.signerName} 于 {formatDateTime(c.signedAt)} 签署 · {signatureKindLabels[c.signatureKind]}
        {c.published ? ' · 已同意公示' : ''}
      </p>
      <pre className="letter">{c.text}</pre>
      <p className="muted small wrap">
        SM3 摘要：<span className="number">{c.digest}</span>
      </p>
    </section>
  );
}

function Detail() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['application', id],
    queryFn: () => api.get<ApplicationView>(`/api/applications/${encodeURIComponent(id)}`),
  });
  const history = useQuery({
    queryKey: ['application-history', id],
    queryFn: () => api.get<{ items: HistoryView[] }>(`/api/applications/${encodeURIComponent(id)}/history`),
  });
  if (q.isPending) return <Loading />;
  if (!q.data) return <ErrorNotice error={q.error} />;
  const a = q.data;
  const d = currentDeadline(a);
  const onSupplied = (next: ApplicationView) => {
    qc.setQueryData(['application', id], next);
    qc.invalidateQueries({ queryKey: ['application-history', id] });
    qc.invalidateQueries({ queryKey: ['my-applications'] });
    qc.invalidateQueries({ queryKey: ['my-licenses'] });
  };
  return (
    <>
      <nav aria-label="位置" className="muted" style={{ marginBottom: 8 }}>
        <Link to="/portal">我的首页</Link> › <Link to="/portal/applications">我的办件</Link> › {a.itemName}
      </nav>
      <h1 className="page-title">
        {a.itemName} <StatusTag status={a.status} />
      </h1>
      <Alert type={a.status === 'approved' ? 'success' : 'info'} showIcon title={`下一步：${a.nextStep}`} />
      {d ? (
        <p style={{ marginTop: 8 }}>
          <DaysLeft due={d.due} label={d.label} />
        </p>
      ) : null}
      <section className="guide-section" aria-labelledby="s-info" style={{ marginTop: 12 }}>
        <h2 id="s-info">办件信息</h2>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          bordered
          items={[
            { key: 'no', label: '办件编号', children: <Copyable value={a.number} label="办件编号" /> },
            { key: 'dept', label: '实施部门', children: a.departmentName },
            { key: 'subj', label: '申请人', children: `${a.subjectName}（${a.subjectCode}）` },
            ...(a.agentName ? [{ key: 'agent', label: '代理人', children: a.agentName }] : []),
            { key: 'ch', label: '办理渠道', children: applicationChannelLabels[a.channel] },
            { key: 'mode', label: '办理模式', children: a.modeLabel ?? '未选择' },
            { key: 'credit', label: '信用核查', children: a.credit.outcomeLabel },
            { key: 'sub', label: '提交时间', children: formatDateTime(a.submittedAt) },
            { key: 'dec', label: '办结时间', children: formatDateTime(a.decidedAt) },
            { key: 'limit', label: '法定时限', children: `${a.legalTimeLimitDays} 个工作日` },
            ...(a.elapsedSeconds !== null
              ? [
                  {
                    key: 'took',
                    label: '实际用时',
                    children: `${formatDuration(a.elapsedSeconds)}（${a.workingDaysTaken ?? 0} 个工作日）`,
                  },
                ]
              : []),
          ]}
        />
      </section>

      {a.license ? (
        <section className="guide-section" aria-labelledby="s-lic">
          <h2 id="s-lic">电子证照</h2>
          <dl className="kv">
            <dt>证照编号</dt>
            <dd>
              <Copyable value={a.license.number} label="证照编号" />
            </dd>
            <dt>许可范围</dt>
            <dd>{a.license.scope}</dd>
            <dt>有效期</dt>
            <dd>
              {a.license.validUntil
                ? `${formatDate(a.license.validFrom)} 至 ${formatDate(a.license.validUntil)}`
                : `${formatDate(a.license.validFrom)}起长期有效`}
            </dd>
          </dl>
        </section>
      ) : null}

      {a.missing.length ? <SupplyMissing app={a} onSupplied={onSupplied} /> : null}

      <section className="guide-section" aria-labelledby="s-mat">
        <h2 id="s-mat">申请材料</h2>
        <Table
          size="small"
          rowKey="name"
          pagination={false}
          dataSource={a.materials}
          columns={[
            { title: '材料', dataIndex: 'name' },
            { title: '情况', dataIndex: 'stateLabel' },
            {
              title: '补正期限',
              dataIndex: 'dueDate',
              render: (v: string | null) => (v ? formatDate(v) : '—'),
            },
          ]}
        />
      </section>

      <section className="guide-section" aria-labelledby="s-time">
        <h2 id="s-time">办理进程</h2>
        <Timeline
          items={(history.data?.items ?? []).map((h) => ({
            key: h.seq,
            content: (
              <>
                <strong>{h.eventLabel}</strong>
                <div className="muted small">
                  {formatDateTime(h.at)}
                  {h.actorName ? ` · ${h.actorName}` : ''}
                </div>
                {h.comment ? <div>{h.comment}</div> : null}
              </>
            ),
          }))}
        />
      </section>
      <Commitment id={a.id} />
    </>
  );
}

export default function ApplicationPage() {
  return (
    <RequireLogin applicant>
      <Detail />
    </RequireLogin>
  );
}
