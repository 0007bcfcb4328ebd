import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Empty, Form, Input, Modal, Tag } from 'antd';
import { useState } from 'react';
import type { ReportState } from '../../../contracts/reports';
import { api } from '../../api/client';
import type { ReportView } from '../../api/types';
import { RequireLogin } from '../../app/RequireLogin';
import { useMe } from '../../app/session';
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

/** 不予核查: a repeated or abusive report, closed with a reason the reporter will read. */
function CloseReport({ report, onClose }: { report: ReportView; onClose: () => void }) {
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const close = useMutation({
    mutationFn: (reason: string) => api.post(`/api/reports/${report.id}/close`, { reason }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['reports'] });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={`不予核查：回执号 ${report.receiptNumber}`}
      okText="确认不予核查并办结"
      okButtonProps={{ loading: close.isPending }}
      cancelText="取消"
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <p>办结后核查任务随之终止，不能恢复；举报人凭回执号将看到“不予核查，已办结”和下面的理由。</p>
      <ErrorNotice error={close.error} />
      <Form form={form} layout="vertical" onFinish={(v) => close.mutate(v.reason.trim())}>
        <Form.Item
          label="不予核查的理由"
          name="reason"
          rules={[{ required: true, min: 4, message: '请写明理由（至少4个字），如重复举报、恶意举报' }]}
        >
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ReportCard({ r, onClose }: { r: ReportView; onClose: (r: ReportView) => void }) {
  return (
    <li className="card">
      <h2 className="report-title">
        {r.itemName} · {r.subjectName} <Tag color={stateColors[r.state]}>{r.stateLabel}</Tag>
      </h2>
      <dl className="report-facts">
        <dt>回执号</dt>
        <dd>
          <Copyable value={r.receiptNumber} label="回执号" />
        </dd>
        <dt>办件编号</dt>
        <dd>
          <Copyable value={r.applicationNumber} label="办件编号" />
        </dd>
        <dt>举报时间</dt>
        <dd>{formatDateTime(r.createdAt)}</dd>
        <dt>核查期限</dt>
        <dd>{formatDate(r.dueDate)}</dd>
        <dt>举报内容</dt>
        <dd className="wrap">{r.content}</dd>
        <dt>举报人联系方式</dt>
        <dd>
          {r.contact
            ? [r.contact.name, r.contact.phone, r.contact.email].filter(Boolean).join('，')
            : '匿名（未留联系方式）'}
          <div className="muted small">仅本部门可见，不得向被举报人或其他任何人透露。</div>
        </dd>
        <dt>证据材料</dt>
        <dd>
          {r.evidenceFileIds.length
            ? r.evidenceFileIds.map((f, i) => (
                <a key={f} href={`/api/reports/${r.id}/files/${f}`} style={{ marginRight: 12 }}>
                  下载证据{i + 1}
                </a>
              ))
            : '无'}
        </dd>
        {r.closedReason ? (
          <>
            <dt>不予核查理由</dt>
            <dd>{r.closedReason}</dd>
          </>
        ) : null}
      </dl>
      {r.state === 'verifying' ? (
        <Button className="danger-outline" onClick={() => onClose(r)}>
          不予核查…
        </Button>
      ) : null}
    </li>
  );
}

/**
 * The supervising department's reports (社会监督): each one is a targeted verification task, handled in the
 * verification work; here the department reads what came in, with the reporter's contact, and closes a
 * repeated or abusive one.
 */
function Reports() {
  const me = useMe().data!;
  const [closing, setClosing] = useState<ReportView | null>(null);
  const q = useQuery({
    queryKey: ['reports'],
    queryFn: () => api.get<{ items: ReportView[] }>('/api/reports'),
    enabled: me.roles.includes('supervision_admin'),
  });
  if (!me.roles.includes('supervision_admin'))
    return <Empty description="举报由承担监管职责部门的监管管理员处理" />;
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorNotice error={q.error} />;
  const items = q.data.items;
  return (
    <>
      <p className="muted">
        公众对本部门监管事项的举报。每件举报已生成定向核查任务（现场核查），按核查任务办理；核查结论即举报的办理结果。
      </p>
      {items.length === 0 ? <Empty description="暂无举报" /> : null}
      <ul className="plain-list">
        {items.map((r) => (
          <ReportCard key={r.id} r={r} onClose={setClosing} />
        ))}
      </ul>
      {closing ? <CloseReport report={closing} onClose={() => setClosing(null)} /> : null}
    </>
  );
}

export default function ReportsPage() {
  return (
    <RequireLogin applicant={false}>
      <h1 className="page-title">举报处理</h1>
      <Reports />
    </RequireLogin>
  );
}
