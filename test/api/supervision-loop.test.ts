import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { demoApplicants } from '../../src/server/bootstrap';
import type { SharedDataAdapter } from '../../src/server/modules/applications/shared-data';
import { createTestApp, type Session } from '../helpers/app';
import { withStatutoryHolidays } from '../helpers/calendar';
import { uploadMaterials } from '../helpers/files';

/**
 * The whole loop of 000/004 through the API: a commitment is decided and pushed, verification finds a
 * breach, rectification is missed, the decision is revoked, the breach enters the credit file, the same
 * subject loses the commitment route with that record named, and regains it after credit repair.
 */
const sharedData: SharedDataAdapter = {
  fetch: async (subject, name) => ({
    found: true,
    source: '电子证照库',
    reference: `${name}-${subject.code.slice(-6)}`,
  }),
};
const t = await createTestApp({ now: '2026-11-23T02:00:00Z', sharedData });

const received: { body: string }[] = [];
let failNext = 1;
const receiver: Server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    received.push({ body });
    // Down for the first commitment that arrives.
    if (failNext > 0 && JSON.parse(body).topic === 'commitment') {
      failNext--;
      res.writeHead(503).end('维护中');
    } else res.writeHead(200).end('ok');
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/push`;

const year2027 = withStatutoryHolidays(2027, {
  notice: '国务院办公厅关于2027年部分节假日安排的通知',
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    ...['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'].map(
      (date) => ({ date, name: '春节' }),
    ),
  ],
  workdays: [{ date: '2027-02-14', name: '春节调休上班' }],
});
const FOOD = 'WSQ-ZWFW-001';
const FOOD_ASKED = [
  '食品经营许可申请书',
  '与食品经营相适应的主要设备设施布局、操作流程等文件',
  '食品安全管理制度目录',
];

const start = async (s: Session) => {
  const res = await t.call(s, {
    method: 'POST',
    url: '/api/applications',
    payload: { itemCode: FOOD, legalRepresentative: '巴特尔' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().application;
};
const modesOf = (a: { credit: { allowedModes: { mode: string }[] } }) =>
  a.credit.allowedModes.map((m) => m.mode);

describe('supervision loop', () => {
  it('commitment → push → breach → rectification missed → revocation → credit record → refused → repair → eligible', async () => {
    const admin = await t.login('sysadmin');
    const depts = (await t.call(admin, { method: 'GET', url: '/api/departments' })).json();
    const list = (depts.items ?? depts) as { id: string; code?: string; name: string }[];
    const samr = list.find((d) => d.name.includes('市场监督'))!;
    // The service centre approves 食品经营许可 here (相对集中许可); the demo has its approver, approver_zwfw.
    const sub = await t.call(admin, {
      method: 'POST',
      url: '/api/push/subscriptions',
      payload: {
        systemName: '市场监管综合执法系统',
        departmentId: samr.id,
        url: receiverUrl,
        topics: ['commitment', 'license', 'verification', 'revocation', 'credit_record'],
      },
    });
    expect(sub.statusCode, sub.body).toBe(201);

    // 1. 先入后验: decided at once, license issued, verification task born with it.
    let ent = await t.login('ent_demo');
    const a = await start(ent);
    expect(modesOf(a)).toContain('enter_then_verify');
    const submitted = await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: {
        mode: 'enter_then_verify',
        materials: await uploadMaterials(t, ent, FOOD_ASKED),
        commit: true,
        publishCommitment: false,
        version: a.version,
      },
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().status).toBe('approved');

    // 2. Push: the receiver is down for the first attempt, the retry after back-off delivers.
    await t.app.push.runOnce();
    expect(received).toHaveLength(2); // the license, and the commitment refused with 503
    await t.clock.set(new Date(t.clock.now.getTime() + 10 * 60_000).toISOString());
    await t.app.push.runOnce();
    const pushedCommitments = () =>
      received
        .map((r) => JSON.parse(r.body))
        .filter((m) => m.topic === 'commitment' && m.aggregateId === a.id);
    expect(pushedCommitments(), '承诺信息在接收方重试后送达').toHaveLength(2);
    expect(pushedCommitments()[1].payload).toMatchObject({
      承诺编码: '15062620261123000001',
      承诺人名称: '乌审旗草原明珠餐饮有限公司',
      承诺履行状态: '全部履行',
    });

    // The license goes out in the 双公示 行政许可 items.
    const pushedLicenses = () => received.map((r) => JSON.parse(r.body)).filter((m) => m.topic === 'license');
    await t.app.push.runOnce();
    expect(pushedLicenses()[0].payload).toMatchObject({
      行政相对人名称: '乌审旗草原明珠餐饮有限公司',
      行政相对人类别: '法人及非法人组织',
      法定代表人: '巴特尔',
      许可证书名称: '食品经营许可证',
      许可机关: '乌审旗政务服务中心',
      当前状态: '有效',
    });

    // 3. Verification: on site within 10 working days, two inspectors, breach, rectification ordered.
    const supervisor = await t.login('supervisor');
    const tasks = (
      await t.call(supervisor, { method: 'GET', url: '/api/verification/tasks?status=pending' })
    ).json();
    const task = tasks.items.find((x: { applicationId: string }) => x.applicationId === a.id);
    expect(task).toMatchObject({ method: 'on_site', reason: 'enter_then_verify', dueDate: '2026-12-07' });
    const staff = (
      await t.call(admin, { method: 'GET', url: `/api/departments/${samr.id}/staff?pageSize=50` })
    ).json().items;
    const inspectors = staff
      .filter((s: { roles: string[] }) => s.roles.includes('inspector'))
      .map((s: { id: string }) => s.id);
    const url = `/api/verification/tasks/${task.id}`;
    expect(
      (
        await t.call(supervisor, {
          method: 'POST',
          url: `${url}/assign`,
          payload: { inspectorIds: inspectors },
        })
      ).statusCode,
    ).toBe(200);
    const inspector = await t.login('inspector');
    const breach = await t.call(inspector, {
      method: 'POST',
      url: `${url}/result`,
      payload: {
        finding: 'breach',
        summary: '现场无专职食品安全管理人员，与承诺不符',
        evidence: [{ description: '现场检查笔录' }],
        rectificationDays: 5,
        rectificationRequirement: '配备专职食品安全管理人员',
      },
    });
    expect(breach.json()).toMatchObject({ status: 'rectifying', rectificationDueDate: '2026-11-30' });

    // 4. The rectification deadline passes unmet; re-inspection finds nothing done; the centre revokes.
    await t.clock.set('2026-12-02T02:00:00Z');
    const reinspect = await t.call(await t.login('inspector2'), {
      method: 'POST',
      url: `${url}/reinspection`,
      payload: { finding: 'not_rectified', summary: '逾期未整改', evidence: [{ description: '复查笔录' }] },
    });
    expect(reinspect.json().status).toBe('revocation_pending');
    const approver = await t.login('approver_zwfw');
    // 陈述申辩 first: no revocation before the party was told and heard.
    const unheard = await t.call(approver, {
      method: 'POST',
      url: `${url}/revoke`,
      payload: { reason: '逾期未整改，依法撤销食品经营许可' },
    });
    expect(unheard.statusCode).toBe(412);
    expect(unheard.json().message).toContain('陈述申辩告知书');
    const noticed = await t.call(approver, {
      method: 'POST',
      url: `${url}/defence-notice`,
      payload: {
        facts: '经现场核查，你单位未配备专职食品安全管理人员，限期整改届满后复查仍未整改',
        reasons: '未履行告知承诺，经责令限期整改仍未整改到位',
        legalBasis: '《中华人民共和国行政许可法》第六十九条；《乌审旗证明事项告知承诺制实施方案》',
      },
    });
    expect(noticed.statusCode, noticed.body).toBe(201);
    expect(noticed.json().defenceNotice).toMatchObject({ periodDays: 5, deadline: '2026-12-09' });
    ent = await t.login('ent_demo');
    const stated = await t.call(ent, {
      method: 'POST',
      url: `/api/my/defence-notices/${noticed.json().defenceNotice.id}/statement`,
      payload: { statement: '我单位已在招聘专职食品安全管理人员，请求从轻处理' },
    });
    expect(stated.statusCode, stated.body).toBe(200);
    const unanswered = await t.call(approver, {
      method: 'POST',
      url: `${url}/revoke`,
      payload: { reason: '逾期未整改，依法撤销食品经营许可' },
    });
    expect(unanswered.statusCode).toBe(400);
    const revoked = await t.call(approver, {
      method: 'POST',
      url: `${url}/revoke`,
      payload: {
        reason: '逾期未整改，依法撤销食品经营许可',
        defenceReply: '正在招聘不能代替整改到位，申辩理由不成立，不予采纳',
      },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({
      status: 'revoked',
      revocationReason: '逾期未整改，依法撤销食品经营许可',
    });
    const twice = await t.call(approver, {
      method: 'POST',
      url: `${url}/revoke`,
      payload: { reason: '再次撤销', defenceReply: '维持原答复意见' },
    });
    expect(twice.statusCode).toBe(409);
    const history = (await t.call(approver, { method: 'GET', url })).json().history;
    expect(history.map((h: { event: string }) => h.event)).toEqual([
      'create',
      'assign',
      'find_breach',
      'reinspect_failed',
      'notify_defence',
      'state_defence',
      'revoke',
    ]);
    ent = await t.login('ent_demo');
    const revokedApp = (await t.call(ent, { method: 'GET', url: `/api/applications/${a.id}` })).json();
    expect(revokedApp.status).toBe('revoked');

    // 5. The breach is in the credit file, and the next check names it and closes the commitment route.
    const mine = (await t.call(ent, { method: 'GET', url: '/api/credit/me' })).json();
    const record = mine.records.find((r: { kind: string }) => r.kind === 'broken_commitment');
    expect(record, JSON.stringify(mine.records)).toBeTruthy();
    const again = await start(ent);
    // 乌审旗: a general dishonesty record leaves only 先入后验 with on-site verification.
    expect(modesOf(again)).not.toContain('license_commitment');
    expect(modesOf(again)).toContain('standard');
    expect(JSON.stringify(again.credit.reasons)).toContain('违诺（一般，2026-12-02）');
    const check = (
      await t.call(ent, { method: 'GET', url: `/api/credit/checks/${again.credit.checkId}` })
    ).json();
    expect(JSON.stringify(check.reasons)).toContain(record.id);
    const refused = await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${again.id}/submit`,
      payload: {
        mode: 'license_commitment',
        materials: await uploadMaterials(t, ent, FOOD_ASKED),
        commit: true,
        publishCommitment: false,
        version: again.version,
      },
    });
    expect(refused.statusCode).toBe(412);
    await t.app.push.runOnce();
    expect(received.some((r) => r.body.includes('broken_commitment') || r.body.includes('违诺'))).toBe(true);
    expect(pushedLicenses().at(-1).payload).toMatchObject({
      当前状态: '无效',
      法定代表人: '巴特尔',
      备注: expect.stringMatching(/^已撤销：/),
    });
    // The same 承诺编码 goes out again as 全部未履行, with what was not kept and the accountability.
    const broken = pushedCommitments().find((m) => m.payload.承诺履行状态 === '全部未履行');
    expect(broken.payload).toMatchObject({
      承诺编码: '15062620261123000001',
      未履行的承诺内容: '未按承诺整改到位',
    });
    expect(broken.payload.违诺责任追究内容).toContain('撤销审批决定和证照');

    // The record is disclosed while in its publicity period (一般: up to a year) …
    const disclosed = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/public/credit/records?pageSize=200' }))
        .json()
        .items.filter(
          (i: { subjectName: string; kindLabel: string }) => i.subjectName === '乌审旗草原明珠餐饮有限公司',
        );
    expect(await disclosed()).toHaveLength(1);

    // 6. Repair: allowed once the minimum publicity (一般: 3 months) has run and the obligation is met.
    const early = await t.call(ent, {
      method: 'POST',
      url: '/api/credit/repair-requests',
      payload: {
        recordId: record.id,
        evidence: '已配备专职食品安全管理人员',
        commitment: '今后严格履行承诺',
      },
    });
    expect(early.statusCode, early.body).toBe(412);
    expect(early.json().code).toBe('PRECONDITION_FAILED');
    expect(early.json().message).toMatch(/公示/);
    // The State Council has announced 2027 by now; the administrator loads it, deadlines need it.
    const loaded = await t.call(await t.login('sysadmin'), {
      method: 'PUT',
      url: '/api/calendar/years/2027',
      payload: year2027,
    });
    expect(loaded.statusCode, loaded.body).toBe(200);
    await t.clock.set('2027-03-03T02:00:00Z');
    ent = await t.login('ent_demo');
    const repair = await t.call(ent, {
      method: 'POST',
      url: '/api/credit/repair-requests',
      payload: {
        recordId: record.id,
        evidence: '已配备专职食品安全管理人员并经复查合格',
        commitment: '今后严格履行承诺',
      },
    });
    expect(repair.statusCode, repair.body).toBe(201);
    const decided = await t.call(await t.login('credit'), {
      method: 'POST',
      url: `/api/credit/repair-requests/${repair.json().id}/decision`,
      payload: { approve: true, note: '已纠正失信行为，准予修复' },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    // … and disappears from disclosure the day it is repaired.
    expect(await disclosed()).toHaveLength(0);
    const restored = await start(ent);
    expect(modesOf(restored)).toContain('license_commitment');
    expect(JSON.stringify(restored.credit.reasons)).not.toContain('违诺');

    // Every step of the loop is in the audit chain, and the chain is intact.
    const chain = (
      await t.call(await t.login('auditor'), { method: 'GET', url: '/api/audit/verify' })
    ).json();
    expect(chain).toMatchObject({ ok: true, firstProblem: null });
  });

  it('a record leaves public disclosure on the day its publicity period ends', async () => {
    await t.clock.set('2027-03-04T02:00:00Z');
    const officer = await t.login('credit');
    const made = await t.call(officer, {
      method: 'POST',
      url: '/api/credit/records',
      payload: {
        subject: {
          kind: 'individual',
          code: demoApplicants.agent.residentId,
          name: demoApplicants.agent.name,
        },
        kind: 'administrative_penalty',
        severity: 'general',
        authority: '乌审旗市场监督管理局',
        decidedOn: '2026-03-05',
        summary: '未按规定公示经营信息，罚款二千元',
        penaltyFulfilled: false,
      },
    });
    expect(made.statusCode, made.body).toBe(201);
    const shown = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/public/credit/records?pageSize=200' }))
        .json()
        .items.filter((i: { summary: string }) => i.summary.startsWith('未按规定公示经营信息'));
    const [row] = await shown();
    expect(row).toMatchObject({ subjectName: '韩*强', publicityEnd: '2027-03-05' });
    expect(row.subjectCode).not.toBe(demoApplicants.agent.residentId);
    // 一般 records are public for at most a year: 2026-03-05 + 12 months is the first day it is gone.
    await t.clock.set('2027-03-04T15:59:00Z');
    expect(await shown()).toHaveLength(1);
    await t.clock.set('2027-03-04T16:00:00Z');
    expect(await shown()).toHaveLength(0);
  });

  it('public disclosure never shows a full resident ID', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/public/credit/records?pageSize=200' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(/\d{17}[\dX]/);
    const inspections = await t.app.inject({ method: 'GET', url: '/api/public/inspections/plans' });
    expect(inspections.statusCode).toBe(200);
    expect(inspections.body).not.toMatch(/\d{17}[\dX]/);
  });
});
