import { useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, Radio, Select, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { creditSubjectKindLabels } from '../../../contracts/credit';
import { mandateScopeLabels, mandateScopes } from '../../../contracts/identity';
import { api } from '../../api/client';
import type { GrantMandate, Mandate } from '../../api/types';
import { RequireLogin } from '../../app/RequireLogin';
import { useMe, useToday } from '../../app/session';
import { Copyable } from '../../components/Copyable';
import { ErrorNotice, showFieldErrors } from '../../components/ErrorNotice';
import { Loading } from '../../components/Loading';
import { formatDate, formatDateTime } from '../../lib/format';
import { IdentityNotice, useIdentity, useItemNames, useMandates } from './identity';

const statusColors: Record<Mandate['status'], string> = {
  active: 'green',
  revoked: 'default',
  expired: 'orange',
};

/** What a mandate covers, in words. */
export function scopeText(m: Mandate, nameOf: (code: string) => string): string {
  return m.scope === 'all' ? '全部可代办事项' : m.itemCodes.map(nameOf).join('、');
}

function MandateCard({
  m,
  side,
  nameOf,
}: {
  m: Mandate;
  side: 'granted' | 'received';
  nameOf: (c: string) => string;
}) {
  const qc = useQueryClient();
  const { modal, message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const revoke = () =>
    modal.confirm({
      title: `撤销对${m.agentName}的委托？`,
      content: `撤销后，${m.agentName}不能再以${m.principalName}的名义办理新的申请（委托编号 ${m.number}）；已经提交或办结的办件不受影响。撤销后不能恢复，如需再委托请重新授权。`,
      okText: '确认撤销',
      okButtonProps: { danger: true },
      cancelText: '不撤销',
      onOk: async () => {
        setError(null);
        try {
          await api.post(`/api/mandates/${m.id}/revoke`, { version: m.version });
          message.success('委托已撤销');
        } catch (e) {
          setError(e);
        }
        await qc.invalidateQueries({ queryKey: ['mandates'] });
      },
    });
  return (
    <li className="card mandate-card">
      <div className="mandate-head">
        <strong>
          {side === 'granted'
            ? `受托人：${m.agentName}（${m.agentIdMasked}）`
            : `委托人：${m.principalName}（${creditSubjectKindLabels[m.principalKind as keyof typeof creditSubjectKindLabels] ?? '申请人'}）`}
        </strong>
        <Tag color={statusColors[m.status]}>{m.statusLabel}</Tag>
      </div>
      <dl className="kv">
        <dt>委托编号</dt>
        <dd>
          <Copyable value={m.number} label="委托编号" />
        </dd>
        {side === 'received' ? (
          <>
            <dt>委托人代码</dt>
            <dd className="number">{m.principalCode}</dd>
          </>
        ) : null}
        <dt>委托范围</dt>
        <dd>
          {m.scopeLabel}
          {m.scope === 'items' ? `：${scopeText(m, nameOf)}` : ''}
        </dd>
        <dt>有效期至</dt>
        <dd>{formatDate(m.expiresOn)}</dd>
        <dt>委托方式</dt>
        <dd>
          {m.sourceLabel}（{formatDateTime(m.createdAt)}）
        </dd>
      </dl>
      <ErrorNotice error={error} />
      {m.status === 'active' ? (
        side === 'granted' ? (
          <Button danger onClick={revoke}>
            撤销委托
          </Button>
        ) : (
          <Link to={`/portal/apply?mandate=${m.id}`}>代{m.principalName}办事 ›</Link>
        )
      ) : null}
    </li>
  );
}

type GrantForm = Omit<GrantMandate, 'expiresOn'> & { expiresOn: Dayjs };

function GrantCard({ onGranted }: { onGranted: () => void }) {
  const [form] = Form.useForm<GrantForm>();
  const today = useToday();
  const { items } = useItemNames();
  const scope = Form.useWatch('scope', form) ?? 'items';
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const submit = async (v: GrantForm) => {
    setError(null);
    setBusy(true);
    try {
      const body: GrantMandate = {
        agentName: v.agentName.trim(),
        agentResidentId: v.agentResidentId.trim().toUpperCase(),
        scope: v.scope,
        ...(v.scope === 'items' ? { itemCodes: v.itemCodes ?? [] } : {}),
        expiresOn: v.expiresOn.format('YYYY-MM-DD'),
      };
      const m = await api.post<Mandate>('/api/mandates', body);
      message.success(`已授权，委托编号 ${m.number}`);
      form.resetFields();
      onGranted();
    } catch (e) {
      if (!showFieldErrors(form, e)) setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="grant-title">
      <h2 id="grant-title">授权他人代为办理</h2>
      <p className="muted small">
        受托人（代理人）凭本授权以您的名义在线申请、签署承诺。只委托需要的事项，期限不宜过长；可以随时撤销。
      </p>
      <ErrorNotice error={error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={{ scope: 'items', expiresOn: dayjs(today).add(3, 'month') }}
      >
        <Form.Item
          label="受托人姓名"
          name="agentName"
          rules={[{ required: true, min: 2, message: '请填写受托人姓名' }]}
        >
          <Input maxLength={50} autoComplete="off" />
        </Form.Item>
        <Form.Item
          label="受托人公民身份号码"
          name="agentResidentId"
          rules={[{ required: true, len: 18, message: '请填写18位公民身份号码' }]}
        >
          <Input maxLength={18} autoComplete="off" />
        </Form.Item>
        <Form.Item label="委托范围" name="scope">
          <Radio.Group options={mandateScopes.map((s) => ({ value: s, label: mandateScopeLabels[s] }))} />
        </Form.Item>
        {scope === 'items' ? (
          <Form.Item
            label="委托办理的事项"
            name="itemCodes"
            rules={[{ required: true, type: 'array', min: 1, message: '请选择至少一个事项' }]}
          >
            <Select
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="输入名称查找"
              options={items.map((i) => ({ value: i.code, label: i.name }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item label="有效期至" name="expiresOn" rules={[{ required: true, message: '请选择有效期' }]}>
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(d) => d.isBefore(dayjs(today), 'day')}
            allowClear={false}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          确认授权
        </Button>
      </Form>
    </section>
  );
}

function Mandates() {
  const me = useMe().data!;
  const identity = useIdentity();
  const qc = useQueryClient();
  const proven = identity.data?.proven ?? false;
  const q = useMandates(proven);
  const { nameOf } = useItemNames();
  // An agent account acts for others only; enterprises and persons may also grant.
  const grants = me.applicantType !== 'agent';
  return (
    <>
      <h1 className="page-title">我的委托</h1>
      <IdentityNotice what="授权委托或代为办理" />
      {grants && proven ? (
        <GrantCard onGranted={() => qc.invalidateQueries({ queryKey: ['mandates'] })} />
      ) : null}
      {!proven ? null : q.isPending ? <Loading /> : <ErrorNotice error={q.error} />}
      {proven && q.data ? (
        <>
          {grants ? (
            <MandateSection
              side="granted"
              title="我授予他人的委托"
              list={q.data.granted}
              nameOf={nameOf}
              empty="还没有授权他人代为办理。"
            />
          ) : null}
          {/* Only a person can be an agent (a mandate names the agent by resident ID). */}
          {me.applicantType === 'enterprise' ? null : (
            <MandateSection
              side="received"
              title="他人授予我的委托"
              list={q.data.received}
              nameOf={nameOf}
              empty="没有他人授予您的委托。请委托人登录本平台在“我的委托”中在线授权，或与您一起持纸质授权委托书到政务服务中心综合受理窗口核验。"
            />
          )}
        </>
      ) : null}
    </>
  );
}

function MandateSection({
  side,
  title,
  list,
  nameOf,
  empty,
}: {
  side: 'granted' | 'received';
  title: string;
  list: Mandate[];
  nameOf: (code: string) => string;
  empty: string;
}) {
  return (
    <section aria-labelledby={`${side}-title`}>
      <h2 className="section-title" id={`${side}-title`}>
        {title}
      </h2>
      {list.length ? (
        <ul className="plain-list">
          {list.map((m) => (
            <MandateCard key={m.id} m={m} side={side} nameOf={nameOf} />
          ))}
        </ul>
      ) : (
        <p className="muted">{empty}</p>
      )}
    </section>
  );
}

export default function MandatesPage() {
  return (
    <RequireLogin applicant>
      <Mandates />
    </RequireLogin>
  );
}
