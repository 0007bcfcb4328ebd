import { useQuery } from '@tanstack/react-query';
import { Button, Table, Tabs, Tag } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { verificationMethodLabels } from '../../../contracts/catalog';
import { approvalModeDescriptions } from '../../../contracts/web';
import { api } from '../../api/client';
import type { PublicItem } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Loading';
import { formatDate } from '../../lib/format';

type Material = PublicItem['materials'][number];

function MaterialTags({ m }: { m: Material }) {
  return (
    <div className="tag-row">
      {m.required ? <Tag color="blue">必要</Tag> : <Tag>非必要</Tag>}
      {m.replaceableByCommitment ? (
        <Tag color="red">可承诺替代{m.replacesCertificate ? `（${m.replacesCertificate}）` : ''}</Tag>
      ) : null}
      {m.tolerableMissing ? (
        <Tag color="orange">
          可容缺{m.supplyDeadlineDays ? `（${m.supplyDeadlineDays} 个工作日内补正）` : ''}
        </Tag>
      ) : null}
      {m.fromSharedData ? <Tag color="green">共享获取，无需提交</Tag> : null}
    </div>
  );
}

function Documents({ item }: { item: PublicItem }) {
  if (!item.documents.length) return <p>本事项只适用一般程序，不需要签署承诺书。</p>;
  return (
    <Tabs
      items={item.documents.map((d) => ({
        key: d.document,
        label: d.label,
        children: (
          <>
            <iframe className="doc-frame" title={`${item.name}${d.label}`} src={d.html} />
            <p>
              <a href={d.pdf} download>
                下载{d.label}（PDF）
              </a>
              {' · '}
              <a href={d.html} target="_blank" rel="noreferrer">
                在新窗口打开{d.label}
              </a>
            </p>
          </>
        ),
      }))}
    />
  );
}

