import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { demoApplicants } from '../../src/server/bootstrap';
import { auditLog } from '../../src/server/db/schema';
import { addRecord, check, creditScene } from '../helpers/credit';

const { t, credit, clerk, ent, person, wushenItem, post, get } = await creditScene();

describe('objection', () => {
  const entSubject = {
    kind: 'enterprise' as const,
    code: demoApplicants.enterprise.uscc,
    name: demoApplicants.enterprise.name,
  };

  it('marks the record while handled; corrected, removed or upheld within the deadline; audited', async () => {
    const corrected = await addRecord(t, credit, entSubject, {
      kind: 'administrative_penalty',
      severity: 'general',
      decidedOn: '2026-10-20',
      penaltyFulfilled: false,
    });
    const removed = await addRecord(t, credit, entSubject, {
      kind: 'blacklist',
      severity: 'serious',
      decidedOn: '2026-10-21',
    });
    const upheld = await addRecord(t, credit, entSubject, {
      kind: 'abnormal_operation',
      severity: 'general',
      decidedOn: '2026-10-22',
    });

    const raise = (recordId: string, who = ent) =>
      post(who, '/api/credit/objections', {
        recordId,
        reason: '该处罚已于当月缴清，记录有误',
        evidence: '缴款凭证',
      });
    const o1 = await raise(corrected.id);
    expect(o1.statusCode, o1.body).toBe(201);
    expect(o1.json()).toMatchObject({ status: 'pending', dueOn: '2026-11-30' });
    expect((await raise(corrected.id)).statusCode).toBe(409);
    expect((await raise(removed.id, person)).statusCode).toBe(403);
    const o2 = (await raise(removed.id)).json();
    const o3 = (await raise(upheld.id)).json();
    expect((await get(credit, `/api/credit/records/${corrected.id}`)).json().underObjection).toBe(true);

    // While under objection the record still counts, and the check says it is disputed.
    const during = await check(t, clerk, entSubject, wushenItem);
    expect(during.outcome).toBe('not_eligible');
    expect(during.reasons.find((r: { recordId?: string }) => r.recordId === corrected.id).message).toContain(
      '异议处理中',
    );

    expect(
      (
        await post(clerk, `/api/credit/objections/${o1.json().id}/decision`, {
          outcome: 'upheld',
          note: '维持',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await post(credit, `/api/credit/objections/${o1.json().id}/decision`, {
          outcome: 'corrected',
          note: '更正',
        })
      ).statusCode,
    ).toBe(400);
    const personal = await post(credit, `/api/credit/objections/${o1.json().id}/decision`, {
      outcome: 'corrected',
      note: '更正事由',
      correction: { summary: '经办人手机13812345678' },
    });
    expect(personal.statusCode).toBe(400);
    expect(personal.json().message).toContain('更正后的事由将向社会公开');

    const d1 = await post(credit, `/api/credit/objections/${o1.json().id}/decision`, {
      outcome: 'corrected',
      note: '经核实罚款已缴清，更正履行情况',
      correction: { penaltyFulfilled: true },
    });
    expect(d1.statusCode, d1.body).toBe(200);
    expect(d1.json().status).toBe('corrected');
    expect((await get(credit, `/api/credit/records/${corrected.id}`)).json()).toMatchObject({
      underObjection: false,
      penaltyFulfilled: true,
      status: 'active',
    });
    const d2 = await post(credit, `/api/credit/objections/${o2.id}/decision`, {
      outcome: 'removed',
      note: '主体认定错误，删除',
    });
    expect(d2.json().status).toBe('removed');
    expect((await get(credit, `/api/credit/records/${removed.id}`)).json()).toMatchObject({
      status: 'removed',
      published: false,
    });
    const d3 = await post(credit, `/api/credit/objections/${o3.id}/decision`, {
      outcome: 'upheld',
      note: '记录准确，维持',
    });
    expect(d3.json().status).toBe('upheld');
    expect((await get(credit, `/api/credit/records/${upheld.id}`)).json()).toMatchObject({
      status: 'active',
      underObjection: false,
    });

    const after = await check(t, clerk, entSubject, wushenItem);
    expect(after.reasons.map((r: { recordId?: string }) => r.recordId)).not.toContain(removed.id);
    expect(after.reasons.map((r: { recordId?: string }) => r.recordId)).not.toContain(corrected.id);
    expect(after.reasons.map((r: { recordId?: string }) => r.recordId)).toContain(upheld.id);

    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.targetId, o2.id))
      .orderBy(auditLog.id);
    expect(audit.map((a) => a.action)).toEqual(['credit.objection_raise', 'credit.objection_removed']);
  });

  it('a severity corrected on objection takes that severity’s publication rule', async () => {
    const minor = await addRecord(t, credit, entSubject, {
      kind: 'abnormal_operation',
      severity: 'minor',
      decidedOn: '2026-10-25',
    });
    expect((await get(credit, `/api/credit/records/${minor.id}`)).json()).toMatchObject({
      severity: 'minor',
      published: false,
    });
    const o = await post(ent, '/api/credit/objections', {
      recordId: minor.id,
      reason: '情节认定有误',
      evidence: '现场检查记录',
    });
    expect(o.statusCode, o.body).toBe(201);
    const d = await post(credit, `/api/credit/objections/${o.json().id}/decision`, {
      outcome: 'corrected',
      note: '经复核，情节应为一般',
      correction: { severity: 'general' },
    });
    expect(d.statusCode, d.body).toBe(200);
    // 一般失信 is published by default; the record would otherwise stay hidden under its old severity.
    expect((await get(credit, `/api/credit/records/${minor.id}`)).json()).toMatchObject({
      severity: 'general',
      published: true,
      underObjection: false,
    });
  });
});
