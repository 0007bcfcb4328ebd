import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Table, Tag } from 'antd';
import { useState } from 'react';
import { approvalModeLabels, commitmentModes } from '../../../contracts/catalog';
import { creditSubjectKindLabels, positiveRecordKinds } from '../../../contracts/credit';
import { api } from '../../api/client';
import type { CheckView, CreditMe, ObjectionView, RepairView } from '../../api/types';
import { RequireLogin } from '../../app/RequireLogin';
import { useToday } from '../../app/session';
import { ErrorNotice, showFieldErrors } from '../../components/ErrorNotice';
import { Loading } from '../../components/Loading';
import { formatDate, formatDateTime } from '../../lib/format';
import { IdentityNotice, useCreditMe } from './identity';

type Record = CreditMe['records'][number];
type Ask = { kind: 'objection' | 'repair'; record: Record } | null;

const positive = (r: Record) => (positiveRecordKinds as readonly string[]).includes(r.kind);

/** Which modes the last check allows and, for each one it does not, why. */
function Standing({ checkId }: { checkId: string }) {
  const q = useQuery({
    queryKey: ['credit-check', checkId],
    queryFn: () => api.get<CheckView>(`/api/credit/checks/${checkId}`),
  });
  if (!q.data) return q.isPending ? <Loading /> : <ErrorNotice error={q.error} />;
  const c = q.data;
  const allowed = new Set<string>(c.allowedModes);
  const reasons = c.reasons.filter((r) => r.effect !== 'eligible');
  return (
    <>
      <Alert
        type={c.outcome === 'eligible' ? 'success' : c.outcome === 'conditional' ? 'warning' : 'error'}
        showIcon
        title={`最近一次信用核查（${formatDateTime(c.checkedAt)}）：${c.outcomeLabel}`}
        description={`依据：${c.policy.name}（第 ${c.policy.version} 版）`}
      />
      {reasons.length ? (
        <>
          <h3 style={{ marginTop: 12 }}>核查理由</h3>
          <ul className="reasons">
            {reasons.map((r) => (
              <li key={r.rule + r.message}>
                {r.message}
                {r.effect === 'waived' ? (
                  <Tag color="green" style={{ marginLeft: 6 }}>
                    已豁免
                  </Tag>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3 style={{ marginTop: 12 }}>可选的办理模式</h3>
      <ul className="mode-list">
        {[...commitmentModes, 'missing_materials' as const].map((m) => (
          <li key={m}>
            {allowed.has(m) ? <Tag color="green">可以选择</Tag> : <Tag color="default">不可选择</Tag>}
            {approvalModeLabels[m]}
            {allowed.has(m)
              ? ''
              : c.outcome === 'eligible'
                ? '：核查所涉事项未开通此模式'
                : '：信用核查结果不允许（理由见上）'}
          </li>
        ))}
        <li>
          <Tag color="green">可以选择</Tag>一般程序：任何情况下都可以选择
        </li>
      </ul>
      <p className="muted small">每次申请都重新核查；可选模式还取决于所办事项开通了哪些模式。</p>
    </>
  );
}

function AskModal({ ask, onClose }: { ask: Ask; onClose: () => void }) {
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!ask) return null;
  const objection = ask.kind === 'objection';
  const submit = async (v: { reason?: string; evidence?: string; commitment?: string }) => {
    setBusy(true);
    setError(null);
    try {
      if (objection) {
        const r = await api.post<ObjectionView>('/api/credit/objections', {
          recordId: ask.record.id,
          reason: v.reason,
          ...(v.evidence ? { evidence: v.evidence } : {}),
        });
        setDone(
          `异议已提交，信用主管部门将在 ${formatDate(r.dueOn)} 前处理，处理期间该记录标注“异议处理中”。`,
        );
      } else {
        const r = await api.post<RepairView>('/api/credit/repair-requests', {
          recordId: ask.record.id,
          evidence: v.evidence,
          commitment: v.commitment,
        });
        setDone(
          `信用修复申请已提交，信用主管部门将在 ${formatDate(r.dueOn)} 前作出决定，结果通过消息通知您。`,
        );
      }
      qc.invalidateQueries({ queryKey: ['credit-me'] });
    } catch (e) {
      if (!showFieldErrors(form, e)) setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={objection ? '对信用记录提出异议' : '申请信用修复'}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      <p>
        记录：{ask.record.kindLabel} · {ask.record.summary}（{ask.record.authority}，
        {formatDate(ask.record.decidedOn)}）
      </p>
      {done ? (
        <>
          <Alert type="success" showIcon title={done} />
          <Button style={{ marginTop: 12 }} onClick={onClose}>
            关闭
          </Button>
        </>
      ) : (
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <ErrorNotice error={error} />
          {objection ? (
            <>
              <Form.Item
                label="异议理由"
                name="reason"
                rules={[{ required: true, message: '请写明异议理由' }]}
              >
                <Input.TextArea rows={3} maxLength={4000} />
              </Form.Item>
              <Form.Item label="证明材料说明（选填）" name="evidence">
                <Input.TextArea rows={2} maxLength={4000} />
              </Form.Item>
            </>
          ) : (
            <>
              <Form.Item
                label="已履行义务、纠正失信行为的证明"
                name="evidence"
                rules={[{ required: true, message: '请说明已纠正失信行为的证明' }]}
              >
                <Input.TextArea rows={3} maxLength={4000} />
              </Form.Item>
              <Form.Item
                label="信用修复承诺"
                name="commitment"
                initialValue="本单位（本人）承诺已纠正失信行为，今后依法诚信经营，如有违反，愿意承担相应责任。"
                rules={[{ required: true, message: '请填写信用修复承诺' }]}
              >
                <Input.TextArea rows={3} maxLength={4000} />
              </Form.Item>
            </>
          )}
          <Button type="primary" htmlType="submit" loading={busy}>
            提交
          </Button>
        </Form>
      )}
    </Modal>
  );
}

function Credit() {
  const today = useToday();
  const [ask, setAsk] = useState<Ask>(null);
  const { identity, proven, credit: q } = useCreditMe();
  if (identity.data && !proven)
    return (
      <>
        <h1 className="page-title">我的信用</h1>
        <IdentityNotice what="查看信用档案" />
      </>
    );
  if (identity.isPending || q.isPending) return <Loading />;
  if (!q.data) return <ErrorNotice error={q.error} />;
  const { subject, records, checks } = q.data;
  const repairable = (r: Record) =>
    !positive(r) &&
    r.status === 'active' &&
    r.penaltyFulfilled !== false &&
    (!r.earliestRepairOn || r.earliestRepairOn <= today);
  return (
    <>
      <h1 className="page-title">我的信用</h1>
      {subject ? (
        <p>
          {subject.name}（{creditSubjectKindLabels[subject.kind]}，{subject.code}）
        </p>
      ) : null}
      <section className="guide-section" aria-labelledby="s-standing">
        <h2 id="s-standing">信用状况与可选办理模式</h2>
        {checks[0] ? (
          <Standing checkId={checks[0].id} />
        ) : (
          <p>尚未进行信用核查。开始申请时系统会自动核查，并告诉您可以选择哪些办理模式及原因。</p>
        )}
      </section>
      <section className="guide-section" aria-labelledby="s-records">
        <h2 id="s-records">信用记录</h2>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={records}
          locale={{ emptyText: '没有信用记录' }}
          columns={[
            {
              title: '类别',
              key: 'kind',
              render: (_: unknown, r: Record) => (
                <>
                  <Tag color={positive(r) ? 'green' : 'red'}>{r.kindLabel}</Tag>
                  {positive(r) ? null : <Tag>{r.severityLabel}</Tag>}
                </>
              ),
            },
            { title: '事由', dataIndex: 'summary' },
            { title: '认定机关', dataIndex: 'authority' },
            { title: '认定日期', dataIndex: 'decidedOn', render: formatDate },
            {
              title: '状态',
              key: 'status',
              render: (_: unknown, r: Record) => (
                <>
                  {r.statusLabel}
                  {r.underObjection ? <Tag color="orange">异议处理中</Tag> : null}
                  {r.penaltyFulfilled === false ? <Tag color="red">处罚未履行</Tag> : null}
                  {r.published && r.publicityEnd ? (
                    <div className="small muted">公示至 {formatDate(r.publicityEnd)}</div>
                  ) : null}
                </>
              ),
            },
            {
              title: '操作',
              key: 'act',
              render: (_: unknown, r: Record) =>
                positive(r) || r.status !== 'active' ? (
                  '—'
                ) : (
                  <div className="tag-row">
                    <Button
                      size="small"
                      disabled={r.underObjection}
                      onClick={() => setAsk({ kind: 'objection', record: r })}
                    >
                      提出异议
                    </Button>
                    <Button
                      size="small"
                      disabled={!repairable(r)}
                      onClick={() => setAsk({ kind: 'repair', record: r })}
                    >
                      申请信用修复
                    </Button>
                    {!repairable(r) ? (
                      <div className="small muted">
                        {r.penaltyFulfilled === false
                          ? '处罚履行完毕后可申请修复'
                          : r.earliestRepairOn
                            ? `${formatDate(r.earliestRepairOn)} 起可申请修复`
                            : ''}
                      </div>
                    ) : null}
                  </div>
                ),
            },
          ]}
        />
      </section>
      <AskModal key={ask?.record.id ?? 'none'} ask={ask} onClose={() => setAsk(null)} />
    </>
  );
}

export default function CreditPage() {
  return (
    <RequireLogin applicant>
      <Credit />
    </RequireLogin>
  );
}
