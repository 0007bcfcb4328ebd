import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/server/db/client';
import { onPostgres } from '../helpers/database';
import { inspectionScene } from '../helpers/inspection';

// The file skips on PGlite (see below); it builds its app only on PostgreSQL.
const { t, supervisor, planBody } = onPostgres ? await inspectionScene() : ({} as never);

/**
 * Races between recording a result and publishing or redrawing, made deterministic: a transaction of
 * the test's own holds the inspection row, the actions are started and seen waiting for locks, then
 * the row is released. PostgreSQL only: PGlite runs one transaction at a time.
 */
describe.skipIf(!onPostgres)('recording a result against publishing and redrawing', () => {
  const waitingOnLocks = async () =>
    (
      await queryRows<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock' and query ilike '%inspection%'`,
      )
    )[0]!.n;
  /**
   * Polls until `n` statements wait for a lock, or `done()` says there is no point waiting. Fails rather
   * than go on: releasing the row too early would let the race pass for the wrong reason.
   */
  const untilWaiting = async (n: number, done: () => boolean = () => false) => {
    for (let i = 0; i < 1000; i++) {
      if (done() || (await waitingOnLocks()) >= n) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`等待锁的语句不足 ${n} 个`);
  };
  /** Runs `during` while another transaction holds the inspection row `for update`. */
  const holdingRow = async <T>(inspectionId: string, during: () => Promise<T>): Promise<T> =>
    t.database.db.transaction(async (tx) => {
      await tx.execute(sql`select id from inspection where id = ${inspectionId} for update`);
      return during();
    });
  const drawnPlan = async () => {
    const created = await t.call(supervisor, {
      method: 'POST',
      url: '/api/inspections/plans',
      payload: planBody({ conflicts: [] }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const drawn = await t.call(supervisor, {
      method: 'POST',
      url: `/api/inspections/plans/${created.json().id}/draw`,
      payload: {},
    });
    expect(drawn.statusCode, drawn.body).toBe(200);
    return drawn.json() as { id: string; draws: { id: string; selections: { id: string }[] }[] };
  };
  const result = (summary: string) => ({ outcome: 'compliant', summary, inspectedOn: '2026-11-23' });

  it('a result recorded while the results are being published is refused and leaves the published one', async () => {
    const plan = await drawnPlan();
    const draw = plan.draws[0]!;
    const target = draw.selections[0]!.id;
    const first = await t.call(supervisor, {
      method: 'PUT',
      url: `/api/inspections/${target}/result`,
      payload: result('首次检查未发现问题'),
    });
    expect(first.statusCode, first.body).toBe(204);
    const { publish, record } = await holdingRow(target, async () => {
      const publish = t.call(supervisor, {
        method: 'POST',
        url: `/api/inspections/draws/${draw.id}/publish`,
      });
      await untilWaiting(1);
      const record = t.call(supervisor, {
        method: 'PUT',
        url: `/api/inspections/${target}/result`,
        payload: result('公示后改写的结果'),
      });
      await untilWaiting(2);
      return { publish, record };
    });
    expect((await publish).json()).toEqual({ published: 1 });
    const refused = await record;
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().message).toContain('已公示');
    const pub = (
      await t.call(null, { method: 'GET', url: `/api/public/inspections/plans/${plan.id}` })
    ).json();
    expect(pub.draws[0].selections[0]).toMatchObject({ summary: '首次检查未发现问题' });
  });

  it('a redraw and a result recorded at the same moment do not both succeed', async () => {
    const plan = await drawnPlan();
    const target = plan.draws[0]!.selections[0]!.id;
    let redrawDone = false;
    const { record, redraw } = await holdingRow(target, async () => {
      const record = t.call(supervisor, {
        method: 'PUT',
        url: `/api/inspections/${target}/result`,
        payload: result('与重新抽取同时录入'),
      });
      await untilWaiting(1);
      const redraw = t.call(supervisor, {
        method: 'POST',
        url: `/api/inspections/plans/${plan.id}/draw`,
        payload: { reason: '检查人员名录有误，重新抽取' },
      });
      void redraw.then(() => {
        redrawDone = true;
      });
      await untilWaiting(2, () => redrawDone);
      return { record, redraw };
    });
    const [recorded, redrawn] = [await record, await redraw];
    expect(recorded.statusCode, recorded.body).toBe(204);
    expect(redrawn.statusCode).toBe(409);
    expect(redrawn.json().message).toContain('已有检查结果录入');
    const view = (
      await t.call(supervisor, { method: 'GET', url: `/api/inspections/plans/${plan.id}` })
    ).json();
    expect(view.draws).toHaveLength(1);
    expect(view.draws[0].selections[0]).toMatchObject({ summary: '与重新抽取同时录入' });
  });
});
