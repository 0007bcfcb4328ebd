import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { DRAW_ALGORITHM } from '../../src/domain/inspection-draw';
import { replayPublishedPlan } from '../../src/domain/inspection-replay';
import { queryRows } from '../../src/server/db/client';
import { inspectionScene } from '../helpers/inspection';

// One plan followed from creation through its draw, its public view, a redraw and its results; then the
// refusals. The tests build on one another in order.
const { t, insp1, insp2, insp3, persons, candidates, conflicts, planBody, ...scene } =
  await inspectionScene();
const sm3 = (s: string) => createHash('sm3').update(s).digest('hex');
let { supervisor, inspector } = scene;
/** Sessions last hours: after moving the clock by days, log in again. */
const relogin = async () => {
  supervisor = await t.login('supervisor');
  inspector = await t.login('inspector');
};

describe('random inspection plans and draws', () => {
  let planId = '';
  let firstDrawId = '';

  it('a supervision administrator creates a plan; only the seed hash is public before the draw', async () => {
    const res = await t.call(supervisor, {
      method: 'POST',
      url: '/api/inspections/plans',
      payload: planBody(),
    });
    expect(res.statusCode, res.body).toBe(201);
    const plan = res.json();
    planId = plan.id;
    expect(plan.inspectors).toHaveLength(4);
    expect(plan.nextSeedHash).toMatch(/^[0-9a-f]{64}$/);
    const pub = (
      await t.call(null, { method: 'GET', url: `/api/public/inspections/plans/${planId}` })
    ).json();
    expect(pub.draws).toEqual([]);
    expect(JSON.stringify(pub)).not.toContain('seedEnc');
  });

  it('draws per grade, never with a conflicted inspector, and anyone can re-run it', async () => {
    const before = (
      await t.call(supervisor, { method: 'GET', url: `/api/inspections/plans/${planId}` })
    ).json();
    const res = await t.call(supervisor, {
      method: 'POST',
      url: `/api/inspections/plans/${planId}/draw`,
      payload: {},
    });
    expect(res.statusCode, res.body).toBe(200);
    const plan = res.json();
    const draw = plan.draws[0];
    firstDrawId = draw.id;
    expect(sm3(draw.seed)).toBe(before.nextSeedHash);
    expect(draw.seedHash).toBe(before.nextSeedHash);
    expect(plan.nextSeedHash).not.toBe(before.nextSeedHash);
    expect(draw.strata).toEqual([
      { grade: 'A', candidates: 10, ratioBp: 1000, selected: 1 },
      { grade: 'B', candidates: 9, ratioBp: 2000, selected: 2 },
      { grade: 'C', candidates: 11, ratioBp: 5000, selected: 6 },
    ]);
    expect(draw.selections).toHaveLength(9);
    expect(draw.publishDeadline).toBe('2026-12-21'); // 20 working days from Monday 23 November
    const conflicted = new Set(conflicts.map((c) => c.subjectCode));
    for (const s of draw.selections) {
      expect(s.inspectors).toHaveLength(2);
      if (conflicted.has(s.subjectCode))
        expect(s.inspectors.map((i: { id: string }) => i.id)).not.toContain(insp1.id);
    }
    // Re-run with what the public sees, nothing else: same hashes and selection.
    const pub = (
      await t.call(null, { method: 'GET', url: `/api/public/inspections/plans/${planId}` })
    ).json();
    expect(pub.draws[0].algorithm).toBe(DRAW_ALGORITHM);
    const replay = replayPublishedPlan(pub);
    expect(replay.draws[0]).toMatchObject({ replayed: true, matches: true, problems: [] });
    expect(replay.ok).toBe(true);
    // A replay is able to fail: a published selection altered is caught.
    const altered = structuredClone(pub);
    altered.draws[0].selections.reverse();
    expect(replayPublishedPlan(altered).draws[0]!.matches).toBe(false);
    const verify = await t.call(null, {
      method: 'POST',
      url: `/api/public/inspections/draws/${draw.id}/verify`,
    });
    expect(verify.statusCode).toBe(200);
    expect(verify.json()).toMatchObject({ matches: true, seedMatchesCommitment: true, problems: [] });
  });

  it('the public view never shows a full resident ID or a full personal name', async () => {
    const pub = await t.call(null, { method: 'GET', url: `/api/public/inspections/plans/${planId}` });
    expect(pub.statusCode).toBe(200);
    const text = pub.body;
    for (const id of persons) {
      expect(text).not.toContain(id);
      expect(text).toContain(`${id.slice(0, 3)}***********${id.slice(-4)}`);
    }
    expect(text).not.toContain('白音其其格');
    expect(text).toContain('白***格');
    const list = (await t.call(null, { method: 'GET', url: '/api/public/inspections/plans' })).json();
    expect(list.items.map((p: { id: string }) => p.id)).toContain(planId);
  });

  it('the public view names who may not inspect whom, never the declared reason', async () => {
    const staffView = (
      await t.call(supervisor, { method: 'GET', url: `/api/inspections/plans/${planId}` })
    ).json();
    expect(staffView.conflicts[0].reason).toBe('近亲属在该企业任职');
    const pub = await t.call(null, { method: 'GET', url: `/api/public/inspections/plans/${planId}` });
    expect(pub.statusCode).toBe(200);
    expect(pub.body).not.toContain('近亲属');
    const shownConflicts = pub.json().conflicts as Record<string, unknown>[];
    expect(shownConflicts).toHaveLength(conflicts.length);
    for (const c of shownConflicts)
      expect(Object.keys(c).sort()).toEqual(['commitment', 'inspectorId', 'subjectCode']);
  });

  it('a redraw needs a reason, is logged, and uses the seed committed after the first draw', async () => {
    const before = (
      await t.call(supervisor, { method: 'GET', url: `/api/inspections/plans/${planId}` })
    ).json();
    const noReason = await t.call(supervisor, {
      method: 'POST',
      url: `/api/inspections/plans/${planId}/draw`,
      payload: {},
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().message).toContain('理由');
    const res = await t.call(supervisor, {
      method: 'POST',
      url: `/api/inspections/plans/${planId}/draw`,
      payload: { reason: '检查人员名录有误，经局务会研究重新抽取' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const draws = res.json().draws;
    expect(draws.map((d: { round: number; current: boolean }) => [d.round, d.current])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(draws[1].reason).toContain('重新抽取');
    expect(draws[1].seedHash).toBe(before.nextSeedHash);
    const audit = (
      await t.call(await t.login('auditor'), {
        method: 'GET',
        url: `/api/audit?targetType=inspection_plan&targetId=${planId}`,
      })
    ).json();
    const redraw = audit.items.find((a: { action: string }) => a.action === 'inspection.redraw');
    expect(redraw.after.reason).toContain('重新抽取');
    // The superseded draw takes no results.
    const old = (await t.call(supervisor, { method: 'GET', url: `/api/inspections/plans/${planId}` })).json()
      .draws[0];
    const r = await t.call(supervisor, {
      method: 'PUT',
      url: `/api/inspections/${old.selections[0].id}/result`,
      payload: { outcome: 'compliant', summary: '未发现问题', inspectedOn: '2026-11-23' },
    });
    expect(r.statusCode).toBe(409);
    expect(firstDrawId).toBe(old.id);
  });

  it('results are recorded by an assigned inspector, published, and overdue ones are visible', async () => {
    const plan = (
      await t.call(supervisor, { method: 'GET', url: `/api/inspections/plans/${planId}` })
    ).json();
    const draw = plan.draws[1];
    const mine = draw.selections.find((s: { inspectors: { id: string }[] }) =>
      s.inspectors.some((i) => i.id === insp1.id),
    );
    const notMine = draw.selections.find((s: { inspectors: { id: string }[] }) =>
      s.inspectors.every((i) => i.id !== insp1.id),
    );
    const body = {
      outcome: 'rectification_ordered',
      summary: '健康证明过期，责令十日内整改',
      inspectedOn: '2026-11-24',
    };
    await t.clock.set('2026-11-25T02:00:00Z');
    await relogin();
    // Always some: insp1 may not inspect the conflicted half of the candidates, and nine are drawn.
    expect(notMine).toBeDefined();
    const refused = await t.call(inspector, {
      method: 'PUT',
      url: `/api/inspections/${notMine.id}/result`,
      payload: body,
    });
    expect(refused.statusCode).toBe(403);
    const target = mine ?? notMine;
    const who = mine ? inspector : supervisor;
    const rec = await t.call(who, {
      method: 'PUT',
      url: `/api/inspections/${target.id}/result`,
      payload: body,
    });
    expect(rec.statusCode, rec.body).toBe(204);
    const future = await t.call(who, {
      method: 'PUT',
      url: `/api/inspections/${target.id}/result`,
      payload: { ...body, inspectedOn: '2027-01-01' },
    });
    expect(future.statusCode).toBe(400);

    let pub = (await t.call(null, { method: 'GET', url: `/api/public/inspections/plans/${planId}` })).json();
    expect(pub.draws[1].selections.find((s: { id: string }) => s.id === target.id).outcome).toBeNull();
    expect(
      (await t.call(inspector, { method: 'POST', url: `/api/inspections/draws/${draw.id}/publish` }))
        .statusCode,
    ).toBe(403);
    const published = await t.call(supervisor, {
      method: 'POST',
      url: `/api/inspections/draws/${draw.id}/publish`,
    });
    expect(published.json()).toEqual({ published: 1 });
    // Published results feed back into credit: one message per result for the credit platform.
    const [message] = await queryRows<{ payload: Record<string, unknown> }>(
      t.database.db,
      sql`select payload from outbox_message where topic = 'inspection_result' and aggregate_id = ${target.id}`,
    );
    expect(message!.payload).toMatchObject({
      inspectionId: target.id,
      outcome: 'rectification_ordered',
      outcomeLabel: '责令限期整改',
      summary: body.summary,
      inspectedOn: '2026-11-24',
    });
    // A person's ID is stored sealed and opened per subscription at delivery (ADR 0019).
    if (message!.payload.subjectCategory === '自然人') {
      expect(String(message!.payload.subjectCode)).toMatch(/^\[\[rid:[A-Za-z0-9+/=]+\]\]$/);
    }
    pub = (await t.call(null, { method: 'GET', url: `/api/public/inspections/plans/${planId}` })).json();
    const shown = pub.draws[1].selections.find((s: { id: string }) => s.id === target.id);
    expect(shown).toMatchObject({ outcome: 'rectification_ordered', outcomeLabel: '责令限期整改' });
    const afterPublish = await t.call(supervisor, {
      method: 'PUT',
      url: `/api/inspections/${target.id}/result`,
      payload: { ...body, outcome: 'compliant', summary: '复查未发现问题' },
    });
    expect(afterPublish.statusCode).toBe(409);
    expect(afterPublish.json().message).toContain('已公示');
    const kept = (await t.call(supervisor, { method: 'GET', url: `/api/inspections/plans/${planId}` }))
      .json()
      .draws[1].selections.find((s: { id: string }) => s.id === target.id);
    expect(kept).toMatchObject({ outcome: 'rectification_ordered', summary: body.summary });

    let view = (await t.call(supervisor, { method: 'GET', url: `/api/inspections/plans/${planId}` })).json()
      .draws[1];
    expect(view.overdue).toBe(false);
    await t.clock.set('2026-12-22T02:00:00Z');
    await relogin();
    view = (await t.call(supervisor, { method: 'GET', url: `/api/inspections/plans/${planId}` })).json()
      .draws[1];
    expect(view).toMatchObject({ overdue: true, unpublished: draw.selections.length - 1 });
    await t.clock.set('2026-11-23T02:00:00Z');
    await relogin();
  });

  it('fewer than two eligible inspectors for a drawn subject is refused in Chinese', async () => {
    const small = candidates.slice(0, 3);
    const res = await t.call(supervisor, {
      method: 'POST',
      url: '/api/inspections/plans',
      payload: planBody({
        candidates: small,
        ratios: { A: 100, B: 100, C: 100 },
        inspectorIds: [insp1.id, insp2.id, insp3.id],
        conflicts: [
          { inspectorId: insp1.id, subjectCode: small[0]!.code, reason: '亲属' },
          { inspectorId: insp2.id, subjectCode: small[0]!.code, reason: '曾任职' },
        ],
      }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const draw = await t.call(supervisor, {
      method: 'POST',
      url: `/api/inspections/plans/${res.json().id}/draw`,
      payload: {},
    });
    expect(draw.statusCode).toBe(412);
    expect(draw.json().message).toMatch(/无利益冲突的检查人员只有 1 名，少于每个对象所需的 2 名/);
    const few = await t.call(supervisor, {
      method: 'POST',
      url: '/api/inspections/plans',
      payload: planBody({ inspectorIds: [insp1.id], conflicts: [] }),
    });
    expect(few.statusCode).toBe(400);
    expect(few.json().message).toContain('检查人员不足');
    const badCode = await t.call(supervisor, {
      method: 'POST',
      url: '/api/inspections/plans',
      payload: planBody({
        candidates: [{ kind: 'individual', code: '150626198503170020', name: '某人', grade: 'A' }],
        conflicts: [],
      }),
    });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().message).toContain('公民身份号码');
  });

  it('roles other than supervision are refused', async () => {
    for (const who of ['clerk', 'approver', 'sysadmin', 'credit', 'ent_demo']) {
      const s = await t.login(who);
      expect(
        (await t.call(s, { method: 'POST', url: '/api/inspections/plans', payload: planBody() })).statusCode,
        who,
      ).toBe(403);
      expect(
        (
          await t.call(s, {
            method: 'POST',
            url: `/api/inspections/plans/${planId}/draw`,
            payload: { reason: 'x' },
          })
        ).statusCode,
      ).toBe(403);
      expect((await t.call(s, { method: 'GET', url: `/api/inspections/plans/${planId}` })).statusCode).toBe(
        403,
      );
      expect((await t.call(s, { method: 'GET', url: '/api/inspections/plans' })).statusCode).toBe(403);
    }
    expect(
      (await t.call(inspector, { method: 'POST', url: '/api/inspections/plans', payload: planBody() }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await t.call(inspector, {
          method: 'POST',
          url: `/api/inspections/plans/${planId}/draw`,
          payload: { reason: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await t.call(null, { method: 'POST', url: '/api/inspections/plans', payload: planBody() })).statusCode,
    ).toBe(401);
  });
});
