import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outboxMessage } from '../../src/server/db/schema';
import { missingOverdue } from '../../src/server/modules/applications/deadlines';
import { createTestApp, type Session } from '../helpers/app';
import { uploadMaterials } from '../helpers/files';

const FOOD = 'WSQ-ZWFW-001'; // 食品安全管理制度目录 may follow within 5 working days
const FOOD_MAIN = ['食品经营许可申请书', '与食品经营相适应的主要设备设施布局、操作流程等文件'];

// Starts 2026-02-12 (Thursday, 10:00 in Beijing), the week before the Spring Festival holiday.
const t = await createTestApp({ workers: true, now: '2026-02-12T02:00:00Z' });

async function acceptMissing(s: Session) {
  const started = await t.call(s, { method: 'POST', url: '/api/applications', payload: { itemCode: FOOD } });
  expect(started.statusCode, started.body).toBe(201);
  const id = started.json().application.id;
  const res = await t.call(s, {
    method: 'POST',
    url: `/api/applications/${id}/submit`,
    payload: {
      mode: 'missing_materials',
      materials: await uploadMaterials(t, s, FOOD_MAIN),
      missing: ['食品安全管理制度目录'],
      commit: true,
    },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const view = async (s: Session, id: string) =>
  (await t.call(s, { method: 'GET', url: `/api/applications/${id}` })).json();
const inboxTitles = async (s: Session) =>
  (await t.call(s, { method: 'GET', url: '/api/inbox?pageSize=100' }))
    .json()
    .items.map((n: { title: string }) => n.title);

describe('durable deadlines of missing materials, on the official calendar', () => {
  it('due date, reminder, 催告 and termination, across the Spring Festival holiday', async () => {
    let ent = await t.login('ent_demo');
    const a = await acceptMissing(ent);
    // 5 working days from Thursday 12 February: 13th, Saturday 14th (调休 working day), then the holiday
    // 15–23 February, then 24th, 25th, 26th.
    expect(a.status).toBe('missing_materials');
    expect(a.missing).toEqual([
      { name: '食品安全管理制度目录', dueDate: '2026-02-26', finalDueDate: null, suppliedAt: null },
    ]);
    expect(a.legalDeadline).toBe('2026-03-04');
    const letter = (await t.call(ent, { method: 'GET', url: `/api/applications/${a.id}/commitment` })).json();
    expect(letter.text).toContain('承诺在期限内补正以下容缺材料');
    expect(letter.text).toContain('食品安全管理制度目录（2026-02-26前）'); // 10 working days: holiday skipped, 28 February worked

    // Nothing is due during the holiday.
    await t.clock.set('2026-02-20T02:00:00Z');
    await t.runJobs();
    ent = await t.login('ent_demo');
    expect(await inboxTitles(ent)).not.toContain('容缺材料补正提醒');

    // The working day before the due date: a reminder, no change of status.
    await t.clock.set('2026-02-25T02:00:00Z');
    await t.runJobs();
    ent = await t.login('ent_demo');
    expect(await inboxTitles(ent)).toContain('容缺材料补正提醒');
    expect((await view(ent, a.id)).status).toBe('missing_materials');

    // The due date passed: 催告 with a final due date 5 working days on (Saturday 28 February is a working day).
    await t.clock.set('2026-02-27T01:00:00Z');
    await t.runJobs();
    ent = await t.login('ent_demo');
    const reminded = await view(ent, a.id);
    expect(reminded.status).toBe('reminded');
    expect(reminded.finalDueDate).toBe('2026-03-05');
    expect(reminded.missing[0].finalDueDate).toBe('2026-03-05');
    expect(await inboxTitles(ent)).toContain('催告通知书');

    // A second run of the same check (another instance, or a retried job) changes nothing.
    await Promise.all([missingOverdue(t.app.deps, a.id), missingOverdue(t.app.deps, a.id)]);

    // Still missing after the final due date: terminated, with its decision pushed.
    await t.clock.set('2026-03-05T10:00:00Z'); // 18:00 on the final due date: not yet
    await t.runJobs();
    ent = await t.login('ent_demo');
    expect((await view(ent, a.id)).status).toBe('reminded');
    await t.clock.set('2026-03-06T01:00:00Z');
    await t.runJobs();
    ent = await t.login('ent_demo');
    const ended = await view(ent, a.id);
    expect(ended.status).toBe('terminated');
    // The time taken is recorded against the legal time limit as for any other decision.
    expect(ended.decidedAt).toBe('2026-03-06T01:00:00.000Z');
    expect(ended.workingDaysTaken).toBeGreaterThan(0);
    expect(ended.elapsedSeconds).toBeGreaterThan(0);
    const hist = (await t.call(ent, { method: 'GET', url: `/api/applications/${a.id}/history` })).json();
    expect(hist.items.map((e: { event: string }) => e.event)).toEqual([
      'create',
      'submit_missing',
      'remind',
      'terminate',
    ]);
    const pushed = await t.database.db
      .select()
      .from(outboxMessage)
      .where(eq(outboxMessage.aggregateId, a.id));
    expect(pushed.map((m) => m.topic)).toEqual(['decision']);
    expect((pushed[0]!.payload as { outcome: string }).outcome).toBe('terminated');
    const late = await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${a.id}/supply`,
      payload: { materials: await uploadMaterials(t, ent, ['食品安全管理制度目录']) },
    });
    expect(late.statusCode).toBe(409);

    // 乌审旗's policy records a breach of commitment (一般): from now on only 先入后验 is open to it.
    const next = await t.call(ent, { method: 'POST', url: '/api/applications', payload: { itemCode: FOOD } });
    const credit = next.json().application.credit;
    expect(credit.allowedModes.map((m: { mode: string }) => m.mode)).toEqual([
      'enter_then_verify',
      'standard',
    ]);
    expect(credit.reasons.map((r: { message: string }) => r.message).join()).toContain('违诺');
  });

  it('supplying after the 催告 still completes the case at once', async () => {
    // Another applicant: the first one now has a breach record (see above).
    let ent = await t.login('person_demo');
    const a = await acceptMissing(ent); // 2026-03-06 (Friday) + 5 working days = 13 March
    expect(a.missing[0].dueDate).toBe('2026-03-13');
    await t.clock.set('2026-03-16T01:00:00Z');
    await t.runJobs();
    ent = await t.login('person_demo');
    expect((await view(ent, a.id)).status).toBe('reminded');
    const res = await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${a.id}/supply`,
      payload: { materials: await uploadMaterials(t, ent, ['食品安全管理制度目录']) },
    });
    expect(res.json().status).toBe('approved');
    expect(res.json().license).not.toBeNull();
    // The termination job that was queued finds nothing to do.
    await t.clock.set('2026-04-01T01:00:00Z');
    await t.runJobs();
    ent = await t.login('person_demo');
    expect((await view(ent, a.id)).status).toBe('approved');
  });

  it('warns the department before the legal time limit, counted across National Day', async () => {
    await t.clock.set('2026-09-28T02:00:00Z');
    const ent = await t.login('ent_demo');
    const started = await t.call(ent, {
      method: 'POST',
      url: '/api/applications',
      payload: { itemCode: 'WSQ-WJW-001' },
    });
    const id = started.json().application.id;
    const res = await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${id}/submit`,
      payload: {
        mode: 'standard',
        materials: await uploadMaterials(t, ent, [
          '公共场所卫生许可申请表',
          '公共场所卫生检测或评价报告',
          '卫生管理制度及从业人员健康合格证明',
        ]),
        commit: false,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    // 20 working days: 29–30 September, the holiday 1–7 October, Saturday 10 October worked.
    expect(res.json().legalDeadline).toBe('2026-10-30');
    await t.clock.set('2026-10-27T03:00:00Z');
    await t.runJobs();
    let approver = await t.login('approver');
    expect(await inboxTitles(approver)).not.toContain('办件即将超过法定时限');
    await t.clock.set('2026-10-28T02:00:00Z');
    await t.runJobs();
    approver = await t.login('approver');
    const titles = await inboxTitles(approver);
    expect(titles.filter((x: string) => x === '办件即将超过法定时限')).toHaveLength(1);
  });
});