/** The 办事指南 of one item, in the order people expect it. */
export default function ItemGuidePage() {
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const q = useQuery({
    queryKey: ['public-item', code],
    queryFn: () => api.get<PublicItem>(`/api/public/catalog/items/${encodeURIComponent(code)}`),
  });
  if (q.isPending) return <Loading />;
  if (!q.data) return <ErrorNotice error={q.error} />;
  const it = q.data;
  const commitmentModes = it.modes.filter((m) => m.mode !== 'standard');
  const plan = it.verification;
  return (
    <>
      <nav aria-label="位置" className="muted" style={{ marginBottom: 8 }}>
        <Link to="/">首页</Link> › <Link to="/items">办事指南</Link> › {it.name}
      </nav>
      <div className="title-row">
        <h1 className="page-title">{it.name}</h1>
        <Button
          type="primary"
          size="large"
          onClick={() => navigate(`/portal/apply?item=${encodeURIComponent(it.code)}`)}
        >
          在线申请
        </Button>
      </div>

      <section className="guide-section" aria-labelledby="s-basic">
        <h2 id="s-basic">基本信息</h2>
        <dl className="kv">
          <dt>事项编码</dt>
          <dd className="number">{it.code}</dd>
          <dt>事项类型</dt>
          <dd>{it.kindLabel}</dd>
          <dt>实施部门</dt>
          <dd>{it.departmentName}</dd>
          <dt>监管部门</dt>
          <dd>{it.supervisingDepartmentName ?? it.departmentName}</dd>
          <dt>施行日期</dt>
          <dd>{formatDate(it.effectiveDate)}</dd>
          <dt>代为承诺</dt>
          <dd>{it.proxyAllowed ? '允许，代理人须提交授权委托书' : '不允许，须申请人本人承诺'}</dd>
          <dt>撤回承诺</dt>
          <dd>{it.withdrawalAllowed ? '作出决定前可以撤回，改走一般程序' : '不允许'}</dd>
        </dl>
      </section>

      <section className="guide-section" aria-labelledby="s-cond">
        <h2 id="s-cond">受理条件</h2>
        <p>{it.notice.proofContent || '符合法律法规规定的条件。'}</p>
        {it.exclusionLabels.length ? (
          <p className="muted">
            本事项涉及{it.exclusionLabels.join('、')}，依规定不适用告知承诺，只按一般程序办理。
          </p>
        ) : null}
      </section>

      <section className="guide-section" aria-labelledby="s-modes">
        <h2 id="s-modes">办理模式与适用对象</h2>
        <ul className="mode-list">
          {it.modes.map((m) => (
            <li key={m.mode}>
              <Tag color={m.mode === 'standard' ? 'default' : 'red'}>{m.label}</Tag>
              {approvalModeDescriptions[m.mode]}
            </li>
          ))}
        </ul>
        {commitmentModes.length ? (
          <p className="muted">
            谁可以选择告知承诺：开始申请时系统自动进行信用核查，信用良好的申请人可以选择以上承诺类模式；有失信记录的，
            按当地信用承诺准入规则只能选择部分模式或按一般程序办理，核查结果会写明原因。一般程序始终可以选择。
          </p>
        ) : null}
      </section>

      <section className="guide-section" aria-labelledby="s-mat">
        <h2 id="s-mat">申请材料</h2>
        <Table
          size="small"
          pagination={false}
          rowKey="name"
          dataSource={it.materials}
          columns={[
            { title: '材料名称', dataIndex: 'name' },
            { title: '说明', key: 'tags', render: (_: unknown, m: Material) => <MaterialTags m={m} /> },
          ]}
        />
      </section>

      <section className="guide-section" aria-labelledby="s-flow">
        <h2 id="s-flow">办理流程</h2>
        <ol>
          <li>登录后选择本事项，系统自动进行信用核查并展示告知书。</li>
          <li>选择办理模式：承诺类模式签署承诺书，材料可承诺替代或共享获取；一般程序提交全部材料。</li>
          <li>
            承诺类模式符合条件的当场作出决定、签发电子证照；容缺受理的在期限内补正材料；一般程序经受理、审查后作出决定。
          </li>
          <li>
            办结后，{it.supervisingDepartmentName ?? it.departmentName}
            在核查期限内对承诺内容进行核查；发现虚假承诺或违反承诺的，依法撤销决定并记入信用档案。
          </li>
        </ol>
      </section>

      <section className="guide-section" aria-labelledby="s-time">
        <h2 id="s-time">办理时限</h2>
        <dl className="kv">
          <dt>法定办结时限</dt>
          <dd>{it.legalTimeLimitDays} 个工作日</dd>
          <dt>承诺办结时限</dt>
          <dd>
            {it.promisedTimeLimitDays === 0 ? '即审即办（当场办结）' : `${it.promisedTimeLimitDays} 个工作日`}
          </dd>
          <dt>事后核查</dt>
          <dd>
            {verificationMethodLabels[plan.method]}
            {plan.deadlineDays ? `，办结后 ${plan.deadlineDays} 个工作日内完成` : ''}
          </dd>
        </dl>
      </section>

      <section className="guide-section" aria-labelledby="s-fee">
        <h2 id="s-fee">收费</h2>
        <p>通过本平台申请不收取任何费用。</p>
      </section>

      <section className="guide-section" aria-labelledby="s-basis">
        <h2 id="s-basis">设定依据</h2>
        <p>{it.legalBasis}</p>
      </section>

      <section className="guide-section" aria-labelledby="s-docs">
        <h2 id="s-docs">告知书与承诺书</h2>
        <Documents item={it} />
      </section>

      <section className="guide-section" aria-labelledby="s-contact">
        <h2 id="s-contact">咨询与投诉</h2>
        <p>咨询：{it.departmentName}；投诉：乌审旗政务服务中心，或拨打 12345 政务服务便民热线。</p>
      </section>
    </>
  );
}
