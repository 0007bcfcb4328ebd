import { useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Input, Steps, Tag } from 'antd';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { ReportState } from '../../../contracts/reports';
import { api } from '../../api/client';
import type { ReportTrack } from '../../api/types';
import { Copyable } from '../../components/Copyable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Loading';
import { formatDate, formatDateTime } from '../../lib/format';

const stateColors: Record<ReportState, string> = {
  verifying: 'processing',
  substantiated: 'success',
  unsubstantiated: 'default',
  closed: 'warning',
};

function Progress({ report }: { report: ReportTrack }) {
  const done = report.state !== 'verifying';
  return (
    <Steps
      current={done ? 2 : 1}
      status={done ? 'finish' : 'process'}
      items={[
        { title: '已受理', description: formatDateTime(report.submittedAt) },
        { title: '监管部门核查', description: `期限 ${formatDate(report.dueDate)}` },
        { title: '办结', description: done ? '已告知结果' : '核查完成后公布结果' },
      ]}
    />
  );
}

/**
 * The reporter follows a report by its receipt number alone. What the server answers never names the
 * subject nor what was found about it: only where the report stands and whether it was borne out.
 */
export default function ReportTrackPage() {
  const [params, setParams] = useSearchParams();
  const receipt = params.get('receipt')?.trim().toUpperCase() ?? '';
  const [typed, setTyped] = useState(receipt);
  const q = useQuery({
    queryKey: ['report-track', receipt],
    queryFn: () => api.get<ReportTrack>(`/api/public/reports/${encodeURIComponent(receipt)}`),
    enabled: receipt.length >= 8,
    retry: false,
  });
  const search = (e: FormEvent) => {
    e.preventDefault();
    const value = typed.trim().toUpperCase();
    setTyped(value);
    setParams(value ? { receipt: value } : {});
    if (value === receipt) void q.refetch();
  };
  const r = q.data;

  return (
    <div className="narrow-wide">
      <h1 className="page-title">举报进度查询</h1>
      <div className="card">
        <form className="track-form" onSubmit={search}>
          <label htmlFor="receipt" className="field-label">
            举报回执号
          </label>
          <div className="track-row">
            <Input
              id="receipt"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              placeholder="如 JB20261205-ABCD-EFGH-JKLM"
              maxLength={40}
              autoComplete="off"
            />
            <Button type="primary" htmlType="submit">
              查询
            </Button>
          </div>
          {typed.trim() && typed.trim().length < 8 ? (
            <div className="field-error" role="alert">
              回执号不完整，请核对
            </div>
          ) : null}
        </form>
        <p className="muted small">
          {
            '回执号在提交举报时给出。为保护各方，查询结果只显示办理进度和结论，不显示被举报人信息和举报内容。还没有举报？'
          }
          <Link to="/report">我要举报 ›</Link>
        </p>
      </div>

      {receipt && q.isFetching && !r ? <Loading /> : null}
      {q.error ? <ErrorNotice error={q.error} /> : null}
      {r ? (
        <section className="card" aria-labelledby="track-result">
          <h2 id="track-result" className="section-title">
            办理情况
          </h2>
          <Progress report={r} />
          <Descriptions
            column={1}
            bordered
            size="small"
            style={{ marginTop: 16 }}
            styles={{ label: { width: 96, whiteSpace: 'nowrap' } }}
            items={[
              {
                key: 'receipt',
                label: '回执号',
                children: <Copyable value={r.receiptNumber} label="回执号" />,
              },
              { key: 'item', label: '涉及事项', children: r.itemName },
              { key: 'submitted', label: '举报时间', children: formatDateTime(r.submittedAt) },
              { key: 'due', label: '核查期限', children: formatDate(r.dueDate) },
              {
                key: 'state',
                label: '办理状态',
                children: (
                  <Tag color={stateColors[r.state]}>{r.state === 'verifying' ? '核查中' : '已办结'}</Tag>
                ),
              },
              {
                key: 'outcome',
                label: '办理结果',
                children:
                  r.state === 'verifying' ? (
                    <span className="muted">监管部门正在核查，办结后在此告知结果</span>
                  ) : (
                    <>
                      <strong>{r.stateLabel}</strong>
                      {r.closedReason ? <div>理由：{r.closedReason}</div> : null}
                    </>
                  ),
              },
            ]}
          />
        </section>
      ) : null}
    </div>
  );
}
