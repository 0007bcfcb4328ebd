import { describe, expect, it, vi } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { withStatutoryHolidays } from '../helpers/calendar';
import { uploadMaterials } from '../helpers/files';

const HYGIENE = 'WSQ-WJW-001'; // 公共场所卫生许可证核发: legal time limit 20 working days
const FOOD = 'WSQ-ZWFW-001'; // 食品经营许可: 食品安全管理制度目录 may follow within 5 working days
const FOOD_MAIN = ['食品经营许可申请书', '与食品经营相适应的主要设备设施布局、操作流程等文件'];

// 2027 as a notice might arrange it, with 4 January given off as well (and Saturday 9 January worked in
// lieu): different from what the law alone fixes, so the provisional dates must move.
const year2027 = withStatutoryHolidays(2027, {
  notice: '国务院办公厅关于2027年部分节假日安排的通知',
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'].map((date) => ({ date, name: '元旦' })),
  workdays: [{ date: '2027-01-09', name: '元旦调休上班' }],
});

// Friday 4 December 2026, 10:00 in Beijing: the 2027 arrangement is not out yet.
const t = await createTestApp({ now: '2026-12-04T02:00:00Z' });

async function submit(t: TestApp, s: Session, itemCode: string, payload: Record<string, unknown>) {
  const started = await t.call(s, { method: 'POST', url: '/api/applications', payload: { itemCode } });
  expect(started.statusCode, started.body).toBe(201);
  const id = started.json().application.id;
  const res = await t.call(s, { method: 'POST', url: `/api/applications/${id}/submit`, payload });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const view = async (s: Session, id: string) =>
  (await t.call(s, { method: 'GET', url: `/api/applications/${id}` })).json();
const inbox = async (s: Session) =>
  (await t.call(s, { method: 'GET', url: '/api/inbox?pageSize=100' })).json().items as {
    kind: string;
    title: string;
    body: string;
    refId: string | null;
  }[];
const jobs = async (s: Session, query = '') => {
  const res = await t.call(s, { method: 'GET', url: `/api/admin/jobs${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('December never blocks an applicant', () => {
  type Submitted = Awaited<ReturnType<typeof submit>>;
  let decided: Submitted;
  let accepted: Submitted;
  let missing: Submitted;

  it('decides and accepts on 4 December with deadlines in 2027, provisionally', async () => {
    const ent = await t.login('ent_demo');
    decided = await submit(t, ent, HYGIENE, {
      mode: 'license_commitment',
      materials: await uploadMaterials(t, ent, [
        '公共场所卫生许可申请表',
        '卫生管理制度及从业人员健康合格证明',
      ]),
      commit: true,
    });
    expect(decided).toMatchObject({
      status: 'approved',
      legalDeadline: '2027-01-04',
      deadlinesProvisional: true,
    });
    expect(decided.license).not.toBeNull();

    const person = await t.login('person_demo');
    accepted = await submit(t, person, HYGIENE, {
      mode: 'standard',
      materials: await uploadMaterials(t, person, [
        '公共场所卫生许可申请表',
        '公共场所卫生检测或评价报告',
        '卫生管理制度及从业人员健康合格证明',
      ]),
      commit: false,
    });
    // 19 working days remain in December; 1 January 2027 is 元旦 (Friday), then the weekend.
    expect(accepted).toMatchObject({
      status: 'submitted',
      legalDeadline: '2027-01-04',
      deadlinesProvisional: true,
      deadlineNote: expect.stringContaining('暂按法定节假日计算'),
    });

    // 容缺 on Monday 28 December: due 5 working days on, the reminder the working day before.
    await t.clock.set('2026-12-28T02:00:00Z');
    const ent2 = await t.login('ent_demo');
    missing = await submit(t, ent2, FOOD, {
      mode: 'missing_materials',
      materials: await uploadMaterials(t, ent2, FOOD_MAIN),
      missing: ['食品安全管理制度目录'],
      commit: true,
    });
    expect(missing).toMatchObject({ status: 'missing_materials', deadlinesProvisional: true });
    expect(missing.missing[0].dueDate).toBe('2027-01-05');

    // The operator sees the jobs waiting, marked provisional.
    const admin = await t.login('sysadmin');
    const listed = await jobs(admin, '?due=false');
    const mine = listed.items.filter((j: { applicationId: string }) => j.applicationId === missing.id);
    expect(
      mine.map((j: { label: string; startAfter: string; provisional: boolean }) => [
        j.label,
        j.startAfter,
        j.provisional,
      ]),
    ).toEqual([
      ['容缺材料补正提醒', '2027-01-04T01:00:00.000Z', true],
      ['容缺逾期催告', '2027-01-05T16:00:00.000Z', true],
    ]);
    // The exact warning of the standard case (30 December) carries no flag.
    const warning = listed.items.find((j: { applicationId: string }) => j.applicationId === accepted.id);
    expect(warning).toMatchObject({
      label: '法定时限预警',
      startAfter: '2026-12-30T01:00:00.000Z',
      provisional: false,
    });
  });

  it('refuses an incomplete year, naming each statutory holiday missing and its date', async () => {
    const admin = await t.login('sysadmin');
    const res = await t.call(admin, {
      method: 'PUT',
      url: '/api/calendar/years/2027',
      payload: { notice: year2027.notice, holidays: [{ date: '2027-01-01', name: '元旦' }], workdays: [] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION');
    expect(res.json().message).toContain('春节（除夕）（2027-02-05）');
    expect(res.json().message).toContain('中秋节（2027-09-15）');
    // Six of the thirteen fall on a weekend, a day off unless the notice makes it a working day.
    expect(res.json().details.missing).toHaveLength(6);
    // Nothing was written: the dates are still provisional.
    expect((await view(await t.login('person_demo'), accepted.id)).deadlinesProvisional).toBe(true);
    // A statutory day made a working day is as missing as one left out.
    const worked = await t.call(admin, {
      method: 'PUT',
      url: '/api/calendar/years/2027',
      payload: {
        ...year2027,
        holidays: year2027.holidays.filter((h) => h.date !== '2027-05-02'),
        workdays: [{ date: '2027-05-02', name: '调休上班' }],
      },
    });
    expect(worked.statusCode).toBe(400);
    expect(worked.json().message).toContain('劳动节（2027-05-02）');
  });

  it('loading 2027 recomputes every provisional date, moves its jobs and tells whoever it concerns', async () => {
    const admin = await t.login('sysadmin');
    const res = await t.call(admin, { method: 'PUT', url: '/api/calendar/years/2027', payload: year2027 });
    expect(res.statusCode, res.body).toBe(200);
    // Legal deadlines of both cases and the 容缺 due date moved; nothing is provisional any more.
    expect(res.json().deadlines).toMatchObject({ changed: 3, stillProvisional: 0 });
    expect(res.json().deadlines.recomputed).toBeGreaterThanOrEqual(3);

    const person = await t.login('person_demo');
    expect(await view(person, accepted.id)).toMatchObject({
      legalDeadline: '2027-01-05',
      deadlinesProvisional: false,
      deadlineNote: null,
    });
    const ent = await t.login('ent_demo');
    expect(await view(ent, decided.id)).toMatchObject({
      legalDeadline: '2027-01-05',
      deadlinesProvisional: false,
    });
    const m = await view(ent, missing.id);
    expect(m).toMatchObject({ deadlinesProvisional: false });
    expect(m.missing[0].dueDate).toBe('2027-01-06');
    expect(m.materials.find((x: { state: string }) => x.state === 'missing').dueDate).toBe('2027-01-06');

    // Told: the applicants of open cases whose date changed; the decided case needs no notice.
    const personNotices = (await inbox(person)).filter((n) => n.kind === 'deadline.recomputed');
    expect(personNotices).toHaveLength(1);
    expect(personNotices[0]!.body).toContain('2027-01-04');
    expect(personNotices[0]!.body).toContain('2027-01-05');
    const entNotices = (await inbox(ent)).filter((n) => n.kind === 'deadline.recomputed');
    expect(entNotices.map((n) => n.refId)).toEqual([missing.id]);
    expect(entNotices[0]!.body).toContain('2027-01-06');

    // The jobs moved with the dates and lost their flag.
    const listed = await jobs(admin);
    const mine = listed.items.filter((j: { applicationId: string }) => j.applicationId === missing.id);
    expect(
      mine.map((j: { startAfter: string; provisional: boolean }) => [j.startAfter, j.provisional]),
    ).toEqual([
      ['2027-01-05T01:00:00.000Z', false],
      ['2027-01-06T16:00:00.000Z', false],
    ]);

    // Audited, before and after, in the same transaction as the load.
    const auditor = await t.login('auditor');
    const audit = (
      await t.call(auditor, {
        method: 'GET',
        url: `/api/audit?targetType=application&targetId=${accepted.id}`,
      })
    ).json().items;
    expect(audit.find((r: { action: string }) => r.action === 'deadline.recompute')).toMatchObject({
      before: { kind: 'legal_deadline', dueDate: '2027-01-04', provisional: true },
      after: { kind: 'legal_deadline', dueDate: '2027-01-05', provisional: false },
    });
  });

  it('the moved jobs fire on their new dates only', async () => {
    const admin = await t.login('sysadmin');
    // Monday 4 January is now a holiday: the reminder it was first set for does not go out.
    await t.clock.set('2027-01-04T02:00:00Z');
    let admin2 = await t.login('sysadmin');
    const none = await t.call(admin2, { method: 'POST', url: '/api/admin/jobs/run' });
    expect(none.statusCode, none.body).toBe(200);
    expect(none.json().ran.filter((r: { label: string }) => r.label === '容缺材料补正提醒')).toEqual([]);
    await t.clock.set('2027-01-05T02:00:00Z');
    admin2 = await t.login('sysadmin');
    const ran = (await t.call(admin2, { method: 'POST', url: '/api/admin/jobs/run' })).json().ran;
    expect(ran.map((r: { label: string; ok: boolean }) => [r.label, r.ok])).toContainEqual([
      '容缺材料补正提醒',
      true,
    ]);
    const ent = await t.login('ent_demo');
    expect((await inbox(ent)).map((n) => n.title)).toContain('容缺材料补正提醒');
    void admin;
  });

  it('only the system administrator lists or runs deadline jobs', async () => {
    const clerk = await t.login('clerk');
    expect((await t.call(clerk, { method: 'GET', url: '/api/admin/jobs' })).statusCode).toBe(403);
    expect((await t.call(clerk, { method: 'POST', url: '/api/admin/jobs/run' })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/jobs' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/admin/jobs/run' })).statusCode).toBe(401);
  });

  it('a deployment without TEST_CLOCK refuses to move its clock, and says so in Chinese', async () => {
    const admin = await t.login('sysadmin');
    const set = await t.call(admin, {
      method: 'PUT',
      url: '/api/admin/clock',
      payload: { now: '2027-06-01T00:00:00Z' },
    });
    expect(set.statusCode).toBe(404);
    expect(set.json().message).toContain('TEST_CLOCK');
    const advance = await t.call(admin, {
      method: 'POST',
      url: '/api/admin/clock/advance',
      payload: { days: 1 },
    });
    expect(advance.statusCode).toBe(404);
    const health = (await t.app.inject({ method: 'GET', url: '/health' })).json();
    expect(health.clock).toEqual({ mode: 'system', now: t.clock.now.toISOString() });
    expect((await t.call(admin, { method: 'GET', url: '/api/admin/clock' })).json().mode).toBe('system');
  });
});

describe('operators are warned from 1 November, applicants never', () => {
  it('health, the log and every system administrator’s inbox (once) when next year is missing', async () => {
    const tc = await createTestApp({ now: '2026-10-31T12:00:00Z', config: { testClock: true } });
    const warn = vi.spyOn(tc.app.deps.log, 'warn');
    const health = async () => (await tc.app.inject({ method: 'GET', url: '/health' })).json();
    const before = await health();
    expect(before).toMatchObject({
      status: 'ok',
      warnings: [],
      clock: { mode: 'test', now: '2026-10-31T12:00:00.000Z' },
    });

    const admin = await tc.login('sysadmin');
    const clerk = await tc.login('clerk');
    // Nobody else may read or move the clock.
    expect((await tc.call(clerk, { method: 'GET', url: '/api/admin/clock' })).statusCode).toBe(403);
    expect(
      (
        await tc.call(clerk, {
          method: 'PUT',
          url: '/api/admin/clock',
          payload: { now: '2026-11-01T01:00:00Z' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await tc.call(clerk, { method: 'POST', url: '/api/admin/clock/advance', payload: { days: 1 } }))
        .statusCode,
    ).toBe(403);
    expect((await tc.app.inject({ method: 'GET', url: '/api/admin/clock' })).statusCode).toBe(401);

    const moved = await tc.call(admin, {
      method: 'PUT',
      url: '/api/admin/clock',
      payload: { now: '2026-11-01T01:00:00Z' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toEqual({ mode: 'test', now: '2026-11-01T01:00:00.000Z' });
    const after = await health();
    expect(after.status).toBe('degraded');
    expect(after.warnings).toEqual([expect.stringContaining('2027年的法定节假日安排尚未载入')]);
    expect(after.clock).toEqual({ mode: 'test', now: '2026-11-01T01:00:00.000Z' });
    expect(warn).toHaveBeenCalledWith({ year: 2027 }, expect.stringContaining('2027年'));

    // A day later the warning stands, and the administrators were told once.
    const admin2 = await tc.login('sysadmin');
    const advanced = await tc.call(admin2, {
      method: 'POST',
      url: '/api/admin/clock/advance',
      payload: { days: 1 },
    });
    expect(advanced.json().now).toBe('2026-11-02T01:00:00.000Z');
    const admin3 = await tc.login('sysadmin'); // a day on, the session of yesterday has expired
    const inboxRes = await tc.call(admin3, { method: 'GET', url: '/api/inbox' });
    expect(inboxRes.statusCode, inboxRes.body).toBe(200);
    const adminInbox = inboxRes.json().items;
    expect(adminInbox.filter((n: { kind: string }) => n.kind === 'calendar.year_missing')).toHaveLength(1);
    expect(adminInbox[0].title).toBe('请载入2027年法定节假日安排');
    const ent = await tc.login('ent_demo');
    expect(
      (await tc.call(ent, { method: 'GET', url: '/api/inbox' }))
        .json()
        .items.filter((n: { kind: string }) => n.kind.startsWith('calendar')),
    ).toEqual([]);

    // Time only moves forward; every move is audited.
    const back = await tc.call(admin3, {
      method: 'PUT',
      url: '/api/admin/clock',
      payload: { now: '2026-10-01T00:00:00Z' },
    });
    expect(back.statusCode).toBe(409);
    expect(back.json().message).toContain('只能向后拨');
    const auditor = await tc.login('auditor');
    const audit = (await tc.call(auditor, { method: 'GET', url: '/api/audit?targetType=clock' })).json()
      .items;
    expect(audit.map((r: { action: string }) => r.action)).toEqual(['clock.advance', 'clock.set']);
    expect(audit[1]).toMatchObject({
      actorName: 'sysadmin',
      before: { now: '2026-10-31T12:00:00.000Z' },
      after: { now: '2026-11-01T01:00:00.000Z' },
    });
  });
});
