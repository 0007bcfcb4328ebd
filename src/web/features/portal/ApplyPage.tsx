import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Form, Input, Radio, Result, Select, Steps, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { type ApprovalMode, approvalModeLabels, commitmentModes } from '../../../contracts/catalog';
import { creditIncentiveLabels, creditRestrictionLabels } from '../../../contracts/credit';
import { approvalModeDescriptions } from '../../../contracts/web';
import { planMaterials } from '../../../domain/application-materials';
import { checkPin } from '../../../domain/commitment-signing';
import { api } from '../../api/client';
import type {
  ApplicationView,
  FileView,
  ItemSummary,
  Page,
  PublicItem,
  StartApplication,
  StartResult,
  SubmitApplication,
} from '../../api/types';
import { RequireLogin } from '../../app/RequireLogin';
import { useMe } from '../../app/session';
import { Copyable } from '../../components/Copyable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FileUpload } from '../../components/FileUpload';
import { Loading } from '../../components/Loading';
import { StatusTag } from '../../components/StatusTag';
import { formatDate, formatDuration } from '../../lib/format';
import { holdsBoundKey, makeSigningKey, signWithPin } from '../../lib/signing';
import { IdentityNotice, useIdentity, useMandates } from './identity';

type Material = PublicItem['materials'][number];
/** How the applicant covers one material in the chosen mode. */
type Cover = 'shared' | 'committed' | 'upload' | 'form' | 'later';

const signsCommitment = (mode: ApprovalMode) =>
  (commitmentModes as readonly string[]).includes(mode) || mode === 'missing_materials';

function coverOf(m: Material, mode: ApprovalMode, later: Set<string>): Cover {
  if (m.fromSharedData) return 'shared';
  if (signsCommitment(mode) && m.replaceableByCommitment) return 'committed';
  if (mode === 'missing_materials' && m.tolerableMissing && later.has(m.name)) return 'later';
  if (mode === 'one_form') return 'form';
  return 'upload';
}

function PickItem({ onPick }: { onPick: (code: string) => void }) {
  const [code, setCode] = useState<string>();
  const q = useQuery({
    queryKey: ['public-items', 'departments'],
    queryFn: () => api.get<Page<ItemSummary>>('/api/public/catalog/items', { page: 1, pageSize: 200 }),
  });
  return (
    <div className="card">
      <h2>选择要办理的事项</h2>
      <label htmlFor="item-pick" className="field-label">
        事项
      </label>
      <Select
        id="item-pick"
        showSearch={{ optionFilterProp: 'label' }}
        placeholder="输入名称查找"
        style={{ width: '100%' }}
        loading={q.isPending}
        value={code}
        onChange={setCode}
        options={(q.data?.items ?? []).map((i) => ({
          value: i.code,
          label: `${i.name}（${i.departmentName}）`,
        }))}
      />
      <p className="muted small">
        不清楚办哪个事项？先看 <Link to="/items">办事指南</Link>。
      </p>
      <Button type="primary" disabled={!code} onClick={() => code && onPick(code)}>
        下一步
      </Button>
    </div>
  );
}

/** The mandates this account holds that let it act for someone on this item today. */
function useCoveringMandates(itemCode: string, enabled: boolean) {
  const q = useMandates(enabled);
  const covering = (q.data?.received ?? []).filter(
    (m) => m.status === 'active' && (m.scope === 'all' || m.itemCodes.includes(itemCode)),
  );
  return { ...q, covering };
}

/**
 * Who applies: the account's own subject, or (an agent, or a person holding mandates) a principal chosen
 * from the mandates it holds. An uploaded 授权委托书 proves nothing; the mandate is what the server checks.
 */
