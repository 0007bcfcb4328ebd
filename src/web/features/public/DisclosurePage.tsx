import { useQuery } from '@tanstack/react-query';
import { Collapse, Empty, List, Pagination, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { planStatusLabels } from '../../../contracts/web';
import { api } from '../../api/client';
import type { Page, PlanSummary, PublicCommitment, PublicCreditRecord } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ScrollRegion } from '../../components/ScrollRegion';
import { formatDate } from '../../lib/format';

const PAGE_SIZE = 10;

function Commitments() {
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['public-commitments', page],
    queryFn: () =>
      api.get<{ items: PublicCommitment[] }>('/api/public/commitments', { page, pageSize: PAGE_SIZE }),
  });
  if (q.error) return <ErrorNotice error={q.error} />;
  const items = q.data?.items ?? [];
  return (
    <>
      <p className="muted">
        申请人同意公开的信用承诺书（个人姓名已脱敏）。发现承诺不实，可以
        <Link to="/report">举报</Link>，凭回执号<Link to="/report/track">查询办理结果</Link>。
      </p>
      {items.length === 0 && !q.isPending ? <Empty description="暂无公示的承诺书" /> : null}
      <Collapse
        items={items.map((c) => ({
          key: c.applicationNumber,
          label: (
            <span>
              {c.committerName} · {c.itemName} · {formatDate(c.signedAt)}
            </span>
          ),
          children: (
            <>
              <p className="muted">
                办件编号 <span className="number">{c.applicationNumber}</span>
              </p>
              <pre className="letter">{c.text}</pre>
              <p className="report-link">
                发现承诺内容与实际不符？
                <Link to={`/report?reference=${encodeURIComponent(c.applicationNumber)}`}>
                  举报<span className="visually-hidden">办件 {c.applicationNumber} 的承诺</span>
                </Link>
              </p>
            </>
          ),
        }))}
      />
      <Pagination
        current={page}
        pageSize={PAGE_SIZE}
        // The endpoint does not count; another page is offered while this one is full.
        total={(page - 1) * PAGE_SIZE + items.length + (items.length === PAGE_SIZE ? 1 : 0)}
        hideOnSinglePage
        showSizeChanger={false}
        onChange={setPage}
        style={{ marginTop: 12 }}
      />
    </>
  );
}

function Dishonesty() {
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['public-credit-records', page],
    queryFn: () =>
      api.get<Page<PublicCreditRecord>>('/api/public/credit/records', { page, pageSize: PAGE_SIZE }),
  });
  if (q.error) return <ErrorNotice error={q.error} />;
  return (
    <>
      <p className="muted">公示期内的失信记录。公示期满自动停止公示；信用修复后不再公示。</p>
      <ScrollRegion label="失信记录列表">
        <Table
          rowKey={(r) => `${r.subjectCode}-${r.kindLabel}-${r.decidedOn}-${r.summary}`}
          loading={q.isPending}
          dataSource={q.data?.items ?? []}
          locale={{ emptyText: '暂无公示的失信记录' }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: q.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
          }}
          columns={[
            { title: '主体名称', dataIndex: 'subjectName' },
            {
              title: '代码',
              dataIndex: 'subjectCode',
              render: (v: string) => <span className="number">{v}</span>,
            },
            {
              title: '类别',
              key: 'kind',
              render: (_: unknown, r: PublicCreditRecord) => (
                <>
                  <Tag color="red">{r.kindLabel}</Tag>
                  <Tag>{r.severityLabel}</Tag>
                  {r.underObjection ? <Tag color="orange">异议处理中</Tag> : null}
                </>
              ),
            },
            { title: '事由', dataIndex: 'summary' },
            { title: '认定机关', dataIndex: 'authority' },
            { title: '认定日期', dataIndex: 'decidedOn', render: formatDate },
            { title: '公示截止', dataIndex: 'publicityEnd', render: formatDate },
          ]}
        />
      </ScrollRegion>
    </>
  );
}

function Inspections() {
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['public-plans', page],
    queryFn: () => api.get<Page<PlanSummary>>('/api/public/inspections/plans', { page, pageSize: PAGE_SIZE }),
  });
  if (q.error) return <ErrorNotice error={q.error} />;
  return (
    <>
      <p className="muted">
        随机抽取检查对象、随机选派执法检查人员，抽查情况及查处结果及时向社会公开。每次抽取都可按公布的种子和名录复核。
      </p>
      <List
        className="item-list"
        loading={q.isPending}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: '暂无抽查计划' }}
        renderItem={(p) => (
          <List.Item>
            <div>
              <h3 className="item-name">
                <Link to={`/disclosure/plans/${p.id}`}>{p.name}</Link>
              </h3>
              <div className="muted">
                {p.departmentName} · 抽查期间 {formatDate(p.periodStart)} 至 {formatDate(p.periodEnd)} ·
                检查对象 {p.candidates} 个 · <Tag>{planStatusLabels[p.status] ?? '—'}</Tag>
              </div>
            </div>
          </List.Item>
        )}
      />
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

const tabs = ['commitments', 'dishonesty', 'inspections'] as const;

export default function DisclosurePage() {
  const [params, setParams] = useSearchParams();
  const tab = tabs.find((t) => t === params.get('tab')) ?? 'commitments';
  return (
    <>
      <h1 className="page-title">信息公示</h1>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k })}
        items={[
          { key: 'commitments', label: '信用承诺', children: <Commitments /> },
          { key: 'dishonesty', label: '失信记录', children: <Dishonesty /> },
          { key: 'inspections', label: '双随机抽查', children: <Inspections /> },
        ]}
      />
    </>
  );
}
