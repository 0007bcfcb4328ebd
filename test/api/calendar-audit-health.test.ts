import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditValues, sealAuditLog } from '../../src/server/audit/audit-log';
import { systemActor } from '../../src/server/context';
import { queryRows } from '../../src/server/db/client';
import { auditLog } from '../../src/server/db/schema';
import { createTestApp } from '../helpers/app';
import { withStatutoryHolidays } from '../helpers/calendar';

const t = await createTestApp();

// 2027 as announced by the State Council (国办发明电〔2026〕…), abridged to what the tests need.
const year2027 = withStatutoryHolidays(2027, {
  notice: '国务院办公厅关于2027年部分节假日安排的通知',
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    ...[
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
      '2027-02-12',
      '2027-02-13',
    ].map((date) => ({ date, name: '春节' })),
  ],
  workdays: [{ date: '2027-02-14', name: '春节调休上班' }],
});

const year2028 = withStatutoryHolidays(2028, {
  notice: '国务院办公厅关于2028年部分节假日安排的通知',
  holidays: [{ date: '2028-01-01', name: '元旦' }],
  workdays: [],
});

describe('working-day endpoints', () => {
  it('answers is-working-day, add and count over the official calendar', async () => {
    const wd = await t.app.inject({ method: 'GET', url: '/api/calendar/working-day?date=2026-10-10' });
    expect(wd.json()).toEqual({ date: '2026-10-10', workingDay: true, note: '调休上班日' });
    const hol = await t.app.inject({ method: 'GET', url: '/api/calendar/working-day?date=2026-10-01' });
    expect(hol.json()).toEqual({ date: '2026-10-01', workingDay: false, note: '法定节假日' });
    const add = await t.app.inject({
      method: 'GET',
      url: '/api/calendar/add-working-days?date=2026-09-28&days=10',
    });
    expect(add.json().result).toBe('2026-10-16');
    const count = await t.app.inject({
      method: 'GET',
      url: '/api/calendar/count-working-days?from=2026-09-28&to=2026-10-16',
    });
    expect(count.json().workingDays).toBe(10);
  });

  it('fails with CALENDAR_YEAR_MISSING naming the year, never guessing', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/calendar/add-working-days?date=2026-12-20&days=20',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'CALENDAR_YEAR_MISSING', details: { year: 2027 } });
    expect(res.json().message).toContain('2027年');
  });

  it('rejects impossible dates as bad input, not a server error', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/calendar/working-day?date=2026-02-30' });
    expect(res.statusCode).toBe(400);
  });

  it('only the system administrator loads a year; bad data is refused whole', async () => {
    const clerk = await t.login('clerk');
    expect(
      (await t.call(clerk, { method: 'PUT', url: '/api/calendar/years/2027', payload: year2027 })).statusCode,
    ).toBe(403);
    expect(
      (await t.app.inject({ method: 'PUT', url: '/api/calendar/years/2027', payload: year2027 })).statusCode,
    ).toBe(401);
    const admin = await t.login('sysadmin');
    const bad = await t.call(admin, {
      method: 'PUT',
      url: '/api/calendar/years/2027',
      payload: {
        ...year2027,
        workdays: [
          { date: '2027-02-15', name: '错误' },
          { date: '2028-01-01', name: '错误' },
        ],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.problems).toEqual(
      expect.arrayContaining([expect.stringContaining('不是周末'), expect.stringContaining('不属于2027年')]),
    );
    const still = await t.app.inject({ method: 'GET', url: '/api/calendar/working-day?date=2027-02-15' });
    expect(still.statusCode).toBe(422);

    const ok = await t.call(admin, { method: 'PUT', url: '/api/calendar/years/2027', payload: year2027 });
    expect(ok.statusCode).toBe(200);
    // 2026-12-31 Thu → 2027-01-01 holiday; 4 Mon … Spring Festival 5–13 Feb off, Sunday 14 Feb worked
    const add = await t.app.inject({
      method: 'GET',
      url: '/api/calendar/add-working-days?date=2027-02-04&days=2',
    });
    expect(add.json().result).toBe('2027-02-15');
    const first = await t.app.inject({
      method: 'GET',
      url: '/api/calendar/add-working-days?date=2027-02-04&days=1',
    });
    expect(first.json().result).toBe('2027-02-14');
    const again = await t.call(admin, { method: 'PUT', url: '/api/calendar/years/2027', payload: year2027 });
    expect(again.statusCode).toBe(409);
    const corrected = await t.call(admin, {
      method: 'PUT',
      url: '/api/calendar/years/2027',
      payload: { ...year2027, workdays: [], replace: true },
    });
    expect(corrected.statusCode).toBe(200);
    const after = await t.app.inject({
      method: 'GET',
      url: '/api/calendar/add-working-days?date=2027-02-04&days=1',
    });
    expect(after.json().result).toBe('2027-02-15');
    const years = (await t.app.inject({ method: 'GET', url: '/api/calendar/years' })).json().items;
    expect(years.at(-1)).toMatchObject({ year: 2027, source: 'manual', notice: year2027.notice });
  });
});

