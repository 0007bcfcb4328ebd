import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { sm3 } from 'sm-crypto-v2';
import { inspectionSubjectKindLabels } from '../../../contracts/inspection';
import { replayPublishedPlan } from '../../../domain/inspection-replay';
import { api } from '../../api/client';
import type { PublicPlan, VerifyDrawResult } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Loading';
import { ScrollRegion } from '../../components/ScrollRegion';
import { formatDate, formatDateTime } from '../../lib/format';

type Draw = PublicPlan['draws'][number];
type Check = { label: string; ok: boolean; note?: string };

/**
 * Re-runs a published draw here, in the reader's browser, with the same code the server drew with
 * (src/domain/inspection-draw.ts, via inspection-replay.ts) and only what the plan publishes.
 */
function recheckInBrowser(plan: PublicPlan, draw: Draw): Check[] {
  const checks: Check[] = [
    { label: '公开的种子与抽取前公布的种子哈希一致', ok: sm3(draw.seed) === draw.seedHash },
  ];
  try {
    const replay = replayPublishedPlan(plan);
    if (replay.entryProblems.length) {
      checks.push({
        label: '检查对象名录的承诺值与公布的代码、信用等级一致',
        ok: false,
        note: replay.entryProblems.join('；'),
      });
    }
    const d = replay.draws.find((x) => x.round === draw.round);
    if (!d?.replayed) {
      checks.push({
        label: '按公布的输入重新抽取',
        ok: false,
        note: '这次抽取的名录含自然人，公开的身份号码已脱敏，完整名录须向实施部门取得',
      });
    } else {
      checks.push({
        label: '检查对象名录和检查人员名录的哈希一致',
        ok: !d.problems.some((p) => p.includes('哈希')),
      });
      checks.push({
        label: `抽中的 ${d.selected} 个对象及选派的检查人员与公布的一致`,
        ok: d.matches,
        ...(d.problems.length ? { note: d.problems.join('；') } : {}),
      });
    }
  } catch (e) {
    checks.push({
      label: '按公布的输入重新抽取',
      ok: false,
      note: e instanceof Error ? e.message : '无法抽取',
    });
  }
  return checks;
}

function DrawBlock({ plan, draw }: { plan: PublicPlan; draw: Draw }) {
  const [local, setLocal] = useState<Check[] | null>(null);
  const [server, setServer] = useState<VerifyDrawResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const recheck = async () => {
    setBusy(true);
    setError(null);
    setLocal(recheckInBrowser(plan, draw));
    try {
      setServer(await api.post<VerifyDrawResult>(`/api/public/inspections/draws/${draw.id}/verify`));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const allOk = local?.every((c) => c.ok || c.note);
  return (
    <section className="guide-section" aria-label={`第${draw.round}次抽取`}>
      <h2>
        第 {draw.round} 次抽取{draw.current ? <Tag color="green">现行结果</Tag> : <Tag>已被重新抽取替代</Tag>}
      </h2>
      {draw.reason ? <p>重新抽取理由：{draw.reason}</p> : null}
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          { key: 'at', label: '抽取时间', children: formatDateTime(draw.drawnAt) },
          { key: 'alg', label: '抽取算法', children: <span className="number">{draw.algorithm}</span> },
          { key: 'seed', label: '随机种子', children: <span className="number wrap">{draw.seed}</span> },
          {
            key: 'sh',
            label: '事先公布的种子哈希',
            children: <span className="number wrap">{draw.seedHash}</span>,
          },
          {
            key: 'sl',
            label: '检查对象名录哈希',
            children: (
              <span className="number wrap">{draw.subjectListHash ?? '（名录含自然人，不公开）'}</span>
            ),
          },
          {
            key: 'il',
            label: '检查人员名录哈希',
            children: <span className="number wrap">{draw.inspectorListHash}</span>,
          },
          {
            key: 'strata',
            label: '各等级抽取数',
            children: draw.strata
              .map((s) => `${s.grade}级：${s.candidates} 个中抽 ${s.selected} 个（${s.ratioBp / 100}%）`)
              .join('；'),
          },
          {
            key: 'pub',
            label: '结果公示期限',
            children: (
              <>
                {formatDate(draw.publishDeadline)}
                {draw.overdue ? <Tag color="red">已逾期</Tag> : null}
                {draw.unpublished ? `（尚有 ${draw.unpublished} 个未公示）` : ''}
              </>
            ),
          },
        ]}
      />
      <h3 style={{ marginTop: 16 }}>抽取结果</h3>
      <ScrollRegion label="抽取结果列表">
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={[...draw.selections].sort((a, b) => a.position - b.position)}
          columns={[
            { title: '序号', dataIndex: 'position', render: (p: number) => p + 1 },
            { title: '检查对象', dataIndex: 'subjectName' },
            {
              title: '主体类别',
              dataIndex: 'subjectKind',
              render: (k: string) =>
                inspectionSubjectKindLabels[k as keyof typeof inspectionSubjectKindLabels] ?? '—',
            },
            {
              title: '代码',
              dataIndex: 'subjectCode',
              render: (c: string) => <span className="number">{c}</span>,
            },
            { title: '信用等级', dataIndex: 'grade' },
            {
              title: '检查人员',
              key: 'inspectors',
              render: (_: unknown, s: Draw['selections'][number]) =>
                s.inspectors.map((i) => i.name).join('、'),
            },
            {
              title: '检查结果',
              key: 'outcome',
              render: (_: unknown, s: Draw['selections'][number]) =>
                s.publishedAt ? `${s.outcomeLabel ?? ''}${s.summary ? `：${s.summary}` : ''}` : '待公示',
            },
          ]}
        />
      </ScrollRegion>
      <div style={{ marginTop: 12 }}>
        <Button type="primary" onClick={recheck} loading={busy}>
          在本机复核这次抽取
        </Button>
      </div>
      {local ? (
        <div className="recheck" aria-live="polite">
          <Alert
            style={{ marginTop: 12 }}
            type={allOk ? 'success' : 'error'}
            showIcon
            title={allOk ? '浏览器复核通过：按公布的输入重新抽取，结果与公布的一致' : '浏览器复核发现不一致'}
            description={
              <ul className="check-list">
                {local.map((c) => (
                  <li key={c.label}>
                    {c.ok ? '✓' : c.note ? '—' : '✗'} {c.label}
                    {c.note ? `（${c.note}）` : ''}
                  </li>
                ))}
              </ul>
            }
          />
          {server ? (
            <Alert
              style={{ marginTop: 12 }}
              type={server.matches ? 'success' : 'error'}
              showIcon
              title={server.matches ? '平台复核通过：与公布的抽取结果一致' : '平台复核发现不一致'}
              description={server.problems.length ? server.problems.join('；') : undefined}
            />
          ) : null}
          <ErrorNotice error={error} />
        </div>
      ) : null}
    </section>
  );
}

