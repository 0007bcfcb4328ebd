import { describe, expect, it } from 'vitest';
import { chinaDate } from '../../src/domain/working-days';
import { readContext, runAction, systemActor } from '../../src/server/context';
import { revokeApplicationDecision } from '../../src/server/modules/applications/revoke-decision';
import { statisticsReport } from '../../src/server/modules/statistics/queries/statistics-report';
import { refreshStatisticsRollup } from '../../src/server/modules/statistics/refresh-rollup';
import { createTestApp } from '../helpers/app';
import { application, staff } from '../helpers/factories';

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
    expect(partly.rolled.totals.applications).toBe(partly.direct.totals.applications);
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
