import { describe, expect, it } from 'vitest';
import { commitmentModes } from '../../src/contracts/catalog';
import { chinaDate } from '../../src/domain/working-days';
import { readContext, runAction, systemActor } from '../../src/server/context';
import { revokeApplicationDecision } from '../../src/server/modules/applications/revoke-decision';
import { statisticsReport } from '../../src/server/modules/statistics/queries/statistics-report';
import { refreshStatisticsRollup } from '../../src/server/modules/statistics/refresh-rollup';
import { createTestApp } from '../helpers/app';
import { type Applicant, applicant, application, type Built, staff } from '../helpers/factories';

const t = await createTestApp({ now: '2026-11-16T02:00:00Z' });

/** A day's realistic mix: approved on the spot, by the standard procedure and after 容缺, still open, refused. */
async function dayOfCases() {
  const built = [
    await application(t, { status: 'approved' }),
    await application(t, { status: 'approved', via: 'standard' }),
    await application(t, { status: 'approved', via: 'missing' }),
    await application(t, { status: 'missing_materials' }),
    await application(t, { status: 'reviewed' }),
    await application(t, { status: 'rejected' }),
    await application(t, { status: 'draft' }),
  ];
  return built;
}

/** The figures as the report gives them from the roll-up, and as a direct count over the cases. */
async function both(from: string, to: string, groupBy: 'item' | 'department' = 'item') {
  const ctx = readContext(t.app.deps, { actor: await staff(t, 'auditor'), requestId: null });
  const q = { from, to, groupBy };
  const { rollup, ...rolled } = await statisticsReport(ctx, q);
  const { rollup: none, ...direct } = await statisticsReport(ctx, q, { direct: true });
  expect(none.through).toBeNull();
  return { rollup, rolled, direct };
}

const today = () => chinaDate(t.clock.now);
const refresh = () => refreshStatisticsRollup(t.app.deps.database.db, t.clock.now);