export default function PlanPage() {
  const { id = '' } = useParams();
  const q = useQuery({
    queryKey: ['public-plan', id],
    queryFn: () => api.get<PublicPlan>(`/api/public/inspections/plans/${encodeURIComponent(id)}`),
  });
  if (q.isPending) return <Loading />;
  if (!q.data) return <ErrorNotice error={q.error} />;
  const plan = q.data;
  const draws = [...plan.draws].sort((a, b) => b.round - a.round);
  return (
    <>
      <nav aria-label="位置" className="muted" style={{ marginBottom: 8 }}>
        <Link to="/">首页</Link> › <Link to="/disclosure?tab=inspections">双随机抽查</Link> › {plan.name}
      </nav>
      <h1 className="page-title">{plan.name}</h1>
      <section className="guide-section" aria-labelledby="p-basic">
        <h2 id="p-basic">抽查计划</h2>
        <dl className="kv">
          <dt>实施部门</dt>
          <dd>{plan.departmentName}</dd>
          <dt>抽查期间</dt>
          <dd>
            {formatDate(plan.periodStart)} 至 {formatDate(plan.periodEnd)}
          </dd>
          <dt>抽查比例</dt>
          <dd>
            {Object.entries(plan.ratios)
              .map(([g, p]) => `${g}级 ${p}%`)
              .join('；')}
          </dd>
          <dt>每个对象检查人员</dt>
          <dd>{plan.inspectorsPerInspection} 名</dd>
          <dt>检查对象名录</dt>
          <dd>{plan.candidates.length} 个</dd>
          <dt>检查人员名录</dt>
          <dd>{plan.inspectors.map((i) => i.name).join('、')}</dd>
          <dt>申报的利益冲突</dt>
          <dd>{plan.conflicts.length} 项（检查人员不得检查与其有利益冲突的对象）</dd>
          {plan.draws.length === 0 ? (
            <>
              <dt>下次抽取种子哈希</dt>
              <dd className="number wrap">{plan.nextSeedHash}</dd>
            </>
          ) : null}
        </dl>
      </section>
      {draws.length === 0 ? <p>尚未抽取。抽取所用种子的哈希已事先公布（见上），抽取时公开种子。</p> : null}
      {draws.map((d) => (
        <DrawBlock key={d.id} plan={plan} draw={d} />
      ))}
    </>
  );
}
