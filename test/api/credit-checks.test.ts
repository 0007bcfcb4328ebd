import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { demoApplicants } from '../../src/server/bootstrap';
import { auditLog } from '../../src/server/db/schema';
import { demoCreditSubjects } from '../../src/server/modules/credit/seed/seed-credit';
import { addGrade, addRecord, check, creditScene, enterprise } from '../helpers/credit';

const { t, platform, credit, clerk, approver, approverFgw, ent, person, depts, wushenItem, post, get } =
  await creditScene();

describe('the credit check record', () => {
  it('records who checked, which sources were asked and what each returned, the policy, outcome and reasons', async () => {
    const subject = enterprise();
    const r = await addRecord(t, credit, subject, {
      kind: 'false_commitment',
      severity: 'general',
      decidedOn: '2026-07-01',
    });
    await addGrade(t, credit, subject, 'national', 'B');
    const res = await check(t, clerk, subject, wushenItem);
    const stored = await get(clerk, `/api/credit/checks/${res.id}`);
    expect(stored.statusCode).toBe(200);
    const c = stored.json();
    expect(c).toMatchObject({
      id: res.id,
      checkedBy: { kind: 'staff', name: 'clerk' },
      departmentId: depts['WSQ-ZWFW'],
      itemVersionId: wushenItem,
      grade: { scale: 'national', value: 'B' },
      policy: { code: 'wushen', version: 1 },
      outcome: 'not_eligible',
      outcomeLabel: '不适用告知承诺（按一般程序办理）',
      allowedModes: ['standard'],
      restrictions: ['key_review'],
    });
    expect(c.policy.basis).toContain('乌审旗');
    expect(c.sources).toEqual([
      expect.objectContaining({
        source: 'local',
        ok: true,
        recordsFound: 1,
        grade: { scale: 'national', value: 'B' },
      }),
      expect.objectContaining({ source: 'creditchina', name: '信用中国（测试）', ok: true, recordsFound: 0 }),
    ]);
    expect(c.records).toEqual([
      expect.objectContaining({ id: r.id, source: 'local', kind: 'false_commitment', inEffect: true }),
    ]);
    expect(c.reasons).toContainEqual(expect.objectContaining({ rule: 'false_commitment', recordId: r.id }));
    const [audit] = await t.database.db.select().from(auditLog).where(eq(auditLog.targetId, res.id));
    expect(audit).toMatchObject({ action: 'credit.check', actorName: 'clerk' });
  });

  it('allowed modes are the policy’s modes within the item’s, always with the standard procedure', async () => {
    const catalog = await t.login('catalog');
    const exported = (await get(catalog, '/api/catalog/export?format=json')).json().items as {
      code: string;
      modes: string[];
    }[];
    const oneForm = exported.find((i) => i.modes.filter((m) => m !== 'standard').join() === 'one_form');
    expect(oneForm).toBeDefined();
    const pub = await get(null, `/api/public/catalog/items/${oneForm!.code}`);
    const versionId = pub.json().versionId;
    const res = await check(t, clerk, enterprise(), versionId);
    expect(res.outcome).toBe('eligible');
    expect(res.allowedModes).toEqual(['one_form', 'standard']);
  });

  it('an external source that does not answer in time: not eligible, with the reason, never silently eligible', async () => {
    const subject = enterprise();
    platform.slow.add(subject.code);
    const started = Date.now();
    const res = await check(t, clerk, subject, wushenItem);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(res.outcome).toBe('not_eligible');
    expect(res.allowedModes).toEqual(['standard']);
    const reason = res.reasons.find((r: { rule: string }) => r.rule === 'source_unavailable');
    expect(reason.message).toContain('信用中国（测试）');
    expect(reason.message).toContain('超时');
    const src = res.sources.find((s: { source: string }) => s.source === 'creditchina');
    expect(src).toMatchObject({ ok: false });
    expect(src.error).toContain('已重试1次');
  });

  it('retries a platform that fails once, and counts what it reports', async () => {
    const subject = enterprise();
    platform.flaky.set(subject.code, 1);
    platform.records.set(subject.code, [
      {
        ref: 'CC-2026-001',
        kind: 'serious_dishonesty_list',
        severity: 'serious',
        authority: '国家发展改革委',
        decidedOn: '2026-05-01',
        summary: '列入严重失信主体名单',
      },
    ]);
    const before = platform.calls;
    const res = await check(t, clerk, subject, wushenItem);
    expect(platform.calls - before).toBe(2);
    expect(res.outcome).toBe('not_eligible');
    expect(res.reasons).toContainEqual(
      expect.objectContaining({ rule: 'dishonesty_list', recordId: 'creditchina:CC-2026-001' }),
    );
    expect(res.sources.find((s: { source: string }) => s.source === 'creditchina')).toMatchObject({
      ok: true,
      recordsFound: 1,
    });
  });

  it('lists the checks of one application, only to those who may read them', async () => {
    const subject = enterprise();
    const ran = await t.call(clerk, {
      method: 'POST',
      url: '/api/credit/checks',
      payload: { subject, itemVersionId: wushenItem, applicationId: 'APP-LIST-1' },
    });
    expect(ran.statusCode).toBe(201);
    await t.call(clerk, {
      method: 'POST',
      url: '/api/credit/checks',
      payload: { subject, itemVersionId: wushenItem, applicationId: 'APP-LIST-1' },
    });
    const listed = await get(clerk, '/api/credit/checks?applicationId=APP-LIST-1');
    expect(listed.json().items).toHaveLength(2);
    expect(listed.json().items.map((c: { id: string }) => c.id)).toContain(ran.json().id);
    expect(
      listed.json().items.every((c: { applicationId: string }) => c.applicationId === 'APP-LIST-1'),
    ).toBe(true);
    expect((await get(approver, '/api/credit/checks?applicationId=APP-LIST-1')).json().items).toEqual([]);
    expect((await get(person, '/api/credit/checks?applicationId=APP-LIST-1')).json().items).toEqual([]);
    expect((await get(null, '/api/credit/checks?applicationId=APP-LIST-1')).statusCode).toBe(401);
  });

  it('who may read a check: clerks, the credit department, the item’s approvers, the applicant itself', async () => {
    const own = await check(
      t,
      clerk,
      { kind: 'enterprise', code: demoApplicants.enterprise.uscc, name: demoApplicants.enterprise.name },
      wushenItem,
    );
    expect((await get(clerk, `/api/credit/checks/${own.id}`)).statusCode).toBe(200);
    expect((await get(credit, `/api/credit/checks/${own.id}`)).statusCode).toBe(200);
    const mine = await get(ent, `/api/credit/checks/${own.id}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().grade).toBeNull(); // grades serve the departments only
    expect(mine.json().sources.length).toBeGreaterThan(0);
    expect(mine.json().sources.every((s: { grade: unknown }) => s.grade === null)).toBe(true);
    // Another applicant's check, like every foreign object, does not exist for the caller.
    const foreign = await get(person, `/api/credit/checks/${own.id}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual({ code: 'NOT_FOUND', message: '信用核查记录不存在' });
    // The test item belongs to a department of its own: neither demo approver handles it.
    expect((await get(approver, `/api/credit/checks/${own.id}`)).statusCode).toBe(404);
    expect((await get(null, `/api/credit/checks/${own.id}`)).statusCode).toBe(401);
    const inspector = await t.login('inspector');
    expect((await get(inspector, `/api/credit/checks/${own.id}`)).statusCode).toBe(403);
    expect(
      (await post(inspector, '/api/credit/checks', { subject: enterprise(), itemVersionId: null }))
        .statusCode,
    ).toBe(403);
    expect(
      (await post(ent, '/api/credit/checks', { subject: enterprise(), itemVersionId: null })).statusCode,
    ).toBe(403);
    // An approver runs a check for its own department's case and reads it; another department's may not.
    const byApprover = await check(t, approverFgw, enterprise(), null);
    expect((await get(approverFgw, `/api/credit/checks/${byApprover.id}`)).statusCode).toBe(200);
    expect((await get(approver, `/api/credit/checks/${byApprover.id}`)).statusCode).toBe(404);
  });
});

describe('demo subjects', () => {
  it('the demo enterprise is eligible; the demo subjects show conditional and not eligible', async () => {
    const e = demoApplicants.enterprise;
    const eligible = await check(t, clerk, { kind: 'enterprise', code: e.uscc, name: e.name }, null);
    expect(eligible.outcome).toBe('eligible');
    const p = demoApplicants.individual;
    expect(
      (await check(t, clerk, { kind: 'individual', code: p.residentId, name: p.name }, null)).outcome,
    ).toBe('eligible');
    expect((await check(t, clerk, demoCreditSubjects.conditional, null)).outcome).toBe('conditional');
    expect((await check(t, clerk, demoCreditSubjects.notEligible, null)).outcome).toBe('not_eligible');
  });

  it('an applicant sees its own records and checks, never its grade', async () => {
    const res = await get(ent, '/api/credit/me');
    expect(res.statusCode).toBe(200);
    expect(res.json().subject.code).toBe(demoApplicants.enterprise.uscc);
    expect(res.json().records.map((r: { kind: string }) => r.kind)).toContain('tax_credit_a');
    // The check list carries outcomes only; the grade behind them stays with the credit department.
    expect(res.json().checks.length).toBeGreaterThan(0);
    expect(res.json().checks.every((c: object) => !('grade' in c))).toBe(true);
    expect((await get(clerk, '/api/credit/me')).statusCode).toBe(403);
  });

  it('the public sees published dishonesty records, never grades or minor records', async () => {
    const res = await get(null, '/api/public/credit/records?pageSize=200');
    expect(res.statusCode).toBe(200);
    const names = res.json().items.map((i: { subjectName: string }) => i.subjectName);
    expect(names).toContain(demoCreditSubjects.notEligible.name);
    expect(names).not.toContain(demoApplicants.enterprise.name);
    expect(res.body).not.toMatch(/grade|等级/);
  });
});