describe('health', () => {
  it('reports database, migrations and calendar coverage', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      database: { reachable: true },
      migrations: { current: true },
      calendar: { firstYear: 2004, currentYearLoaded: true },
    });
  });

  it('warns from 1 November when next year is not loaded', async () => {
    const t2 = await createTestApp({ now: '2026-11-01T01:00:00Z' });
    const res = await t2.app.inject({ method: 'GET', url: '/health' });
    expect(res.json().status).toBe('degraded');
    expect(res.json().calendar).toMatchObject({
      nextYearLoaded: false,
      warning: expect.stringContaining('2027年'),
    });
    const oct = await createTestApp({ now: '2026-10-31T15:00:00Z' }); // 23:00 on 31 October in Beijing
    expect((await oct.app.inject({ method: 'GET', url: '/health' })).json()).toMatchObject({
      status: 'ok',
      warnings: [],
    });
  });
});

describe('audit chain', () => {
  it('auditors verify the chain; others may not', async () => {
    const clerk = await t.login('clerk');
    expect((await t.call(clerk, { method: 'GET', url: '/api/audit/verify' })).statusCode).toBe(403);
    const auditor = await t.login('auditor');
    const ok = await t.call(auditor, { method: 'GET', url: '/api/audit/verify' });
    expect(ok.json()).toMatchObject({ ok: true, firstProblem: null });
    expect(ok.json().checked).toBeGreaterThan(3);
  });

  it('records who did what to which target, before and after', async () => {
    const auditor = await t.login('auditor');
    const res = await t.call(auditor, {
      method: 'GET',
      url: '/api/audit?targetType=calendar_year&targetId=2027',
    });
    const rows = res.json().items;
    expect(rows.map((r: { action: string }) => r.action)).toEqual([
      'calendar.year_replace',
      'calendar.year_load',
    ]);
    expect(rows[0]).toMatchObject({
      actorKind: 'staff',
      actorName: 'sysadmin',
      requestId: expect.any(String),
    });
    expect(rows[0].departmentId).toBeTruthy();
    expect(rows[0].before.days).toHaveLength(year2027.holidays.length + 1);
    expect(rows[0].after.days).toHaveLength(year2027.holidays.length);
  });

  it('writes rows unsealed; the sealer chains them in order, one sealer at a time, a late commit last', async () => {
    const db = t.database.db;
    await sealAuditLog(db, t.app.deps.crypto);
    const admin = await t.login('sysadmin');
    const put = await t.call(admin, { method: 'PUT', url: '/api/calendar/years/2028', payload: year2028 });
    expect(put.statusCode).toBe(200);
    // Written with the change, not yet in the chain: listed with no sequence number.
    const auditor = await t.login('auditor');
    const listed = (
      await t.call(auditor, { method: 'GET', url: '/api/audit?targetType=calendar_year&targetId=2028' })
    ).json();
    expect(listed.items[0]).toMatchObject({ action: 'calendar.year_load', seq: null, hash: null });

    // A row whose transaction committed after later rows were sealed (a smaller id) is sealed after them.
    const [maxId] = await queryRows<{ top: number }>(db, sql`select max(id)::int as top from audit_log`);
    const top = maxId!.top;
    const sealedFirst = await Promise.all([
      sealAuditLog(db, t.app.deps.crypto),
      sealAuditLog(db, t.app.deps.crypto),
    ]);
    expect(sealedFirst[0]! + sealedFirst[1]!).toBeGreaterThanOrEqual(1);
    // Written as the application writes it (with its MAC), under an id smaller than any sealed one.
    await db.insert(auditLog).values({
      ...auditValues(t.app.deps.crypto, systemActor('test'), new Date(), null, {
        action: 'test.late_commit',
        targetType: 'test',
        targetId: 'late',
      }),
      id: -top,
    });
    expect(await sealAuditLog(db, t.app.deps.crypto)).toBe(1);
    const rows = await queryRows<{ id: number; seq: number; action: string }>(
      db,
      sql`select id::int, seq::int, action from audit_log order by seq desc limit 2`,
    );
    expect(rows[0]).toMatchObject({ id: -top, action: 'test.late_commit' });
    expect(rows[1]!.seq).toBe(rows[0]!.seq - 1);
    const gaps = await queryRows<{ n: number }>(
      db,
      sql`select (max(seq) - count(*))::int as n from audit_log where seq is not null`,
    );
    expect(gaps[0]!.n).toBe(0);
    const ok = (await t.call(auditor, { method: 'GET', url: '/api/audit/verify' })).json();
    expect(ok).toMatchObject({ ok: true, lastSeq: rows[0]!.seq });
  });

  it('names the first altered row, then the first missing one', async () => {
    const auditor = await t.login('auditor');
    const db = t.database.db;
    await db.execute(sql`update audit_log set after = '{"forged": true}'::jsonb where seq = 3`);
    const altered = (await t.call(auditor, { method: 'GET', url: '/api/audit/verify' })).json();
    expect(altered).toMatchObject({ ok: false, checked: 2, firstProblem: { seq: 3, problem: 'altered' } });
    expect(altered.firstProblem.message).toContain('第3条');

    await db.execute(sql`delete from audit_log where seq = 3`);
    const missing = (await t.call(auditor, { method: 'GET', url: '/api/audit/verify' })).json();
    expect(missing).toMatchObject({ ok: false, firstProblem: { seq: 3, problem: 'missing' } });
    expect(missing.firstProblem.message).toContain('缺失');
  });
});
