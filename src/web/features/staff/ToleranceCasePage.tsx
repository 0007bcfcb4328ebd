import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Radio, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  applicationEventLabels,
  applicationStatusLabels,
  materialStateLabels,
} from '../../../contracts/applications';
import { auditActionLabel } from '../../../contracts/audit';
import { type ApprovalMode, approvalModeLabels } from '../../../contracts/catalog';
import { type CreditOutcome, creditOutcomeLabels } from '../../../contracts/credit';
import {
  type ToleranceOutcome,
  type ToleranceSituation,
  toleranceOutcomeLabels,
  toleranceOutcomes,
  toleranceSituationLabels,
  toleranceSituations,
} from '../../../contracts/tolerance';
import { verificationEventLabels } from '../../../contracts/verification';
import { rolesMay } from '../../../domain/access';
import { api } from '../../api/client';
import type { ToleranceCase, ToleranceReview } from '../../api/types';
import { RequireLogin } from '../../app/RequireLogin';
import { useMe } from '../../app/session';
import { Copyable } from '../../components/Copyable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Loading';
import { ScrollRegion } from '../../components/ScrollRegion';
import { formatDateTime } from '../../lib/format';

const label = <T extends string>(labels: Record<T, string>, code: string | null) =>
  code === null ? '—' : (labels[code as T] ?? code);

const NO_SITUATION = 'none';

/**
 * The review (义马 section 五) is recorded once and told to the official: the form confirms before it sends,
 * saying so.
 */
function ReviewForm({ c }: { c: ToleranceCase }) {
  const qc = useQueryClient();
  const [form] = Form.useForm<{ situation: string; outcome: ToleranceOutcome; reasons: string }>();
  const [pending, setPending] = useState<ToleranceReview | null>(null);
  const review = useMutation({
    mutationFn: (body: ToleranceReview) => api.post(`/api/tolerance/cases/${c.taskId}/review`, body),
    onSuccess: async () => {
      setPending(null);
      await qc.invalidateQueries({ queryKey: ['tolerance-cases'] });
      await qc.invalidateQueries({ queryKey: ['tolerance-case', c.taskId] });
    },
  });
  return (
    <section className="card" aria-labelledby="review-title">
      <h2 className="section-title" id="review-title">
        登记复核结论
      </h2>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ situation: NO_SITUATION }}
        onFinish={(v) =>
          setPending({
            situation: v.situation === NO_SITUATION ? null : (v.situation as ToleranceSituation),
            outcome: v.outcome,
            reasons: v.reasons.trim(),
          })
        }
      >
        <Form.Item label="适用的容错情形" name="situation">
          <Select
            options={[
              { value: NO_SITUATION, label: '不适用任何容错情形' },
              ...toleranceSituations.map((s) => ({ value: s, label: toleranceSituationLabels[s] })),
            ]}
          />
        </Form.Item>
        <Form.Item label="复核结论" name="outcome" rules={[{ required: true, message: '请选择复核结论' }]}>
          <Radio.Group
            options={toleranceOutcomes.map((o) => ({ value: o, label: toleranceOutcomeLabels[o] }))}
          />
        </Form.Item>
        <Form.Item
          label="理由"
          name="reasons"
          rules={[{ required: true, min: 4, message: '请写明理由（至少4个字）' }]}
        >
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          登记复核结论…
        </Button>
      </Form>
      {pending ? (
        <Modal
          open
          title="确认登记复核结论"
          okText="确认登记"
          cancelText="取消"
          okButtonProps={{ loading: review.isPending }}
          onOk={() => review.mutate(pending)}
          onCancel={() => setPending(null)}
        >
          <p>
            结论：<strong>{toleranceOutcomeLabels[pending.outcome]}</strong>；情形：
            {pending.situation ? toleranceSituationLabels[pending.situation] : '不适用任何容错情形'}。
          </p>
          <p>每件案件只登记一次，登记后不能修改，并将通知{c.official ? c.official.name : '相关工作人员'}。</p>
          <ErrorNotice error={review.error} />
        </Modal>
      ) : null}
    </section>
  );
}

