import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { demoApplicants } from '../../src/server/bootstrap';
import { auditLog } from '../../src/server/db/schema';
import type { Session } from '../helpers/app';
import { addRecord, check, creditScene, enterprise } from '../helpers/credit';

const { t, wushenItem, post, get, ...scene } = await creditScene();
let { credit, clerk, ent, person } = scene;

describe('credit repair', () => {
  const repairBody = (recordId: string) => ({
    recordId,
    evidence: '已缴清罚款并完成整改，附缴款凭证',
    commitment: '本单位承诺今后依法诚信经营，如有失信行为愿意接受惩戒',
  });
  const entSubject = {
    kind: 'enterprise' as const,
    code: demoApplicants.enterprise.uscc,
    name: demoApplicants.enterprise.name,
  };

  it('waits for the minimum publicity period of each severity', async () => {
    // Today is 2026-11-23.
    const minor = await addRecord(t, credit, entSubject, {
      kind: 'broken_commitment',
      severity: 'minor',
      decidedOn: '2026-11-10',
    });
    const generalEarly = await addRecord(t, credit, entSubject, {
      kind: 'broken_commitment',
      severity: 'general',
      decidedOn: '2026-09-01',
    });
    const generalDue = await addRecord(t, credit, entSubject, {
      kind: 'abnormal_operation',
      severity: 'general',
      decidedOn: '2026-08-01',
    });
    const seriousEarly = await addRecord(t, credit, entSubject, {
      kind: 'false_commitment',
      severity: 'serious',
      decidedOn: '2025-12-01',
    });
    const seriousDue = await addRecord(t, credit, entSubject, {
      kind: 'blacklist',
      severity: 'serious',
      decidedOn: '2025-11-01',
    });

    expect((await post(ent, '/api/credit/repair-requests', repairBody(minor.id))).statusCode).toBe(201);
    const early = await post(ent, '/api/credit/repair-requests', repairBody(generalEarly.id));
    expect(early.statusCode).toBe(412);
    expect(early.json().message).toContain('2026-12-01');
    expect((await post(ent, '/api/credit/repair-requests', repairBody(generalDue.id))).statusCode).toBe(201);
    const sEarly = await post(ent, '/api/credit/repair-requests', repairBody(seriousEarly.id));
    expect(sEarly.statusCode).toBe(412);
    expect(sEarly.json().message).toContain('严重');
    expect((await post(ent, '/api/credit/repair-requests', repairBody(seriousDue.id))).statusCode).toBe(201);
    // Twice for one record: refused while the first is pending.
    expect((await post(ent, '/api/credit/repair-requests', repairBody(minor.id))).statusCode).toBe(409);
  });

  it('a penalty must be fulfilled first; only the subject itself may ask', async () => {
    const r = await addRecord(t, credit, entSubject, {
      kind: 'administrative_penalty',
      severity: 'minor',
      decidedOn: '2026-11-02',
      penaltyFulfilled: false,
    });
    const res = await post(ent, '/api/credit/repair-requests', repairBody(r.id));
    expect(res.statusCode).toBe(412);
    expect(res.json().message).toContain('履行');
    expect((await post(person, '/api/credit/repair-requests', repairBody(r.id))).statusCode).toBe(403);
    expect((await post(clerk, '/api/credit/repair-requests', repairBody(r.id))).statusCode).toBe(403);
  });

  it('once repaired the record stops being published and stops blocking from the next check on', async () => {
    const subject = enterprise('修复测试有限公司');
    // Give the subject an applicant account so it can ask for repair itself.
    const applicant = await t.provenApplicant({
      username: 'repair_co',
      password: 'Xinyipi#2026x',
      applicantType: 'enterprise',
      displayName: subject.name,
      uscc: subject.code,
      phone: '13900000011',
    });
    const r = await addRecord(t, credit, subject, {
      kind: 'false_commitment',
      severity: 'general',
      decidedOn: '2026-07-20',
    });
    const before = await check(t, clerk, subject, wushenItem);
    expect(before.outcome).toBe('not_eligible');

    const req = await post(applicant, '/api/credit/repair-requests', repairBody(r.id));
    expect(req.statusCode, req.body).toBe(201);
    expect(req.json()).toMatchObject({ status: 'pending', dueOn: '2026-11-30', overdue: false });
    expect(
      (
        await post(clerk, `/api/credit/repair-requests/${req.json().id}/decision`, {
          approve: true,
          note: '同意',
        })
      ).statusCode,
    ).toBe(403);
    expect((await get(ent, '/api/credit/repair-requests')).statusCode).toBe(403);

    // Sessions last hours: moving the clock by days means logging in again.
    const inbox = async (s: Session) =>
      (await get(s, '/api/inbox?pageSize=200'))
        .json()
        .items.map((n: { title: string; refId: string }) => `${n.title}|${n.refId}`);
    expect(await inbox(credit)).toContain(`新的信用修复申请|${req.json().id}`);
    await t.clock.set('2026-12-01T02:00:00Z');
    credit = await t.login('credit');
    clerk = await t.login('clerk');
    // The reminder job fires on the due day for a case still open.
    await t.runJobs();
    await expect
      .poll(() => inbox(credit), { timeout: 10_000 })
      .toContain(`信用修复申请今日到期|${req.json().id}`);
    const pending = (await get(credit, '/api/credit/repair-requests?status=pending')).json().items;
    expect(pending.find((p: { id: string }) => p.id === req.json().id).overdue).toBe(true);

    const decided = await post(credit, `/api/credit/repair-requests/${req.json().id}/decision`, {
      approve: true,
      note: '已纠正失信行为，同意修复',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().status).toBe('approved');
    expect(
      (
        await post(credit, `/api/credit/repair-requests/${req.json().id}/decision`, {
          approve: false,
          note: '重复',
        })
      ).statusCode,
    ).toBe(409);

    const rec = (await get(credit, `/api/credit/records/${r.id}`)).json();
    expect(rec).toMatchObject({ status: 'repaired', published: false });
    expect(await inbox(await t.login('repair_co', 'Xinyipi#2026x'))).toContain(
      `信用修复申请已通过|${req.json().id}`,
    );
    const after = await check(t, clerk, subject, wushenItem);
    expect(after.outcome).toBe('eligible');
    // The earlier check keeps what it found.
    expect((await get(clerk, `/api/credit/checks/${before.id}`)).json().outcome).toBe('not_eligible');
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.targetId, req.json().id))
      .orderBy(auditLog.id);
    expect(audit.map((a) => a.action)).toEqual(['credit.repair_request', 'credit.repair_approve']);
    await t.clock.set('2026-11-23T02:00:00Z');
    credit = await t.login('credit');
    clerk = await t.login('clerk');
    ent = await t.login('ent_demo');
    person = await t.login('person_demo');
  });
});
