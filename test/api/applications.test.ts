import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/codes';
import { demoApplicants } from '../../src/server/bootstrap';
import {
  applicationEvent,
  application as applicationTable,
  auditLog,
  commitment,
  creditCheck,
  outboxMessage,
} from '../../src/server/db/schema';
import type { SharedDataAdapter } from '../../src/server/modules/applications/shared-data';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { startCase } from '../helpers/applications';
import { withStatutoryHolidays } from '../helpers/calendar';
import { PDF, upload, uploadMaterials } from '../helpers/files';

/** The e-license platform, faked: it knows every subject's business license. */
const fetched: string[] = [];
const fakeSharedData: SharedDataAdapter = {
  fetch: async (subject, name) => {
    fetched.push(name);
    return { found: true, source: '电子证照库', reference: `${name}-${subject.code.slice(-6)}` };
  },
};

const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1,
]);

const start = (t: TestApp, s: Session, itemCode: string, extra: Record<string, unknown> = {}) =>
  startCase(t, s, { itemCode, ...extra });

const FOOD = 'WSQ-ZWFW-001'; // 食品经营许可: license_commitment, enter_then_verify, missing_materials; proxy allowed
const FOOD_ASKED = [
  '食品经营许可申请书',
  '与食品经营相适应的主要设备设施布局、操作流程等文件',
  '食品安全管理制度目录',
];
const FREIGHT = 'WSQ-JTJ-001'; // 道路普通货物运输经营许可: two tolerable-missing materials (10 days)
const FREIGHT_COMPLETE = ['道路货物运输经营申请表', '拟投入车辆承诺书'];
const FILING = 'WSQ-FGW-001'; // 企业投资项目备案: one_form only, no proxy
const CLINIC = 'WSQ-WJW-002'; // 医疗机构执业登记: standard procedure only (卫健委)