function CaseFile({ taskId }: { taskId: string }) {
  const me = useMe().data!;
  const q = useQuery({
    queryKey: ['tolerance-case', taskId],
    queryFn: () => api.get<ToleranceCase>(`/api/tolerance/cases/${taskId}`),
  });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorNotice error={q.error} />;
  const c = q.data;
  const reviewer = rolesMay(me.roles, 'tolerance.review');
  return (
    <>
      <h1 className="page-title">
        容错免责案卷：{c.itemName} · {c.subjectName}
      </h1>
      <p className="muted">
        案卷由系统记录的审计日志、办理和核查历史、信用核查快照、签署的承诺书生成，不经人工填写。
      </p>
      <section className="card" aria-labelledby="facts-title">
        <h2 className="section-title" id="facts-title">
          基本情况
        </h2>
        <dl className="report-facts">
          <dt>办件编号</dt>
          <dd>
            <Copyable value={c.applicationNumber} label="办件编号" />
          </dd>
          <dt>事项</dt>
          <dd>
            {c.itemName}（第 {c.itemVersion} 版）
          </dd>
          <dt>申请人</dt>
          <dd>
            {c.subjectName}（{c.subjectCode}）
          </dd>
          <dt>相关工作人员</dt>
          <dd>{c.official?.name ?? '—'}</dd>
          <dt>办理方式</dt>
          <dd>{label(approvalModeLabels, c.mode)}</dd>
          <dt>审批决定</dt>
          <dd>
            {c.decision
              ? `${label(applicationStatusLabels, c.decision.outcome)}${c.decision.instant ? '（即时办结）' : ''}，${formatDateTime(c.decision.decidedAt)}${c.decision.decidedBy && !c.decision.instant ? `，${c.decision.decidedBy}` : ''}`
              : '—'}
          </dd>
          <dt>撤销</dt>
          <dd>
            {formatDateTime(c.revocation.at)}
            {c.revocation.reason ? `：${c.revocation.reason}` : ''}
          </dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="procedure-title">
        <h2 className="section-title" id="procedure-title">
          程序检查
        </h2>
        <ul className="plain-list">
          {c.procedure.map((p) => (
            <li key={p.rule} className="check-row">
              {p.followed ? <Tag color="success">已履行</Tag> : <Tag color="error">未履行</Tag>}
              <strong>{p.rule}</strong>
              <div className="muted small">{p.detail}</div>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="credit-title">
        <h2 className="section-title" id="credit-title">
          办理时所见：信用核查
        </h2>
        <p>
          核查结果：{label(creditOutcomeLabels as Record<CreditOutcome, string>, c.creditCheck.outcome)}
          ；允许的办理方式：
          {c.creditCheck.allowedModes.map((m) => approvalModeLabels[m as ApprovalMode] ?? m).join('、') ||
            '无'}
        </p>
        {c.creditCheck.reasons.length ? (
          <ul>
            {c.creditCheck.reasons.map((r) => (
              <li key={r.rule}>{r.message}</li>
            ))}
          </ul>
        ) : (
          <p className="muted">无不良信用记录提示。</p>
        )}
      </section>

      <section className="card" aria-labelledby="commitment-title">
        <h2 className="section-title" id="commitment-title">
          告知承诺书
        </h2>
        {c.commitment ? (
          <>
            <p className="muted small break-all">
              签署于 {formatDateTime(c.commitment.signedAt)}；内容摘要（SM3）{c.commitment.digest}
            </p>
            <div className="letter wrap">{c.commitment.text}</div>
          </>
        ) : (
          <p>无承诺书。</p>
        )}
      </section>

      <section className="card" aria-labelledby="materials-title">
        <h2 className="section-title" id="materials-title">
          申请材料
        </h2>
        <ScrollRegion label="申请材料表">
          <Table
            size="small"
            pagination={false}
            rowKey="name"
            dataSource={c.materials}
            columns={[
              { title: '材料', dataIndex: 'name' },
              { title: '状态', dataIndex: 'state', render: (s: string) => label(materialStateLabels, s) },
              { title: '来源', dataIndex: 'source', render: (s: string | null) => s ?? '—' },
            ]}
          />
        </ScrollRegion>
      </section>

      <section className="card" aria-labelledby="steps-title">
        <h2 className="section-title" id="steps-title">
          审计记录（{c.steps.length} 条）
        </h2>
        <ScrollRegion label="审计记录表">
          <Table
            size="small"
            pagination={false}
            rowKey="auditId"
            dataSource={c.steps}
            columns={[
              { title: '审计编号', dataIndex: 'auditId' },
              { title: '时间', dataIndex: 'at', render: (v: string) => formatDateTime(v) },
              { title: '操作', dataIndex: 'action', render: (v: string) => auditActionLabel(v) },
              { title: '操作人', dataIndex: 'actorName', render: (v: string | null) => v ?? '系统' },
            ]}
          />
        </ScrollRegion>
      </section>

      <section className="card" aria-labelledby="history-title">
        <h2 className="section-title" id="history-title">
          办理与核查历史
        </h2>
        <ScrollRegion label="办理与核查历史表">
          <Table
            size="small"
            pagination={false}
            rowKey={(h) => `${h.source}-${h.at}-${h.event}`}
            dataSource={c.history}
            columns={[
              { title: '时间', dataIndex: 'at', render: (v: string) => formatDateTime(v) },
              {
                title: '环节',
                dataIndex: 'source',
                render: (v: string) => (v === 'verification' ? '核查' : '办理'),
              },
              {
                title: '事件',
                key: 'event',
                render: (_: unknown, h) =>
                  h.source === 'verification'
                    ? label(verificationEventLabels, h.event)
                    : label(applicationEventLabels, h.event),
              },
              { title: '操作人', dataIndex: 'actorName', render: (v: string | null) => v ?? '系统' },
            ]}
          />
        </ScrollRegion>
      </section>

      {c.review ? (
        <section className="card" aria-labelledby="outcome-title">
          <h2 className="section-title" id="outcome-title">
            复核结论：
            <Tag color={c.review.outcome === 'not_exempt' ? 'error' : 'success'}>{c.review.outcomeLabel}</Tag>
          </h2>
          <dl className="report-facts">
            <dt>适用情形</dt>
            <dd>{c.review.situationLabel ?? '不适用任何容错情形'}</dd>
            <dt>理由</dt>
            <dd className="wrap">{c.review.reasons}</dd>
            <dt>复核人</dt>
            <dd>{c.review.reviewerName ?? '—'}</dd>
            <dt>登记时间</dt>
            <dd>{formatDateTime(c.review.reviewedAt)}</dd>
          </dl>
        </section>
      ) : reviewer ? (
        <ReviewForm c={c} />
      ) : (
        <Alert type="info" showIcon title="尚未复核。复核结论登记后会通知您。" />
      )}
    </>
  );
}

export default function ToleranceCasePage() {
  const { taskId } = useParams();
  return (
    <RequireLogin applicant={false}>
      <p>
        <Link to="/workbench/tolerance">‹ 容错免责台账</Link>
      </p>
      <CaseFile taskId={taskId!} />
    </RequireLogin>
  );
}
