import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { completeResidentId, completeUscc } from '../../src/domain/codes';
import { runDraw } from '../../src/domain/inspection-draw';
import { createTestApp } from '../helpers/app';

const t = await createTestApp({ now: '2026-11-23T02:00:00Z' });
const sm3 = (s: string) => createHash('sm3').update(s).digest('hex');

const admin = await t.login('sysadmin');
let supervisor = await t.login('supervisor');
let inspector = await t.login('inspector');
/** Sessions last hours: after moving the clock by days, log in again. */
const relogin = async () => {
  supervisor = await t.login('supervisor');
  inspector = await t.login('inspector');
};
const me = async (s: Awaited<ReturnType<typeof t.login>>) =>
  (await t.call(s, { method: 'GET', url: '/api/me' })).json() as { id: string; departmentId: string };
const sup = await me(supervisor);
const insp1 = await me(inspector);
const insp2 = await me(await t.login('inspector2'));
for (const [username, displayName] of [
  ['inspector3', '马建军'],
  ['inspector4', '刘春花'],
]) {
  const res = await t.call(admin, {
    method: 'POST',
    url: '/api/accounts',
    payload: {
      username,
      password: 'Xinyipi2026!pw',
      displayName,
      departmentId: sup.departmentId,
      roles: ['inspector'],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
}
const staff = (
  await t.call(admin, { method: 'GET', url: `/api/departments/${sup.departmentId}/staff` })
).json();
const staffList = (staff.items ?? staff) as { id: string; username: string }[];
const insp3 = staffList.find((s) => s.username === 'inspector3')!;

const persons = [completeResidentId('15062619850317002'), completeResidentId('15062619900101003')];
const candidates = [
  ...Array.from({ length: 28 }, (_, i) => ({
    kind: 'enterprise',
    code: completeUscc('91150626', `MA${String(i).padStart(6, '0')}`),
    name: `乌审旗第${i + 1}食品店有限公司`,
    grade: ['A', 'B', 'C'][i % 3]!,
  })),
  { kind: 'individual', code: persons[0]!, name: '白音其其格', grade: 'C' },
  { kind: 'individual', code: persons[1]!, name: '乌力吉图', grade: 'C' },
];
const conflicts = candidates
  .filter((_, i) => i % 2 === 0)
  .map((c) => ({ inspectorId: insp1.id, subjectCode: c.code, reason: '近亲属在该企业任职' }));

const planBody = (over: object = {}) => ({
  name: '2026年第四季度食品经营者双随机抽查',
  scope: { description: '食品经营许可告知承诺事项', subjectKinds: ['enterprise', 'individual'] },
  ratios: { A: 10, B: 20, C: 50 },
  periodStart: '2026-11-23',
  periodEnd: '2026-12-31',
  inspectorsPerInspection: 2,
  candidates,
  conflicts,
  ...over,
});

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
    // Re-run with the published inputs: same hashes and selection.
    const again = runDraw({
      seed: draw.seed,
      subjects: plan.candidates.map((c: { code: string; name: string; grade: string }) => ({
        code: c.code,
        name: c.name,
        grade: c.grade,
      })),
      inspectors: plan.inspectors,
      ratiosBp: { A: 1000, B: 2000, C: 5000 },
      conflicts: plan.conflicts,
      perInspection: 2,
    });
    expect(again.subjectListHash).toBe(draw.subjectListHash);
    expect(again.inspectorListHash).toBe(draw.inspectorListHash);
    expect(again.selections.map((s) => s.subjectCode)).toEqual(
      draw.selections.map((s: { subjectCode: string }) => s.subjectCode),
    );
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
    expect(list.map((p: { id: string }) => p.id)).toContain(planId);
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
    if (notMine) {
      const refused = await t.call(inspector, {
        method: 'PUT',
        url: `/api/inspections/${notMine.id}/result`,
        payload: body,
      });
      expect(refused.statusCode).toBe(403);
    }
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
    pub = (await t.call(null, { method: 'GET', url: `/api/public/inspections/plans/${planId}` })).json();
    const shown = pub.draws[1].selections.find((s: { id: string }) => s.id === target.id);
    expect(shown).toMatchObject({ outcome: 'rectification_ordered', outcomeLabel: '责令限期整改' });
    const afterPublish = await t.call(supervisor, {
      method: 'PUT',
      url: `/api/inspections/${target.id}/result`,
      payload: body,
    });
    expect(afterPublish.statusCode).toBe(409);

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