describe('statistics roll-up', () => {
  it('answers what a direct count answers, over rolled-up days, live days and both, before and after changes', async () => {
    const first = today();
    const cases = [];
    for (let day = 0; day < 3; day++) {
      cases.push(...(await dayOfCases()));
      await t.clock.advanceDays(1);
    }
    // Nothing rolled up yet: everything is counted live, and says so.
    const live = await both(first, today());
    expect(live.rollup).toMatchObject({ through: null, note: '全部为实时计数' });
    expect(live.rolled).toEqual(live.direct);
    expect(live.direct.totals.applications).toBe(21);
    expect(live.direct.totals.approved).toBe(9);

    const done = await refresh();
    expect(done).toMatchObject({ from: null });
    const rolledThrough = done!.through;
    expect(rolledThrough < today()).toBe(true);
    // Today's cases are counted live on top of the roll-up.
    await dayOfCases();
    for (const [from, to] of [
      [first, today()],
      [first, first],
      [rolledThrough, today()],
      [today(), today()],
      // Whole months from the monthly sums, the month of the roll-up's end included up to its end.
      ['2026-11-01', today()],
      ['2026-11-01', rolledThrough],
      ['2026-10-20', rolledThrough],
    ] as const) {
      const r = await both(from, to);
      expect(r.rolled, `${from}–${to}`).toEqual(r.direct);
      expect(r.rollup.through).toBe(rolledThrough);
    }
    const byDept = await both(first, today(), 'department');
    expect(byDept.rolled).toEqual(byDept.direct);
    expect(byDept.direct.totals.applications).toBe(28);

    // Changes: a decision of the first day revoked, days pass with more cases, and the next refresh
    // recounts the recent days.
    const approved = cases.find((c) => c.app.status === 'approved')!;
    await runAction(t.app.deps, { actor: systemActor('核查'), requestId: null }, (ctx) =>
      revokeApplicationDecision(ctx, approved.app.id, '承诺不实'),
    );
    await t.clock.advanceDays(2);
    await dayOfCases();
    const partly = await both(first, today());
    expect(partly.rollup.note).toContain('实时计数');
    // Before the next refresh too: a revocation changes no rolled-up day's figure (events are counted on
    // the day they happen, and what a case was at its decision does not change afterwards).
    expect(partly.rolled).toEqual(partly.direct);
    expect(await refresh()).toMatchObject({
      through: chinaDate(new Date(t.clock.now.getTime() - 86_400_000)),
    });
    const after = await both(first, today());
    expect(after.rolled).toEqual(after.direct);
    expect(after.direct.totals.applications).toBe(35);
    // A full recount gives the same roll-up as the incremental one.
    await refreshStatisticsRollup(t.app.deps.database.db, t.clock.now, { full: true });
    expect((await both(first, today())).rolled).toEqual(after.direct);
    // 35 cases through the real actions: minutes on a busy machine, on PostgreSQL too.
  }, 300_000);

  it('the report over HTTP states how fresh it is', async () => {
    const auditor = await t.login('auditor');
    const res = await t.call(auditor, {
      method: 'GET',
      url: `/api/statistics?from=2026-11-01&to=${today()}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rollup.through).toBe(chinaDate(new Date(t.clock.now.getTime() - 86_400_000)));
    expect(res.json().rollup.note).toContain('汇总表');
  });
});

describe('statistics roll-up: license holders (无差别监管)', () => {
  it('counts each holder once per period and route, across rolled-up and live days, departments and revocations', async () => {
    await t.clock.advanceDays(1);
    const days: string[] = [];
    const built: Built[] = [];
    const revoke = (b: Built) =>
      runAction(t.app.deps, { actor: systemActor('核查'), requestId: null }, (ctx) =>
        revokeApplicationDecision(ctx, b.app.id, '承诺不实'),
      );
    const approve = async (who: Applicant, via: 'commitment' | 'standard' | 'missing') => {
      const b = await application(t, { status: 'approved', via, applicant: who });
      expect(b.license).not.toBeNull();
      built.push(b);
      return b;
    };
    // One holder by every route and in three departments, another whose license is revoked and who
    // applies again (the same holder, route and department twice), a third by both routes.
    const [h, x, y, z] = [await applicant(t), await applicant(t), await applicant(t), await applicant(t)];
    days.push(today());
    await approve(h, 'commitment');
    const hStandard = await approve(h, 'standard');
    const xFirst = await approve(x, 'commitment');
    await approve(y, 'standard');
    await t.clock.advanceDays(1);
    days.push(today());
    await approve(h, 'missing');
    await revoke(xFirst);
    await approve(x, 'commitment');
    await t.clock.advanceDays(1);
    days.push(today());
    // The first two days rolled up; the third is counted live, its repeat holders against the roll-up.
    expect(await refresh()).toMatchObject({ through: days[1] });
    await revoke(hStandard);
    await approve(h, 'standard');
    await approve(y, 'commitment');
    await approve(z, 'standard');

    // The independent count: distinct holders of the licenses this test issued, by route.
    const expected = (from: string, to: string, dept: string | null) => {
      const holders = (commitment: boolean) =>
        new Set(
          built
            .filter((b) => {
              const day = chinaDate(b.license!.issuedAt);
              return (
                day >= from &&
                day <= to &&
                (dept === null || b.app.departmentId === dept) &&
                (commitmentModes as readonly string[]).includes(b.app.mode!) === commitment
              );
            })
            .map((b) => b.app.subjectLookup),
        ).size;
      return { commitment: holders(true), standard: holders(false) };
    };
    const departments = [null, ...new Set(built.map((b) => b.app.departmentId))];
    expect(departments).toHaveLength(4);
    const check = async (label: string) => {
      // Sessions last hours and the test clock moves by days: a fresh one for each round.
      const auditor = await t.login('auditor');
      for (const [from, to] of [
        [days[0], days[0]],
        [days[0], days[1]],
        [days[1], days[2]],
        [days[2], days[2]],
        [days[0], days[2]],
      ] as const) {
        for (const dept of departments) {
          const res = await t.call(auditor, {
            method: 'GET',
            url: `/api/statistics?from=${from}&to=${to}${dept ? `&departmentId=${dept}` : ''}`,
          });
          expect(res.statusCode, res.body).toBe(200);
          const nd = res.json().nonDiscrimination;
          expect(
            { commitment: nd.commitmentRoute.holders, standard: nd.standardRoute.holders },
            `${label} ${from}–${to} ${dept ?? '全县'}`,
          ).toEqual(expected(from!, to!, dept));
        }
      }
    };
    await check('汇总表加当天');
    // The whole report too, with the revocation of a rolled-up day's license not yet refreshed.
    const before = await both(days[0]!, days[2]!);
    expect(before.rolled).toEqual(before.direct);
    // Spot values of the scenario: h, x and y by commitment over the three days, h, y and z otherwise;
    // h counted once although it holds four licenses by the standard route in three departments.
    expect(expected(days[0]!, days[2]!, null)).toEqual({ commitment: 3, standard: 3 });
    // The next day the third day is rolled up too, the repeat holders included.
    await t.clock.advanceDays(1);
    expect(await refresh()).toMatchObject({ through: days[2] });
    await check('次日刷新后');
    await refreshStatisticsRollup(t.app.deps.database.db, t.clock.now, { full: true });
    await check('全部重算后');
    const r = await both(days[0]!, days[2]!);
    expect(r.rolled).toEqual(r.direct);

    // Into the next month: November whole from its monthly sums, December's days so far, and periods
    // that cross the month's end.
    while (today() < '2026-12-02') await t.clock.advanceDays(1);
    await approve(y, 'missing');
    await approve(z, 'commitment');
    days.push(today());
    await t.clock.advanceDays(1);
    await approve(x, 'standard');
    days.push(today());
    expect(await refresh()).toMatchObject({ through: days[3] });
    for (const [from, to] of [
      ['2026-11-01', '2026-11-30'],
      ['2026-11-01', days[3]!],
      ['2026-11-01', days[4]!],
      ['2026-11-20', days[4]!],
      ['2026-12-01', days[4]!],
      [days[0]!, '2026-12-01'],
    ] as const) {
      const m = await both(from, to);
      expect(m.rolled, `${from}–${to}`).toEqual(m.direct);
      // Earlier tests' licenses count in periods before this test's first day.
      if (from >= days[0]!) {
        const nd = m.rolled.nonDiscrimination;
        expect({ commitment: nd.commitmentRoute.holders, standard: nd.standardRoute.holders }).toEqual(
          expected(from, to, null),
        );
      }
    }
  }, 300_000);
});