describe('applications', async () => {
  const t = await createTestApp({ sharedData: fakeSharedData });
  const ent = await t.login('ent_demo');
  const person = await t.login('person_demo');
  const agent = await t.login('agent_demo');
  const clerk = await t.login('clerk');
  const approver = await t.login('approver'); // 卫健委
  const approverFgw = await t.login('approver_fgw');
  const inspector = await t.login('inspector');
  const db = t.database.db;

  it('decides a license commitment at once: notice, credit, signed letter, license, history, audit, outbox', async () => {
    const started = await start(t, ent, FOOD);
    expect(started.notice.html).toContain('食品经营许可告知书');
    expect(started.notice.html).toContain('乌审旗草原明珠餐饮有限公司');
    const a = started.application;
    expect(a.status).toBe('draft');
    expect(a.credit.allowedModes.map((m: { mode: string }) => m.mode)).toContain('standard');
    expect(a.credit.reasons.length).toBeGreaterThan(0);

    const res = await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: {
        mode: 'license_commitment',
        materials: await uploadMaterials(t, ent, FOOD_ASKED),
        commit: true,
        publishCommitment: true,
        version: a.version,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const done = res.json();
    expect(done.status).toBe('approved');
    expect(done.license.number).toMatch(/^XK\d{8}[0-9A-F]{10}$/);
    expect(done.license.holderName).toBe('乌审旗草原明珠餐饮有限公司');
    expect(done.license.validUntil).toBe('2031-11-22');
    expect(done.elapsedSeconds).toBe(0);
    expect(done.workingDaysTaken).toBe(0);
    expect(done.legalTimeLimitDays).toBe(10);
    const byName = Object.fromEntries(done.materials.map((m: { name: string }) => [m.name, m]));
    expect(byName.营业执照.state).toBe('shared');
    expect(byName.营业执照.source).toContain('电子证照库');
    expect(byName.食品安全管理人员健康证明.state).toBe('committed');
    expect(fetched).toContain('营业执照');

    const hist = (await t.call(ent, { method: 'GET', url: `/api/applications/${a.id}/history` })).json();
    expect(hist.items.map((e: { event: string }) => e.event)).toEqual(['create', 'submit_instant']);

    const c = (await t.call(ent, { method: 'GET', url: `/api/applications/${a.id}/commitment` })).json();
    expect(c.signatureKind).toBe('electronic');
    expect(c.text).toContain('食品经营许可承诺书');
    expect(c.text).toContain('愿意承担');
    expect(c.text).toContain('本承诺替代以下材料，本人（本单位）不再提交：食品安全管理人员健康证明');
    const ok = (
      await t.call(clerk, { method: 'GET', url: `/api/applications/${a.id}/commitment/verification` })
    ).json();
    expect(ok).toMatchObject({ digestMatches: true, signatureValid: true });

    const outbox = await db.select().from(outboxMessage).where(eq(outboxMessage.aggregateId, a.id));
    const topics = outbox.map((m) => m.topic).sort();
    expect(topics).toEqual(['commitment', 'decision']);
    const cm = outbox.find((m) => m.topic === 'commitment')!.payload as Record<string, unknown>;
    // Delivered in the national 信用承诺 data items, under a 20-character 承诺编码 of the region.
    expect(cm).toMatchObject({
      承诺人名称: '乌审旗草原明珠餐饮有限公司',
      承诺人类别: '法人及非法人组织',
      承诺人代码: demoApplicants.enterprise.uscc,
      承诺类型: '审批替代型',
      承诺受理单位: '乌审旗政务服务中心',
      公开类型: '社会公开',
      承诺作出日期: '2026-11-23',
      承诺履行状态: '全部履行',
    });
    expect(cm.承诺编码).toBe('15062620261123000001');
    expect(cm.承诺内容).toBe(c.text);
    expect(String(cm.违诺责任)).toContain('刑事责任');
    const lic = await db.select().from(outboxMessage).where(eq(outboxMessage.aggregateId, done.license.id));
    expect(lic.map((m) => m.topic)).toEqual(['license']);
    const audits = await db.select().from(auditLog).where(eq(auditLog.targetId, a.id)).orderBy(auditLog.id);
    expect(audits.map((r) => r.action)).toEqual(['application.start', 'application.submit_instant']);

    const mine = (await t.call(ent, { method: 'GET', url: '/api/my/licenses' })).json();
    expect(mine.items.map((l: { number: string }) => l.number)).toContain(done.license.number);
    const inbox = (await t.call(ent, { method: 'GET', url: '/api/inbox' })).json();
    expect(inbox.items.some((n: { refId: string }) => n.refId === a.id)).toBe(true);
    const pub = (await t.call(null, { method: 'GET', url: '/api/public/commitments' })).json();
    expect(pub.items.some((p: { applicationNumber: string }) => p.applicationNumber === a.number)).toBe(true);

    // Tampering with the stored letter is detected by verification.
    await db
      .update(commitment)
      .set({ text: sql`${commitment.text} || '。'` })
      .where(eq(commitment.applicationId, a.id));
    const bad = (
      await t.call(ent, { method: 'GET', url: `/api/applications/${a.id}/commitment/verification` })
    ).json();
    expect(bad).toMatchObject({ digestMatches: false, signatureValid: false });

    // Decided: nothing more to submit or withdraw.
    const again = await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${a.id}/withdraw`,
      payload: {},
    });
    expect(again.statusCode).toBe(409);
  });

  it('starts a case as one action: the case, its history, credit check and audit are written together', async () => {
    const id = (await start(t, ent, FOOD)).application.id;
    const [app] = await db.select().from(applicationTable).where(eq(applicationTable.id, id));
    expect(app?.status).toBe('draft');
    const events = await db.select().from(applicationEvent).where(eq(applicationEvent.applicationId, id));
    expect(events.map((e) => e.event)).toEqual(['create']);
    const checks = await db.select().from(creditCheck).where(eq(creditCheck.applicationId, id));
    expect(checks).toHaveLength(1);
    const audits = await db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.targetId} = ${id} and ${auditLog.action} = 'application.start'`);
    expect(audits).toHaveLength(1);
    // A refused start (an agent without the principal's mandate) leaves no case behind.
    const before = await db.select({ n: sql<number>`count(*)::int` }).from(applicationTable);
    const refused = await t.call(agent, {
      method: 'POST',
      url: '/api/applications',
      payload: {
        itemCode: FOOD,
        subject: { kind: 'enterprise', code: completeUscc('91150626', 'MA0N0001'), name: '某公司' },
      },
    });
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'no_mandate' } });
    const after = await db.select({ n: sql<number>`count(*)::int` }).from(applicationTable);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('one-form entry: conditions, materials and commitment in one form, decided at once', async () => {
    const a = (await start(t, ent, FILING)).application;
    const missingEntry = await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: { mode: 'one_form', materials: [], form: {}, commit: true },
    });
    expect(missingEntry.statusCode).toBe(412);
    expect(missingEntry.json().message).toContain('申请承诺表');
    const res = await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: {
        mode: 'one_form',
        materials: [],
        form: { '企业投资项目备案信息表（申请承诺表）': '项目名称：草原明珠中央厨房；总投资：800万元' },
        commit: true,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.status).toBe('approved');
    expect(body.materials.map((m: { state: string }) => m.state)).toEqual([
      'in_form',
      'committed',
      'shared',
      'shared',
    ]);
  });

  it('refuses: a mode the item lacks, a commitment mode without signing, a non-tolerable material missing', async () => {
    const a = (await start(t, ent, FREIGHT)).application;
    const submit = (payload: Record<string, unknown>) =>
      t.call(ent, { method: 'POST', url: `/api/applications/${a.id}/submit`, payload });
    expect((await submit({ mode: 'one_form', materials: [], commit: true })).statusCode).toBe(412);
    const noCommit = await submit({ mode: 'commit_entry', materials: [], commit: false });
    expect(noCommit.statusCode).toBe(412);
    expect(noCommit.json().message).toContain('一般程序');
    const nonTolerable = await submit({
      mode: 'missing_materials',
      materials: await uploadMaterials(t, ent, ['拟投入车辆承诺书']),
      missing: ['道路货物运输经营申请表', '安全生产管理制度文本'],
      commit: true,
    });
    expect(nonTolerable.statusCode).toBe(412);
    expect(nonTolerable.json().details.problems).toContain(
      '“道路货物运输经营申请表”不可容缺，必须在受理时提交',
    );
    const missingRequired = await submit({ mode: 'commit_entry', materials: [], commit: true });
    expect(missingRequired.statusCode).toBe(412);
    const notOwn = await submit({
      mode: 'commit_entry',
      materials: [{ name: '道路货物运输经营申请表', fileId: await upload(t, person, 'x.pdf') }],
      commit: true,
    });
    expect(notOwn.statusCode).toBe(412);
    const noSuchFile = await submit({
      mode: 'commit_entry',
      materials: [{ name: '道路货物运输经营申请表', fileId: randomUUID() }],
      commit: true,
    });
    expect(noSuchFile.statusCode).toBe(412);
    expect(noSuchFile.json().message).toBe('所附文件不存在或不是本人上传的');
    // Nothing was half-written: still a draft at version 1.
    const still = (await t.call(ent, { method: 'GET', url: `/api/applications/${a.id}` })).json();
    expect(still).toMatchObject({ status: 'draft', version: 1 });
  });

  it('an agent needs an item that allows proxies and the applicant’s authorisation', async () => {
    const principal = { kind: 'individual', code: demoApplicants.individual.residentId, name: '白音其其格' };
    const noProxy = await t.call(agent, {
      method: 'POST',
      url: '/api/applications',
      payload: {
        itemCode: FILING,
        subject: principal,
        authorizationFileId: await upload(t, agent, '委托书.pdf'),
      },
    });
    expect(noProxy.statusCode).toBe(412);
    expect(noProxy.json().message).toContain('不适用代为承诺');
    const noAuth = await t.call(agent, {
      method: 'POST',
      url: '/api/applications',
      payload: { itemCode: FREIGHT, subject: principal },
    });
    expect(noAuth.statusCode).toBe(403);
    expect(noAuth.json().message).toContain('委托');
    const auth = await upload(t, agent, '授权委托书.pdf');
    // An uploaded 授权委托书 proves nothing by itself: the principal grants the mandate.
    const unmandated = await t.call(agent, {
      method: 'POST',
      url: '/api/applications',
      payload: { itemCode: FREIGHT, subject: principal, authorizationFileId: auth },
    });
    expect(unmandated.statusCode).toBe(403);
    const granted = await t.call(person, {
      method: 'POST',
      url: '/api/mandates',
      payload: {
        agentResidentId: demoApplicants.agent.residentId,
        agentName: '韩志强',
        scope: 'all',
        expiresOn: '2027-12-31',
      },
    });
    expect(granted.statusCode, granted.body).toBe(201);
    const ok = await start(t, agent, FREIGHT, { subject: principal, authorizationFileId: auth });
    expect(ok.application.agentName).toBe('韩志强');
    expect(ok.application.subjectCode).not.toContain('19900308');
    const res = await t.call(agent, {
      method: 'POST',
      url: `/api/applications/${ok.application.id}/submit`,
      payload: {
        mode: 'commit_entry',
        materials: await uploadMaterials(t, agent, [
          ...FREIGHT_COMPLETE,
          '安全生产管理制度文本',
          '驾驶人员从业资格证复印件',
        ]),
        commit: true,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const c = (
      await t.call(agent, { method: 'GET', url: `/api/applications/${ok.application.id}/commitment` })
    ).json();
    expect(c.text).toContain('代理人：韩志强');
    expect(c.signerName).toBe('韩志强');
  });

  it('standard procedure: accept → review → approve within the legal time limit; a second decision is refused', async () => {
    const a = (await start(t, ent, CLINIC)).application;
    const payload = {
      mode: 'standard',
      materials: await uploadMaterials(t, ent, [
        '医疗机构执业登记申请书',
        '医疗机构用房产权证明或使用证明',
        '医疗机构规章制度',
      ]),
      commit: false,
    };
    const submit = () => t.call(ent, { method: 'POST', url: `/api/applications/${a.id}/submit`, payload });
    // 45 working days run into 2027, whose holidays are not loaded yet: accepted all the same, the
    // deadline reckoned from the statutory holidays and marked so.
    const noYear = await submit();
    expect(noYear.statusCode, noYear.body).toBe(200);
    const sub = noYear.json();
    expect(sub.status).toBe('submitted');
    expect(sub.legalDeadline).toBe('2027-01-26'); // 45 working days after 2026-11-23, over New Year's Day
    expect(sub.deadlinesProvisional).toBe(true);
    expect(sub.deadlineNote).toContain('暂按法定节假日计算');
    const sysadmin = await t.login('sysadmin');
    const load = await t.call(sysadmin, {
      method: 'PUT',
      url: '/api/calendar/years/2027',
      payload: withStatutoryHolidays(2027, {
        notice: '国务院办公厅关于2027年部分节假日安排的通知',
        holidays: [{ date: '2027-01-01', name: '元旦' }],
        workdays: [],
      }),
    });
    expect(load.statusCode, load.body).toBe(200);
    const loaded = (await t.call(ent, { method: 'GET', url: `/api/applications/${a.id}` })).json();
    expect(loaded).toMatchObject({
      legalDeadline: '2027-01-26',
      deadlinesProvisional: false,
      deadlineNote: null,
    });
    const act = (s: Session, step: string, payload: Record<string, unknown> = {}) =>
      t.call(s, { method: 'POST', url: `/api/applications/${a.id}/${step}`, payload });
    expect((await act(ent, 'accept')).statusCode).toBe(403);
    expect((await act(approver, 'review')).statusCode).toBe(409);
    expect((await act(clerk, 'accept')).json().status).toBe('accepted');
    expect((await act(clerk, 'review')).statusCode).toBe(403);
    expect((await act(approverFgw, 'review')).statusCode).toBe(404);
    const reviewed = await act(approver, 'review', { comment: '材料齐全，符合条件' });
    expect(reviewed.json().status).toBe('reviewed');
    const stale = await act(approver, 'approve', { version: 2 });
    expect(stale.statusCode).toBe(409);
    // Two deciders at once are in applications-races.pg.test.ts (they overlap only on PostgreSQL).
    const first = await act(approver, 'approve');
    expect(first.statusCode, first.body).toBe(200);
    const again = await act(approver, 'approve');
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('INVALID_TRANSITION');
    const won = first.json();
    expect(won.status).toBe('approved');
    expect(won.license).not.toBeNull();
    const hist = (await t.call(ent, { method: 'GET', url: `/api/applications/${a.id}/history` })).json();
    expect(hist.items.map((e: { event: string }) => e.event)).toEqual([
      'create',
      'submit',
      'accept',
      'review',
      'approve',
    ]);
    const queue = (await t.call(approverFgw, { method: 'GET', url: '/api/applications' })).json();
    expect(queue.items.map((i: { id: string }) => i.id)).not.toContain(a.id);
    expect(queue.items.every((i: { departmentId: string }) => i.departmentId !== a.departmentId)).toBe(true);
  });

  it('rejecting needs a reason; withdrawal only before the decision', async () => {
    const a = (await start(t, ent, CLINIC)).application;
    await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: {
        mode: 'standard',
        materials: await uploadMaterials(t, ent, [
          '医疗机构执业登记申请书',
          '医疗机构用房产权证明或使用证明',
          '医疗机构规章制度',
        ]),
        commit: false,
      },
    });
    expect(
      (await t.call(clerk, { method: 'POST', url: `/api/applications/${a.id}/reject`, payload: {} }))
        .statusCode,
    ).toBe(400);
    const w = await t.call(ent, { method: 'POST', url: `/api/applications/${a.id}/withdraw`, payload: {} });
    expect(w.json().status).toBe('withdrawn');
    const b = (await start(t, ent, CLINIC)).application;
    const r = await t.call(approver, {
      method: 'POST',
      url: `/api/applications/${b.id}/reject`,
      payload: { comment: '未提交申请' },
    });
    expect(r.statusCode).toBe(409);
  });

  it('missing materials: accepted with due dates, supplying everything completes the case at once', async () => {
    const a = (await start(t, ent, FREIGHT)).application;
    const res = await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: {
        mode: 'missing_materials',
        materials: await uploadMaterials(t, ent, FREIGHT_COMPLETE),
        missing: ['安全生产管理制度文本', '驾驶人员从业资格证复印件'],
        commit: true,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const acc = res.json();
    expect(acc.status).toBe('missing_materials');
    expect(acc.missing.map((m: { dueDate: string }) => m.dueDate)).toEqual(['2026-12-07', '2026-12-07']);
    const supply = async (names: string[]) =>
      t.call(ent, {
        method: 'POST',
        url: `/api/applications/${a.id}/supply`,
        payload: { materials: await uploadMaterials(t, ent, names) },
      });
    const part = await supply(['安全生产管理制度文本']);
    expect(part.json().status).toBe('missing_materials');
    expect((await supply(['道路货物运输经营申请表'])).statusCode).toBe(412);
    const all = await supply(['驾驶人员从业资格证复印件']);
    expect(all.json().status).toBe('approved');
    expect(all.json().license).not.toBeNull();
  });

  it('uploads are checked by content and downloadable only by those entitled', async () => {
    const txt = await t.call(ent, {
      method: 'POST',
      url: '/api/files',
      headers: { 'content-type': 'application/pdf', 'x-file-name': 'a.pdf' },
      payload: Buffer.from('<script>alert(1)</script>'),
    });
    expect(txt.statusCode).toBe(400);
    const png = await upload(t, ent, '../../etc/passwd.png', PNG);
    const mine = await t.call(ent, { method: 'GET', url: `/api/files/${png}` });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['content-type']).toBe('image/png');
    expect(mine.headers['content-disposition']).not.toContain('/');
    expect((await t.call(person, { method: 'GET', url: `/api/files/${png}` })).statusCode).toBe(404);
    expect((await t.call(clerk, { method: 'GET', url: `/api/files/${png}` })).statusCode).toBe(404);
    expect((await t.call(null, { method: 'GET', url: `/api/files/${png}` })).statusCode).toBe(401);
    // Once attached to an application, the window may read it.
    const a = (await start(t, ent, CLINIC)).application;
    await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: {
        mode: 'standard',
        materials: [
          { name: '医疗机构执业登记申请书', fileId: png },
          ...(await uploadMaterials(t, ent, ['医疗机构用房产权证明或使用证明', '医疗机构规章制度'])),
        ],
        commit: false,
      },
    });
    expect((await t.call(clerk, { method: 'GET', url: `/api/files/${png}` })).statusCode).toBe(200);
    expect((await t.call(approverFgw, { method: 'GET', url: `/api/files/${png}` })).statusCode).toBe(404);
  });

  it('counter application: the clerk records a handwritten signature', async () => {
    const { name, uscc } = demoApplicants.enterprise;
    const subject = { kind: 'enterprise', code: uscc, name };
    const a = (await start(t, clerk, FOOD, { subject })).application;
    expect(a.channel).toBe('counter');
    const payload = {
      mode: 'license_commitment',
      materials: await uploadMaterials(t, clerk, FOOD_ASKED),
      commit: true,
    };
    const noSig = await t.call(clerk, { method: 'POST', url: `/api/applications/${a.id}/submit`, payload });
    expect(noSig.statusCode).toBe(412);
    expect(
      (await t.call(ent, { method: 'POST', url: `/api/applications/${a.id}/submit`, payload })).statusCode,
    ).toBe(403);
    const res = await t.call(clerk, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: { ...payload, handwritten: { signerName: '张明' } },
    });
    expect(res.json().status).toBe('approved');
    const v = (
      await t.call(clerk, { method: 'GET', url: `/api/applications/${a.id}/commitment/verification` })
    ).json();
    expect(v).toMatchObject({ signatureKind: 'handwritten', digestMatches: true, signatureValid: null });
    // The subject's own account sees the counter case among its applications.
    const mine = (await t.call(ent, { method: 'GET', url: '/api/my/applications?pageSize=100' })).json();
    expect(mine.items.some((i: { id: string }) => i.id === a.id)).toBe(true);
  });

  it('refuses callers who may not', async () => {
    expect(
      (await t.call(null, { method: 'POST', url: '/api/applications', payload: { itemCode: FOOD } }))
        .statusCode,
    ).toBe(401);
    expect(
      (await t.call(inspector, { method: 'POST', url: '/api/applications', payload: { itemCode: FOOD } }))
        .statusCode,
    ).toBe(403);
    expect((await t.call(ent, { method: 'GET', url: '/api/applications' })).statusCode).toBe(403);
    expect((await t.call(inspector, { method: 'GET', url: '/api/applications' })).statusCode).toBe(403);
    expect((await t.call(clerk, { method: 'GET', url: '/api/my/applications' })).statusCode).toBe(403);
    const a = (await start(t, ent, FOOD)).application;
    expect((await t.call(person, { method: 'GET', url: `/api/applications/${a.id}` })).statusCode).toBe(404);
    expect(
      (await t.call(person, { method: 'POST', url: `/api/applications/${a.id}/withdraw`, payload: {} }))
        .statusCode,
    ).toBe(404);
    expect(
      (await t.call(ent, { method: 'POST', url: `/api/applications/${a.id}/approve`, payload: {} }))
        .statusCode,
    ).toBe(403);
    // A draft has no letter yet: the owner is told so.
    const noLetter = await t.call(ent, { method: 'GET', url: `/api/applications/${a.id}/commitment` });
    expect(noLetter.statusCode).toBe(404);
    expect(noLetter.json().message).toContain('没有承诺书');
    const code = async (who: Session | null, method: 'GET' | 'POST', url: string, payload?: object) =>
      (await t.call(who, { method, url, ...(payload ? { payload } : {}) })).statusCode;
    const submitBody = { mode: 'standard', materials: [], commit: false };
    expect(await code(person, 'POST', `/api/applications/${a.id}/submit`, submitBody)).toBe(404);
    expect(await code(inspector, 'POST', `/api/applications/${a.id}/submit`, submitBody)).toBe(403);
    expect(await code(ent, 'POST', `/api/applications/${a.id}/reject`, { comment: '理由' })).toBe(403);
    expect(await code(inspector, 'POST', `/api/applications/${a.id}/accept`, {})).toBe(403);
    expect(await code(inspector, 'POST', `/api/applications/${a.id}/review`, {})).toBe(403);
    const supplyBody = { materials: [{ name: 'x', fileId: a.id }] };
    expect(await code(person, 'POST', `/api/applications/${a.id}/supply`, supplyBody)).toBe(404);
    expect(await code(approver, 'POST', `/api/applications/${a.id}/supply`, supplyBody)).toBe(403);
    expect(await code(person, 'GET', `/api/applications/${a.id}/history`)).toBe(404);
    expect(await code(inspector, 'GET', `/api/applications/${a.id}/history`)).toBe(403);
    // A signed letter: its owner verifies it, a stranger is told it does not exist.
    const [signed] = await db
      .select({ id: commitment.applicationId })
      .from(commitment)
      .innerJoin(applicationTable, eq(applicationTable.id, commitment.applicationId))
      .where(
        eq(
          applicationTable.applicantUserId,
          (await t.call(ent, { method: 'GET', url: '/api/me' })).json().id,
        ),
      );
    expect(await code(ent, 'GET', `/api/applications/${signed!.id}/commitment/verification`)).toBe(200);
    expect(await code(person, 'GET', `/api/applications/${signed!.id}/commitment/verification`)).toBe(404);
    expect(await code(person, 'GET', `/api/applications/${signed!.id}/commitment`)).toBe(404);
    expect(await code(null, 'GET', `/api/applications/${a.id}/commitment/verification`)).toBe(401);
    expect(await code(clerk, 'GET', '/api/my/licenses')).toBe(403);
    expect(await code(null, 'GET', '/api/my/licenses')).toBe(401);
    // Inspectors upload evidence now; an auditor uploads nothing.
    const up = await t.call(await t.login('auditor'), {
      method: 'POST',
      url: '/api/files',
      headers: { 'content-type': 'application/pdf' },
      payload: PDF,
    });
    expect(up.statusCode).toBe(403);
    expect(await code(approverFgw, 'GET', `/api/applications/${a.id}`)).toBe(404);
  });
});
