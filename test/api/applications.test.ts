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
import { uploadMaterials } from '../helpers/files';

/** The e-license platform, faked: it knows every subject's business license. */
const fetched: string[] = [];
const fakeSharedData: SharedDataAdapter = {
  fetch: async (subject, name) => {
    fetched.push(name);
    return { found: true, source: '电子证照库', reference: `${name}-${subject.code.slice(-6)}` };
  },
};

const start = (t: TestApp, s: Session, itemCode: string, extra: Record<string, unknown> = {}) =>
  startCase(t, s, { itemCode, ...extra });

const FOOD = 'WSQ-ZWFW-001'; // 食品经营许可: license_commitment, enter_then_verify, missing_materials; proxy allowed
const FOOD_ASKED = [
  '食品经营许可申请书',
  '与食品经营相适应的主要设备设施布局、操作流程等文件',
  '食品安全管理制度目录',
];
const FILING = 'WSQ-FGW-001'; // 企业投资项目备案: one_form only, no proxy

describe('applications', async () => {
  const t = await createTestApp({ sharedData: fakeSharedData });
  const ent = await t.login('ent_demo');
  const agent = await t.login('agent_demo');
  const clerk = await t.login('clerk');
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
});
