import { describe, expect, it } from 'vitest';
import { createTestApp, type Session } from '../helpers/app';
import { enterprise, itemInRegion, publish } from '../helpers/credit';
import { uploadMaterials } from '../helpers/files';

// A deployment started with TEST_CLOCK and no job workers: everything below happens through HTTP only —
// the test-clock API moves time, the run-jobs API runs what fell due. No SQL, no clock object.
const t = await createTestApp({ config: { testClock: true }, workers: false });

// 人力资源服务许可 as imported into a 扎兰屯 department: 专职工作人员名单 tolerable for 15 working days.
await publish(t, await itemInRegion(t, 'ZLTC', '150783'));
const ZLT = 'IT-ZLTC';
const ZLT_MAIN = ['人力资源服务许可申请书', '工作规则和管理制度'];

const as = async (username: string) => t.login(username);
async function setClock(now: string) {
  const res = await t.call(await as('sysadmin'), {
    method: 'PUT',
    url: '/api/admin/clock',
    payload: { now },
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toEqual({ mode: 'test', now: new Date(now).toISOString() });
}
async function runDue(): Promise<string[]> {
  const res = await t.call(await as('sysadmin'), { method: 'POST', url: '/api/admin/jobs/run' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().ran.map((r: { label: string; ok: boolean }) => `${r.label}${r.ok ? '' : '（失败）'}`);
}
const view = async (s: Session, id: string) =>
  (await t.call(s, { method: 'GET', url: `/api/applications/${id}` })).json();

describe('容缺 → 催告 → termination → blacklist, driven through the test clock API alone', () => {
  it('runs the whole chain across the new year, provisionally counted, as the workers would', async () => {
    // Monday 14 December 2026, 9:00 in Beijing.
    await setClock('2026-12-14T01:00:00Z');
    const clerk = await as('clerk');
    const subject = enterprise('扎兰屯测试时钟有限公司', '150783');
    const started = await t.call(clerk, {
      method: 'POST',
      url: '/api/applications',
      payload: { itemCode: ZLT, subject },
    });
    expect(started.statusCode, started.body).toBe(201);
    const id = started.json().application.id;
    const submitted = await t.call(clerk, {
      method: 'POST',
      url: `/api/applications/${id}/submit`,
      payload: {
        mode: 'missing_materials',
        materials: await uploadMaterials(t, clerk, ZLT_MAIN),
        missing: ['专职工作人员名单及学历证明'],
        commit: true,
        handwritten: { signerName: '王五' },
      },
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    // 15 working days: 13 left in December, 1 January is 元旦, then 4 and 5 January (2027 not loaded).
    expect(submitted.json()).toMatchObject({ status: 'missing_materials', deadlinesProvisional: true });
    expect(submitted.json().missing[0].dueDate).toBe('2027-01-05');

    const pending = await t.call(await as('sysadmin'), { method: 'GET', url: '/api/admin/jobs?due=false' });
    const mine = pending.json().items.filter((j: { applicationId: string }) => j.applicationId === id);
    expect(mine.map((j: { label: string; provisional: boolean }) => [j.label, j.provisional])).toEqual([
      ['容缺材料补正提醒', true],
      ['容缺逾期催告', true],
    ]);
    expect(await runDue()).toEqual([]); // nothing is due yet

    // The working day before the due date: the reminder, nothing else.
    await setClock('2027-01-04T02:00:00Z');
    expect(await runDue()).toEqual(['容缺材料补正提醒']);
    expect((await view(await as('clerk'), id)).status).toBe('missing_materials');

    // The due date has passed: 催告 with a final due date 5 working days on.
    await setClock('2027-01-06T01:00:00Z');
    expect(await runDue()).toEqual(['容缺逾期催告']);
    const reminded = await view(await as('clerk'), id);
    expect(reminded).toMatchObject({
      status: 'reminded',
      finalDueDate: '2027-01-13',
      deadlinesProvisional: true,
    });

    // A second run finds nothing more to do.
    expect(await runDue()).toEqual([]);

    // Still missing after the final due date: terminated, and 扎兰屯's policy blacklists the subject.
    await setClock('2027-01-13T10:00:00Z'); // 18:00 on the final due date: not yet
    expect(await runDue()).toEqual([]);
    await setClock('2027-01-14T01:00:00Z');
    expect(await runDue()).toEqual(['催告期满终止办理']);
    const clerk2 = await as('clerk');
    const ended = await view(clerk2, id);
    expect(ended.status).toBe('terminated');
    const history = (await t.call(clerk2, { method: 'GET', url: `/api/applications/${id}/history` })).json();
    expect(history.items.map((e: { event: string }) => e.event)).toEqual([
      'create',
      'submit_missing',
      'remind',
      'terminate',
    ]);
    const again = await t.call(clerk2, {
      method: 'POST',
      url: '/api/applications',
      payload: { itemCode: ZLT, subject },
    });
    expect(again.statusCode, again.body).toBe(201);
    const credit = again.json().application.credit;
    expect(credit.outcome).toBe('not_eligible');
    expect(credit.allowedModes.map((m: { mode: string }) => m.mode)).toEqual(['standard']);
    expect(credit.reasons.map((r: { message: string }) => r.message).join()).toContain('黑名单');

    // The job runs were audited with what ran.
    const audit = (
      await t.call(await as('auditor'), { method: 'GET', url: '/api/audit?targetType=job_queue' })
    ).json().items;
    expect(
      audit.some(
        (r: { action: string; after: { ran: number } }) => r.action === 'jobs.run_due' && r.after.ran === 1,
      ),
    ).toBe(true);
  });
});
