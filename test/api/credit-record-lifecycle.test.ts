import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, creditRecordEvent } from '../../src/server/db/schema';
import { createTestApp, type Session } from '../helpers/app';
import { addRecord, enterprise, type SubjectRef } from '../helpers/credit';

const t = await createTestApp({ now: '2026-11-23T02:00:00Z' });
const db = t.database.db;

let credit: Session;
let clerk: Session;
let owner: Session;
let subject: SubjectRef;

beforeAll(async () => {
  credit = await t.login('credit');
  clerk = await t.login('clerk');
  subject = enterprise('生命周期测试有限公司');
  // The owner reads its own credit file only once its identity is proven (here at the counter).
  owner = await t.provenApplicant({
    username: 'lifecycle_co',
    applicantType: 'enterprise',
    displayName: subject.name,
    uscc: subject.code,
    phone: '13900000021',
  });
});

const post = (s: Session, url: string, payload: object) => t.call(s, { method: 'POST', url, payload });
const history = (recordId: string) =>
  db
    .select()
    .from(creditRecordEvent)
    .where(eq(creditRecordEvent.recordId, recordId))
    .orderBy(asc(creditRecordEvent.seq));
const audits = async (recordId: string) =>
  (await db.select().from(auditLog).where(eq(auditLog.targetId, recordId))).map((a) => a.action).sort();

async function object(recordId: string) {
  const res = await post(owner, '/api/credit/objections', { recordId, reason: '处罚决定已被复议撤销' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
const decide = (objectionId: string, outcome: 'corrected' | 'removed' | 'upheld', extra: object = {}) =>
  post(credit, `/api/credit/objections/${objectionId}/decision`, { outcome, note: '经核实', ...extra });

describe('the credit record lifecycle through its actions', () => {
  it('each step writes one history row and one audit row of the record', async () => {
    const r = await addRecord(t, credit, subject, {
      kind: 'administrative_penalty',
      severity: 'general',
      decidedOn: '2026-07-01',
      penaltyFulfilled: true,
    });
    expect((await history(r.id)).map((e) => e.event)).toEqual(['create']);

    const first = await object(r.id);
    expect((await decide(first, 'upheld')).statusCode).toBe(200);
    const second = await object(r.id);
    const corrected = await decide(second, 'corrected', { correction: { summary: '更正后的事由' } });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const repair = await post(owner, '/api/credit/repair-requests', {
      recordId: r.id,
      evidence: '已履行处罚决定',
      commitment: '承诺守法经营',
    });
    expect(repair.statusCode, repair.body).toBe(201);
    const approved = await post(credit, `/api/credit/repair-requests/${repair.json().id}/decision`, {
      approve: true,
      note: '同意修复',
    });
    expect(approved.statusCode, approved.body).toBe(200);

    const steps = await history(r.id);
    expect(steps.map((e) => [e.event, e.fromStatus, e.toStatus, e.underObjection])).toEqual([
      ['create', null, 'active', false],
      ['object', 'active', 'active', true],
      ['uphold', 'active', 'active', false],
      ['object', 'active', 'active', true],
      ['correct', 'active', 'active', false],
      ['repair', 'active', 'repaired', false],
    ]);
    expect(steps.filter((e) => e.event !== 'create').every((e) => e.refId && e.actorName)).toBe(true);
    expect(await audits(r.id)).toEqual(
      [
        'credit.record_create',
        'credit.record_object',
        'credit.record_uphold',
        'credit.record_object',
        'credit.record_correct',
        'credit.record_repair',
      ].sort(),
    );
  });

  it('refuses a step the table lacks with a Chinese message, and writes nothing', async () => {
    const r = await addRecord(t, credit, subject, {
      kind: 'abnormal_operation',
      severity: 'general',
      decidedOn: '2026-07-01',
    });
    const objection = await object(r.id);
    expect((await decide(objection, 'removed')).statusCode).toBe(200);
    expect((await history(r.id)).at(-1)).toMatchObject({ event: 'remove', toStatus: 'removed' });
    const before = (await history(r.id)).length;
    const auditBefore = (await audits(r.id)).length;

    const again = await post(owner, '/api/credit/objections', { recordId: r.id, reason: '再次异议' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'INVALID_TRANSITION',
      message: '信用记录状态为“已撤销”，不能“提出异议”',
    });
    const repair = await post(owner, '/api/credit/repair-requests', {
      recordId: r.id,
      evidence: '证明',
      commitment: '承诺',
    });
    expect(repair.statusCode).toBeGreaterThanOrEqual(400);
    expect(repair.json().message).toMatch(/[\u4e00-\u9fff]/);
    expect(await history(r.id)).toHaveLength(before);
    expect(await audits(r.id)).toHaveLength(auditBefore);
  });

  it('a second objection while one is pending is refused', async () => {
    const r = await addRecord(t, credit, subject, {
      kind: 'abnormal_operation',
      severity: 'general',
      decidedOn: '2026-07-01',
    });
    await object(r.id);
    const twice = await post(owner, '/api/credit/objections', { recordId: r.id, reason: '再次' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toBe('该记录已有正在处理的异议');
    expect((await history(r.id)).map((e) => e.event)).toEqual(['create', 'object']);
  });

  it('only the credit department decides a step; others change nothing', async () => {
    const r = await addRecord(t, credit, subject, {
      kind: 'abnormal_operation',
      severity: 'minor',
      decidedOn: '2026-07-01',
    });
    const objection = await object(r.id);
    expect(
      (await post(clerk, `/api/credit/objections/${objection}/decision`, { outcome: 'removed', note: '否' }))
        .statusCode,
    ).toBe(403);
    expect((await history(r.id)).map((e) => e.event)).toEqual(['create', 'object']);
  });
});
