import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Empty, Form, Input, Modal, Radio, Tabs, Tag } from 'antd';
import { useState } from 'react';
import {
  type AssistanceStatus,
  assistanceFindingLabels,
  assistanceFindings,
} from '../../../contracts/assistance';
import { api } from '../../api/client';
import type { AssistanceAnswer, AssistanceList, AssistanceView, FileView } from '../../api/types';
import { RequireLogin } from '../../app/RequireLogin';
import { Copyable } from '../../components/Copyable';
import { DaysLeft } from '../../components/DaysLeft';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FileUpload } from '../../components/FileUpload';
import { Loading } from '../../components/Loading';
import { Pager } from '../../components/Pager';
import { formatDate, formatDateTime } from '../../lib/format';

const statusColors: Record<AssistanceStatus, string> = { open: 'processing', answered: 'success' };

/** 答复: the finding, what was found, and the evidence, sent back to the requesting department. */
function AnswerForm({ request, onClose }: { request: AssistanceView; onClose: () => void }) {
  const qc = useQueryClient();
  const [form] = Form.useForm<{ finding: AssistanceAnswer['finding']; answer: string }>();
  const [evidence, setEvidence] = useState<FileView | null>(null);
  const send = useMutation({
    mutationFn: (body: AssistanceAnswer) => api.post(`/api/assistance/${request.id}/answer`, body),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['assistance'] });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={`答复协助核查：${request.subjectName}`}
      okText="发送答复"
      cancelText="取消"
      okButtonProps={{ loading: send.isPending }}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <p>答复发送给{request.requestingDepartmentName}，发送后不能修改；对方的核查任务将据此办结。</p>
      <p className="muted">需协助核实的事项：{request.question}</p>
      <ErrorNotice error={send.error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          send.mutate({
            finding: v.finding,
            answer: v.answer.trim(),
            evidenceFileIds: evidence ? [evidence.id] : [],
          })
        }
      >
        <Form.Item label="核实结论" name="finding" rules={[{ required: true, message: '请选择核实结论' }]}>
          <Radio.Group
            options={assistanceFindings.map((f) => ({ value: f, label: assistanceFindingLabels[f] }))}
          />
        </Form.Item>
        <Form.Item
          label="核实情况"
          name="answer"
          rules={[{ required: true, min: 2, message: '请写明核实情况' }]}
        >
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
        <div className="field-block">
          <div className="field-label">证据材料（可选）</div>
          <FileUpload label="证据材料" value={evidence} onChange={setEvidence} />
        </div>
      </Form>
    </Modal>
  );
}

function RequestCard({
  r,
  incoming,
  onAnswer,
}: {
  r: AssistanceView;
  incoming: boolean;
  onAnswer: (r: AssistanceView) => void;
}) {
  return (
    <li className="card">
      <h2 className="report-title">
        {r.subjectName} <Tag color={statusColors[r.status]}>{r.statusLabel}</Tag>
      </h2>
      <dl className="report-facts">
        <dt>{incoming ? '请求部门' : '协助部门'}</dt>
        <dd>
          {incoming ? r.requestingDepartmentName : r.helperDepartmentName}
          {r.channel === 'push' ? '（经推送通道，外地系统）' : ''}
        </dd>
        <dt>核查对象</dt>
        <dd>
          {r.subjectName}（<Copyable value={r.subjectCode} label="统一社会信用代码或证件号" />）
        </dd>
        <dt>需核实的事项</dt>
        <dd className="wrap">{r.question}</dd>
        <dt>请求人</dt>
        <dd>
          {r.requestedBy ?? '—'}，{formatDateTime(r.createdAt)}
        </dd>
        <dt>协助期限</dt>
        <dd>
          {r.status === 'open' ? <DaysLeft due={r.dueDate} label="" /> : formatDate(r.dueDate)}（
          {r.workingDays} 个工作日）
          {r.chasedAt ? <div className="muted small">已于 {formatDateTime(r.chasedAt)} 催办</div> : null}
        </dd>
        {r.status === 'answered' ? (
          <>
            <dt>核实结论</dt>
            <dd>
              <strong>{r.findingLabel}</strong>
            </dd>
            <dt>核实情况</dt>
            <dd className="wrap">{r.answer}</dd>
            <dt>答复人</dt>
            <dd>
              {r.answeredBy ?? '—'}，{formatDateTime(r.answeredAt)}
            </dd>
            <dt>证据材料</dt>
            <dd>{r.evidenceFileIds.length ? `${r.evidenceFileIds.length} 份，已附入核查任务` : '无'}</dd>
          </>
        ) : null}
      </dl>
      {incoming && r.status === 'open' ? (
        <Button type="primary" onClick={() => onAnswer(r)}>
          答复…
        </Button>
      ) : null}
    </li>
  );
}

const PAGE_SIZE = 20;

/** One side's requests, a page at a time. */
function Requests({
  direction,
  onAnswer,
}: {
  direction: 'incoming' | 'outgoing';
  onAnswer: (r: AssistanceView) => void;
}) {
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['assistance', direction, page],
    queryFn: () => api.get<AssistanceList>('/api/assistance', { direction, page, pageSize: PAGE_SIZE }),
  });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorNotice error={q.error} />;
  const { items, total } = q.data;
  const incoming = direction === 'incoming';
  if (total === 0)
    return <Empty description={incoming ? '暂无需要本部门协助的请求' : '本部门尚未请求协助'} />;
  return (
    <>
      <ul className="plain-list">
        {items.map((r) => (
          <RequestCard key={r.id} r={r} incoming={incoming} onAnswer={onAnswer} />
        ))}
      </ul>
      <Pager page={page} pageSize={PAGE_SIZE} total={total} onChange={setPage} />
    </>
  );
}

/**
 * 协助核查 (鄂尔多斯 004): what this department asked of others and what others asked of it. Requests are made
 * from a verification task; only the two departments concerned see them.
 */
function Assistance() {
  const [answering, setAnswering] = useState<AssistanceView | null>(null);
  return (
    <>
      <Tabs
        items={[
          {
            key: 'incoming',
            label: '请本部门协助',
            children: <Requests direction="incoming" onAnswer={setAnswering} />,
          },
          {
            key: 'outgoing',
            label: '本部门请求的协助',
            children: <Requests direction="outgoing" onAnswer={setAnswering} />,
          },
        ]}
      />
      {answering ? <AnswerForm request={answering} onClose={() => setAnswering(null)} /> : null}
    </>
  );
}

export default function AssistancePage() {
  return (
    <RequireLogin applicant={false}>
      <h1 className="page-title">协助核查</h1>
      <Assistance />
    </RequireLogin>
  );
}