function StartStep({ item, onStarted }: { item: PublicItem; onStarted: (r: StartResult) => void }) {
  const me = useMe().data!;
  const [params] = useSearchParams();
  const identity = useIdentity();
  const proven = identity.data?.proven ?? false;
  const mandates = useCoveringMandates(item.code, proven && me.applicantType !== 'enterprise');
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const wanted = params.get('mandate');
  const [forOther, setForOther] = useState(me.applicantType === 'agent' || !!wanted);
  const agent = me.applicantType === 'agent' || (me.applicantType === 'individual' && forOther);
  const [mandateId, setMandateId] = useState<string | null>(wanted);
  const chosen = mandates.covering.find((m) => m.id === mandateId) ?? mandates.covering[0] ?? null;

  const start = async (v: { principalResidentId?: string; legalRepresentative?: string }) => {
    setError(null);
    if (agent && !chosen) {
      setError(new Error('请先取得委托人的委托'));
      return;
    }
    setBusy(true);
    try {
      const body: StartApplication = {
        itemCode: item.code,
        ...(agent && chosen
          ? {
              subject: {
                kind: chosen.principalKind as NonNullable<StartApplication['subject']>['kind'],
                // The mandate shows a person's resident ID masked: the agent types it in full.
                code:
                  chosen.principalKind === 'individual'
                    ? (v.principalResidentId ?? '').trim().toUpperCase()
                    : chosen.principalCode,
                name: chosen.principalName,
              },
            }
          : {}),
        ...(v.legalRepresentative?.trim() ? { legalRepresentative: v.legalRepresentative.trim() } : {}),
      };
      onStarted(await api.post<StartResult>('/api/applications', body));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (identity.isPending || (proven && mandates.isLoading)) return <Loading />;
  if (!proven) return <IdentityNotice what="办理申请" />;
  if (agent && !item.proxyAllowed)
    return (
      <Alert
        type="warning"
        showIcon
        title="本事项不允许代为承诺"
        description="请由申请人本人登录办理，或到政务服务中心窗口办理。"
      />
    );

  return (
    <div className="card">
      <h2>申请人信息</h2>
      <p>
        申请事项：<strong>{item.name}</strong>（{item.departmentName}）
      </p>
      <ErrorNotice error={error} />
      <Form form={form} layout="vertical" onFinish={start} requiredMark={false}>
        {me.applicantType === 'individual' && mandates.covering.length ? (
          <Form.Item label="为谁办理">
            <Radio.Group
              value={forOther}
              onChange={(e) => setForOther(e.target.value)}
              options={[
                { value: false, label: `本人（${me.displayName}）` },
                { value: true, label: '受委托代他人办理' },
              ]}
            />
          </Form.Item>
        ) : null}
        {agent ? (
          mandates.covering.length ? (
            <>
              <p className="muted">您受委托代为办理，请选择委托人。只列出有效且包含本事项的委托。</p>
              <fieldset className="field-block">
                <legend className="field-label">委托人</legend>
                <Radio.Group value={chosen?.id} onChange={(e) => setMandateId(e.target.value)}>
                  {mandates.covering.map((m) => (
                    <Radio key={m.id} value={m.id} className="mandate-choice">
                      <strong>{m.principalName}</strong>（{m.principalCode}）
                      <div className="muted small">
                        委托编号 {m.number}，{m.scopeLabel}，有效期至 {formatDate(m.expiresOn)}，
                        {m.sourceLabel}
                      </div>
                    </Radio>
                  ))}
                </Radio.Group>
              </fieldset>
              {chosen?.principalKind === 'individual' ? (
                <Form.Item
                  label="委托人公民身份号码"
                  name="principalResidentId"
                  extra="委托记录中的号码已隐去部分数字，请填写完整号码，须与委托人一致。"
                  rules={[{ required: true, len: 18, message: '请填写委托人18位公民身份号码' }]}
                >
                  <Input maxLength={18} autoComplete="off" />
                </Form.Item>
              ) : null}
            </>
          ) : (
            <Alert
              type="warning"
              showIcon
              title="没有可用于本事项的委托"
              description={
                <>
                  代他人办理须有委托人的有效委托：请委托人登录本平台在“我的委托”中在线授权（委托范围须包含本事项），或与您一起持纸质授权委托书到政务服务中心综合受理窗口核验。
                  <Link to="/portal/mandates">查看我的委托 ›</Link>
                </>
              }
            />
          )
        ) : (
          <p>
            申请人：{me.displayName}（{me.uscc ?? me.residentIdMasked ?? ''}）
          </p>
        )}
        {me.applicantType === 'enterprise' ? (
          <Form.Item label="法定代表人（个体工商户为经营者，选填）" name="legalRepresentative">
            <Input maxLength={50} />
          </Form.Item>
        ) : null}
        {agent && !chosen ? null : (
          <>
            <p className="muted small">
              点击“开始申请”后，系统将按规定查询信用记录（应查必查），并展示告知书。
            </p>
            <Button type="primary" htmlType="submit" loading={busy} size="large">
              开始申请（信用核查）
            </Button>
          </>
        )}
      </Form>
    </div>
  );
}

/** A label for a code the server sends as a plain string; an unknown code is never shown as it is. */
const labelOf = (labels: Record<string, string>, code: string) => labels[code] ?? '其他';

function CreditResult({ app }: { app: ApplicationView }) {
  const c = app.credit;
  const ok = c.outcome === 'eligible';
  return (
    <Alert
      type={ok ? 'success' : c.outcome === 'conditional' ? 'warning' : 'error'}
      showIcon
      title={`信用核查结果：${c.outcomeLabel}`}
      description={
        <>
          {c.reasons.length ? (
            <ul className="reasons">
              {c.reasons.map((r) => (
                <li key={r.rule + r.message}>{r.message}</li>
              ))}
            </ul>
          ) : (
            <p style={{ margin: 0 }}>未发现影响告知承诺的信用记录。</p>
          )}
          {c.incentives.length ? (
            <p style={{ margin: 0 }}>
              守信激励：{c.incentives.map((i) => labelOf(creditIncentiveLabels, i)).join('、')}
            </p>
          ) : null}
          {c.restrictions.length ? (
            <p style={{ margin: 0 }}>
              限制措施：{c.restrictions.map((r) => labelOf(creditRestrictionLabels, r)).join('、')}
              （不适用即审即办）
            </p>
          ) : null}
        </>
      }
    />
  );
}

function ModeStep({
  item,
  app,
  notice,
  onChoose,
}: {
  item: PublicItem;
  app: ApplicationView;
  notice: StartResult['notice'];
  onChoose: (m: ApprovalMode) => void;
}) {
  const allowed = new Set(app.credit.allowedModes.map((m) => m.mode));
  const first = item.modes.find((m) => allowed.has(m.mode))?.mode ?? 'standard';
  const [mode, setMode] = useState<ApprovalMode>(first);
  return (
    <div className="card">
      <h2>信用核查与告知</h2>
      <p>
        办件编号：
        <Copyable value={app.number} label="办件编号" />
      </p>
      <CreditResult app={app} />
      <h3 style={{ marginTop: 16 }}>{notice.title}</h3>
      <iframe className="doc-frame" title={notice.title} srcDoc={notice.html} sandbox="" />
      <h3 style={{ marginTop: 16 }} id="mode-title">
        选择办理模式
      </h3>
      <Radio.Group
        aria-labelledby="mode-title"
        value={mode}
        onChange={(e) => setMode(e.target.value)}
        className="mode-choices"
      >
        {item.modes.map((m) => {
          const ok = allowed.has(m.mode) || m.mode === 'standard';
          return (
            <Radio key={m.mode} value={m.mode} disabled={!ok} className="mode-choice">
              <strong>{m.label}</strong>
              <div className="muted small">{approvalModeDescriptions[m.mode]}</div>
              {!ok ? <div className="field-error small">信用核查结果不允许选择此模式（原因见上）</div> : null}
            </Radio>
          );
        })}
      </Radio.Group>
      <div style={{ marginTop: 12 }}>
        <Button type="primary" size="large" onClick={() => onChoose(mode)}>
          下一步：{mode === 'standard' ? '提交材料' : '材料与承诺'}
        </Button>
      </div>
    </div>
  );
}

function SubmitStep({
  item,
  app,
  mode,
  onBack,
  onDone,
}: {
  item: PublicItem;
  app: ApplicationView;
  mode: ApprovalMode;
  onBack: () => void;
  onDone: (a: ApplicationView) => void;
}) {
  const [files, setFiles] = useState<Record<string, FileView | null>>({});
  const [form, setForm] = useState<Record<string, string>>({});
  const [later, setLater] = useState<Set<string>>(
    () =>
      new Set(
        mode === 'missing_materials'
          ? item.materials.filter((m) => m.tolerableMissing).map((m) => m.name)
          : [],
      ),
  );
  const [letter, setLetter] = useState<string | null>(null);
  const [signed, setSigned] = useState(false);
  const [publish, setPublish] = useState(false);
  const [pin, setPin] = useState('');
  const [pinAgain, setPinAgain] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const commits = signsCommitment(mode);
  const me = useMe().data!;
  const queryClient = useQueryClient();
  // Whether this browser already holds the key bound to the account; otherwise the first signature makes one.
  const keyQuery = useQuery({
    queryKey: ['signing-key', me.id],
    enabled: commits,
    queryFn: () => holdsBoundKey(me.id),
  });
  const needsKey = keyQuery.data === false;
  // A refusal names what was wrong when the button was pressed; once the person changes anything it may no
  // longer hold (a material named missing has since been uploaded), so it is not left on screen as if it did.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the values are the trigger, not read
  useEffect(() => setError(null), [files, later, form, signed, pin, pinAgain]);

  const letterQuery = useQuery({
    queryKey: ['letter', item.code, app.id],
    enabled: commits,
    queryFn: () =>
      api.postForText(`/api/public/catalog/items/${encodeURIComponent(item.code)}/documents/commitment`, {
        format: 'html',
        applicantName: app.subjectName,
        applicantCode: app.subjectCode,
        ...(app.agentName ? { agentName: app.agentName } : {}),
      }),
  });
  if (letterQuery.data && letterQuery.data !== letter) setLetter(letterQuery.data);

  const submit = async () => {
    setError(null);
    const provided = new Map(
      Object.entries(files).flatMap(([name, f]) => (f ? [[name, f.id] as [string, string]] : [])),
    );
    const missing = [...later].filter(
      (n) => coverOf(item.materials.find((m) => m.name === n)!, mode, later) === 'later',
    );
    const formEntries =
      mode === 'one_form' ? Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim())) : {};
    try {
      // The same rule the server applies, run here first so every gap is named before sending.
      planMaterials(item.materials, { mode, provided, missing, form: formEntries });
    } catch (e) {
      setError(e);
      return;
    }
    if (commits && !signed) {
      setError(new Error('请阅读承诺书并勾选“我已阅读并自愿签署”'));
      return;
    }
    if (commits) {
      const problem = checkPin(pin);
      if (problem) {
        setError(new Error(problem));
        return;
      }
      if (needsKey && pin !== pinAgain) {
        setError(new Error('两次输入的签名密码不一致'));
        return;
      }
    }
    setBusy(true);
    try {
      const body: SubmitApplication = {
        mode,
        materials: [...provided].map(([name, fileId]) => ({ name, fileId })),
        ...(missing.length ? { missing } : {}),
        ...(mode === 'one_form' ? { form: formEntries } : {}),
        commit: commits,
        publishCommitment: commits && publish,
        version: app.version,
      };
      if (commits) {
        if (needsKey) {
          await makeSigningKey(me.id, pin);
          await queryClient.invalidateQueries({ queryKey: ['signing-key', me.id] });
        }
        // The exact text the server will verify, signed here with the key only this browser holds.
        const draft = await api.post<{ text: string }>(`/api/applications/${app.id}/commitment/draft`, body);
        body.signature = await signWithPin(me.id, pin, draft.text);
      }
      onDone(await api.post<ApplicationView>(`/api/applications/${app.id}/submit`, body));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card">
      <h2>
        {approvalModeLabels[mode]}：{commits ? '材料与承诺' : '提交材料'}
      </h2>
      <ul className="material-list">
        {item.materials.map((m) => {
          const cover = coverOf(m, mode, later);
          return (
            <li key={m.name} className="material">
              <div className="material-name">
                {m.name}
                {m.required ? <Tag color="blue">必要</Tag> : <Tag>非必要</Tag>}
              </div>
              {cover === 'shared' ? (
                <Tag color="green">共享获取，无需提交</Tag>
              ) : cover === 'committed' ? (
                <Tag color="red">以承诺替代，无需提交</Tag>
              ) : cover === 'form' ? (
                <>
                  <label className="visually-hidden" htmlFor={`form-${m.name}`}>
                    {m.name}
                  </label>
                  <Input.TextArea
                    id={`form-${m.name}`}
                    rows={2}
                    maxLength={4000}
                    placeholder={`在申请承诺表中填写“${m.name}”的内容`}
                    value={form[m.name] ?? ''}
                    onChange={(e) => setForm((f) => ({ ...f, [m.name]: e.target.value }))}
                  />
                </>
              ) : cover === 'later' ? (
                <Tag color="orange">容缺，{m.supplyDeadlineDays ?? 5} 个工作日内补正</Tag>
              ) : (
                <FileUpload
                  label={m.name}
                  value={files[m.name] ?? null}
                  onChange={(f) => setFiles((x) => ({ ...x, [m.name]: f }))}
                />
              )}
              {mode === 'missing_materials' &&
              m.tolerableMissing &&
              !m.fromSharedData &&
              !(signsCommitment(mode) && m.replaceableByCommitment) ? (
                <Checkbox
                  checked={later.has(m.name)}
                  onChange={(e) =>
                    setLater((s) => {
                      const n = new Set(s);
                      if (e.target.checked) n.add(m.name);
                      else n.delete(m.name);
                      return n;
                    })
                  }
                >
                  暂缺，受理后补正
                </Checkbox>
              ) : null}
            </li>
          );
        })}
      </ul>

      {commits ? (
        <>
          <h3>承诺书全文</h3>
          {letter ? (
            <iframe className="doc-frame" title="承诺书全文" srcDoc={letter} sandbox="" />
          ) : (
            <Loading />
          )}
          <ErrorNotice error={letterQuery.error} />
          <div className="sign-consents">
            <Checkbox checked={signed} onChange={(e) => setSigned(e.target.checked)}>
              我已阅读告知书和承诺书，承诺所填信息真实，自愿签署承诺书并承担虚假承诺的法律责任
            </Checkbox>
            <Checkbox checked={publish} onChange={(e) => setPublish(e.target.checked)}>
              同意在信用承诺公示栏公开本承诺书
            </Checkbox>
          </div>
          {keyQuery.data === undefined ? null : (
            <div className="signing-pin">
              <h3>电子签名</h3>
              {needsKey ? (
                <Alert
                  type="info"
                  showIcon
                  message="首次在本机签署：请设置6至12位数字的签名密码。签名密钥在本机生成并由该密码加密保存，平台不保存您的私钥和签名密码；更换设备或忘记密码时可重新设置。"
                  style={{ marginBottom: 8 }}
                />
              ) : null}
              <label htmlFor="signing-pin" style={{ display: 'block' }}>
                {needsKey ? '设置签名密码' : '签名密码'}
              </label>
              <Input.Password
                id="signing-pin"
                inputMode="numeric"
                autoComplete="off"
                maxLength={12}
                value={pin}
                onChange={(e) => setPin(e.target.value)}
                style={{ width: 240 }}
              />
              {needsKey ? (
                <>
                  <label htmlFor="signing-pin-again" style={{ display: 'block' }}>
                    再次输入签名密码
                  </label>
                  <Input.Password
                    id="signing-pin-again"
                    inputMode="numeric"
                    autoComplete="off"
                    maxLength={12}
                    value={pinAgain}
                    onChange={(e) => setPinAgain(e.target.value)}
                    style={{ width: 240 }}
                  />
                </>
              ) : null}
            </div>
          )}
        </>
      ) : null}

      <div style={{ marginTop: 16 }}>
        <ErrorNotice error={error} />
        <Button onClick={onBack} style={{ marginRight: 8 }}>
          上一步
        </Button>
        <Button type="primary" size="large" loading={busy} onClick={submit}>
          {commits ? '签署承诺并提交' : '提交申请'}
        </Button>
      </div>
    </div>
  );
}

function Outcome({ app }: { app: ApplicationView }) {
  const navigate = useNavigate();
  const lic = app.license;
  return (
    <Result
      status={app.status === 'approved' ? 'success' : app.status === 'rejected' ? 'error' : 'info'}
      title={app.status === 'approved' ? '已办结，证照已签发' : app.statusLabel}
      subTitle={
        <>
          办件编号 <Copyable value={app.number} label="办件编号" /> · <StatusTag status={app.status} />
        </>
      }
      extra={[
        <Button type="primary" key="detail" onClick={() => navigate(`/portal/applications/${app.id}`)}>
          查看办件详情
        </Button>,
        <Button key="list" onClick={() => navigate('/portal/licenses')}>
          我的证照
        </Button>,
      ]}
    >
      {lic ? (
        <section className="license-card" aria-label="电子证照">
          <h3>{lic.itemName}</h3>
          <dl className="kv">
            <dt>证照编号</dt>
            <dd>
              <Copyable value={lic.number} label="证照编号" />
            </dd>
            <dt>持证主体</dt>
            <dd>{lic.holderName}</dd>
            <dt>许可范围</dt>
            <dd>{lic.scope}</dd>
            <dt>有效期</dt>
            <dd>
              {lic.validUntil
                ? `${formatDate(lic.validFrom)} 至 ${formatDate(lic.validUntil)}`
                : `${formatDate(lic.validFrom)}起长期有效`}
            </dd>
            <dt>办理用时</dt>
            <dd>{formatDuration(app.elapsedSeconds)}</dd>
          </dl>
        </section>
      ) : null}
      {app.missing.length ? (
        <div>
          <h3>待补正的容缺材料</h3>
          <ul>
            {app.missing.map((m) => (
              <li key={m.name}>
                {m.name}：请于 {formatDate(m.dueDate)} 前补正
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p>下一步：{app.nextStep}</p>
    </Result>
  );
}

function Apply() {
  const [params, setParams] = useSearchParams();
  const qc = useQueryClient();
  const code = params.get('item');
  const [started, setStarted] = useState<StartResult | null>(null);
  const [mode, setMode] = useState<ApprovalMode | null>(null);
  const [done, setDone] = useState<ApplicationView | null>(null);
  const item = useQuery({
    queryKey: ['public-item', code],
    enabled: !!code,
    queryFn: () => api.get<PublicItem>(`/api/public/catalog/items/${encodeURIComponent(code!)}`),
  });
  const step = !code ? 0 : !started ? 1 : !mode ? 2 : !done ? 3 : 4;
  const steps = useMemo(
    () => ['选择事项', '申请人信息', '信用核查与告知', '材料与承诺', '办理结果'].map((title) => ({ title })),
    [],
  );

  return (
    <>
      <h1 className="page-title">我要办事{item.data ? `：${item.data.name}` : ''}</h1>
      <Steps current={step} items={steps} size="small" className="apply-steps" responsive />
      <div style={{ marginTop: 16 }}>
        {step === 0 ? (
          <PickItem
            onPick={(c) =>
              setParams((p) => {
                p.set('item', c);
                return p;
              })
            }
          />
        ) : null}
        {code && item.isPending ? <Loading /> : null}
        <ErrorNotice error={item.error} />
        {item.data && step === 1 ? <StartStep item={item.data} onStarted={setStarted} /> : null}
        {item.data && started && step === 2 ? (
          <ModeStep item={item.data} app={started.application} notice={started.notice} onChoose={setMode} />
        ) : null}
        {item.data && started && mode && step === 3 ? (
          <SubmitStep
            item={item.data}
            app={started.application}
            mode={mode}
            onBack={() => setMode(null)}
            onDone={(a) => {
              setDone(a);
              qc.invalidateQueries({ queryKey: ['my-applications'] });
              qc.invalidateQueries({ queryKey: ['my-licenses'] });
              qc.invalidateQueries({ queryKey: ['inbox'] });
            }}
          />
        ) : null}
        {done ? <Outcome app={done} /> : null}
      </div>
    </>
  );
}

export default function ApplyPage() {
  return (
    <RequireLogin applicant>
      <Apply />
    </RequireLogin>
  );
}
