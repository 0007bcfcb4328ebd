import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { completeResidentId, completeUscc, maskResidentId } from '../../src/domain/codes';
import {
  DRAW_ALGORITHM,
  DRAW_ALGORITHM_V1,
  entryCommitment,
  findOwnEntry,
  runDrawV1,
} from '../../src/domain/inspection-draw';
import { replayPublishedPlan } from '../../src/domain/inspection-replay';
import { queryRows } from '../../src/server/db/client';
import { drawInputsV1 } from '../../src/server/modules/inspection/draw-plan';
import {
  findPlan,
  insertDraw,
  insertInspections,
  type StoredCandidate,
  updatePlan,
} from '../../src/server/modules/inspection/repository';
import { createTestApp } from '../helpers/app';
import { uploadMaterials } from '../helpers/files';

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

describe('the public draw leaks no resident ID', () => {
  const sm3n = (s: string) => createHash('sm3').update(s).digest('hex');
  /** Version 1's list hash as its algorithm defines it: SM3 of the sorted `S|code|grade` lines. */
  const v1ListHash = (list: { code: string; grade: string }[]) =>
    sm3n(
      [...list]
        .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
        .map((c) => `S|${c.code}|${c.grade}\n`)
        .join(''),
    );
  const drawnPlan = async (body: object) => {
    const created = await t.call(supervisor, {
      method: 'POST',
      url: '/api/inspections/plans',
      payload: body,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const drawn = await t.call(supervisor, {
      method: 'POST',
      url: `/api/inspections/plans/${id}/draw`,
      payload: {},
    });
    expect(drawn.statusCode, drawn.body).toBe(200);
    return id;
  };
  const publicPlan = async (id: string) =>
    (await t.call(null, { method: 'GET', url: `/api/public/inspections/plans/${id}` })).json();

  it('enumerating the codes a masked ID leaves open confirms none of them; the old list hash confirmed the right one', async () => {
    const pub = await publicPlan(await drawnPlan(planBody()));
    const target = persons[0]!;
    const shown = pub.candidates.find((c: { code: string }) => c.code === maskResidentId(target));
    expect(shown).toMatchObject({ kind: 'individual', salt: null });
    // The plausible space behind a masked ID (first three and last four characters shown): every
    // county of the league and every day of a year, kept where the check character matches.
    const [head, tail] = [shown.code.slice(0, 3), shown.code.slice(-4)];
    const guesses: string[] = [];
    for (let county = 600; county < 700; county++) {
      for (
        let day = new Date(Date.UTC(1985, 0, 1));
        day.getUTCFullYear() === 1985;
        day.setUTCDate(day.getUTCDate() + 1)
      ) {
        const id = completeResidentId(
          `${head}${county}${day.toISOString().slice(0, 10).replaceAll('-', '')}${tail.slice(0, 3)}`,
        );
        if (id.endsWith(tail)) guesses.push(id);
      }
    }
    expect(guesses.length).toBeGreaterThan(1000);
    expect(guesses).toContain(target);

    // Everything published about the draw, and every way a guess could be checked against it: the
    // commitment line without a salt or with any published salt, the bare code, version 1's line.
    const draw = pub.draws[0];
    const published = new Set<string>([
      ...pub.candidates.map((c: { commitment: string }) => c.commitment),
      ...pub.conflicts.map((c: { commitment: string }) => c.commitment),
      ...draw.selections.map((s: { commitment: string }) => s.commitment),
      draw.subjectListHash,
      draw.inspectorListHash,
      draw.seed,
      draw.seedHash,
    ]);
    const salts = ['', ...pub.candidates.map((c: { salt: string | null }) => c.salt).filter(Boolean)];
    const confirms = (g: string) =>
      ['A', 'B', 'C'].some(
        (grade) =>
          published.has(sm3n(g)) ||
          published.has(sm3n(`S|${g}|${grade}`)) ||
          salts.some((salt) => published.has(sm3n(`E|${salt}|${g}|${grade}`))),
      );
    expect(guesses.filter(confirms)).toEqual([]);
    // The list hash is a function of the published commitments alone, so it says nothing of any code.
    expect(
      sm3n(
        [...pub.candidates]
          .sort((a, b) => (a.commitment < b.commitment ? -1 : 1))
          .map((c: { commitment: string; grade: string }) => `S|${c.commitment}|${c.grade}\n`)
          .join(''),
      ),
    ).toBe(draw.subjectListHash);

    // The same enumeration against the list hash version 1 published finds exactly the right code
    // (knowing the other person's, as a second search would find it): the test is able to fail.
    const list = candidates.map((c) => ({ code: c.code, grade: c.grade }));
    const v1Hash = runDrawV1({
      seed: draw.seed,
      subjects: list.map((c) => ({ ...c, name: '' })),
      inspectors: pub.inspectors,
      ratiosBp: { A: 1000, B: 2000, C: 5000 },
      conflicts: [],
      perInspection: 2,
    }).subjectListHash;
    expect(v1ListHash(list)).toBe(v1Hash);
    const others = list.filter((c) => c.code !== target);
    expect(guesses.filter((g) => v1ListHash([...others, { code: g, grade: 'C' }]) === v1Hash)).toEqual([
      target,
    ]);
  });

  it('a person gets its own salt, finds its entry and whether it was drawn; no one else gets that salt', async () => {
    const personCode = completeResidentId('15062619900308152'); // person_demo
    const entCode = completeUscc('91150626', 'MA0N8K2Q'); // ent_demo
    const id = await drawnPlan(
      planBody({
        candidates: [
          ...candidates.slice(0, 6),
          { kind: 'individual', code: personCode, name: '白音其其格', grade: 'D' },
          { kind: 'enterprise', code: entCode, name: '乌审旗草原明珠餐饮有限公司', grade: 'D' },
        ],
        ratios: { A: 10, B: 20, C: 50, D: 100 },
        conflicts: [],
      }),
    );
    const person = await t.login('person_demo');
    const mine = await t.call(person, { method: 'GET', url: '/api/inspections/my-entries' });
    expect(mine.statusCode, mine.body).toBe(200);
    const entry = mine.json().items.find((e: { planId: string }) => e.planId === id);
    expect(entry).toMatchObject({ subjectCode: personCode, grade: 'D', subjectKind: 'individual' });
    expect(entry.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(entry.commitment).toBe(entryCommitment(entry.salt, personCode, 'D'));
    expect(entry.draws).toEqual([expect.objectContaining({ round: 1, current: true, selected: true })]);

    // The public list carries the commitment, never the salt or the number.
    const pub = await publicPlan(id);
    const body = JSON.stringify(pub);
    expect(body).toContain(entry.commitment);
    expect(body).not.toContain(entry.salt);
    expect(body).not.toContain(personCode);
    expect(findOwnEntry(pub.candidates, personCode, entry.salt)).toMatchObject({ grade: 'D' });
    expect(findOwnEntry(pub.candidates, personCode, '0'.repeat(32))).toBeUndefined();
    const replay = replayPublishedPlan(pub, { code: personCode, salt: entry.salt });
    expect(replay).toMatchObject({ ok: true, own: { found: true, grade: 'D', selectedInRounds: [1] } });

    // An enterprise's code is public: its salt is published with it, and anyone checks its entry.
    const ent = await t.login('ent_demo');
    const entMine = (await t.call(ent, { method: 'GET', url: '/api/inspections/my-entries' })).json();
    const entEntry = entMine.items.find((e: { planId: string }) => e.planId === id);
    expect(entEntry.subjectCode).toBe(entCode);
    expect(JSON.stringify(entMine)).not.toContain(entry.salt);
    expect(pub.candidates.find((c: { code: string }) => c.code === entCode).salt).toBe(entEntry.salt);
    const forged = structuredClone(pub);
    forged.candidates.find((c: { code: string }) => c.code === entCode).grade = 'A';
    expect(replayPublishedPlan(forged).entryProblems).toHaveLength(1);

    // Only an applicant, for itself.
    expect((await t.call(supervisor, { method: 'GET', url: '/api/inspections/my-entries' })).statusCode).toBe(
      403,
    );
    expect((await t.call(null, { method: 'GET', url: '/api/inspections/my-entries' })).statusCode).toBe(401);
  });

  it('a plan drawn with version 1 stays verifiable; its list hash is no longer shown; its redraw uses version 2', async () => {
    const created = await t.call(supervisor, {
      method: 'POST',
      url: '/api/inspections/plans',
      payload: planBody(),
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    // Stored as a plan of before: no commitments, one draw made by version 1.
    const crypto = t.app.deps.crypto;
    const plan = (await findPlan(t.database.db, crypto, id))!;
    const legacy = (plan.candidates as StoredCandidate[]).map(({ commitment: _, ...c }) => c);
    await updatePlan(t.database.db, crypto, id, { candidates: legacy, entryKeyEnc: null, status: 'drawn' });
    const seed = crypto.decrypt(plan.seedEnc);
    const old = runDrawV1(drawInputsV1({ ...plan, candidates: legacy }, seed));
    const draw = await insertDraw(t.database.db, {
      planId: id,
      round: 1,
      seed,
      seedHash: plan.seedHash,
      algorithm: old.algorithm,
      subjectListHash: old.subjectListHash,
      inspectorListHash: old.inspectorListHash,
      strata: old.strata,
      drawnOn: '2026-11-23',
      publishDeadline: '2026-12-21',
      drawnAt: t.clock.now,
    });
    const byCode = new Map(legacy.map((c) => [c.code, c]));
    await insertInspections(
      t.database.db,
      crypto,
      old.selections.map((s, position) => ({
        drawId: draw.id,
        position,
        subjectKind: byCode.get(s.subjectCode)!.kind,
        subjectCode: s.subjectCode,
        subjectName: byCode.get(s.subjectCode)!.name,
        grade: s.grade,
        inspectorIds: s.inspectorIds,
      })),
    );
    await updatePlan(t.database.db, crypto, id, {
      seedEnc: crypto.encrypt('next-seed'),
      seedHash: createHash('sm3').update('next-seed').digest('hex'),
    });

    const verify = (drawId: string) =>
      t.call(null, { method: 'POST', url: `/api/public/inspections/draws/${drawId}/verify` });
    const v1 = (await verify(draw.id)).json();
    expect(v1).toMatchObject({
      matches: true,
      algorithm: DRAW_ALGORITHM_V1,
      subjectListHash: null,
      problems: [],
    });
    let pub = await publicPlan(id);
    expect(pub.draws[0]).toMatchObject({ algorithm: DRAW_ALGORITHM_V1, subjectListHash: null });
    expect(JSON.stringify(pub)).not.toContain(old.subjectListHash);
    expect(replayPublishedPlan(pub).draws[0]).toMatchObject({ replayed: false });
    const staffView = (
      await t.call(supervisor, { method: 'GET', url: `/api/inspections/plans/${id}` })
    ).json();
    expect(staffView.draws[0].subjectListHash).toBe(old.subjectListHash);

    // A redraw gives the plan its commitments and is made with version 2; the old draw still verifies.
    const redrawn = await t.call(supervisor, {
      method: 'POST',
      url: `/api/inspections/plans/${id}/draw`,
      payload: { reason: '按新算法重新抽取' },
    });
    expect(redrawn.statusCode, redrawn.body).toBe(200);
    pub = await publicPlan(id);
    expect(pub.draws.map((d: { algorithm: string }) => d.algorithm)).toEqual([
      DRAW_ALGORITHM_V1,
      DRAW_ALGORITHM,
    ]);
    expect(replayPublishedPlan(pub).draws[1]).toMatchObject({ replayed: true, matches: true });
    expect((await verify(pub.draws[1].id)).json()).toMatchObject({
      matches: true,
      algorithm: DRAW_ALGORITHM,
    });
    expect((await verify(draw.id)).json()).toMatchObject({ matches: true, algorithm: DRAW_ALGORITHM_V1 });
  });
});

describe('grades and ratios', () => {
  it('ratio keys are read like grades (trimmed, upper case), so { b: 20 } samples grade B', async () => {
    const res = await t.call(supervisor, {
      method: 'POST',
      url: '/api/inspections/plans',
      payload: planBody({ ratios: { a: 10, ' b ': 20, c: 50 } }),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().ratios).toEqual({ A: 10, B: 20, C: 50 });
    const drawn = await t.call(supervisor, {
      method: 'POST',
      url: `/api/inspections/plans/${res.json().id}/draw`,
      payload: {},
    });
    expect(drawn.statusCode, drawn.body).toBe(200);
    expect(drawn.json().draws[0].strata).toEqual([
      { grade: 'A', candidates: 10, ratioBp: 1000, selected: 1 },
      { grade: 'B', candidates: 9, ratioBp: 2000, selected: 2 },
      { grade: 'C', candidates: 11, ratioBp: 5000, selected: 6 },
    ]);
  });

  it('a grade among the candidates with no ratio is refused by name; the same grade twice too', async () => {
    const missing = await t.call(supervisor, {
      method: 'POST',
      url: '/api/inspections/plans',
      payload: planBody({ ratios: { A: 10, B: 20 } }),
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toContain('信用等级为“C”的检查对象有 11 个，但未设置该等级的抽查比例');
    const twice = await t.call(supervisor, {
      method: 'POST',
      url: '/api/inspections/plans',
      payload: planBody({ ratios: { A: 10, a: 20, B: 20, C: 50 } }),
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().message).toContain('信用等级“A”的抽查比例重复设置');
  });
});

describe('plan lists', () => {
  it('are paginated, newest first, for the department and for the public', async () => {
    const all = await t.call(supervisor, { method: 'GET', url: '/api/inspections/plans?pageSize=200' });
    expect(all.statusCode, all.body).toBe(200);
    const { items, total } = all.json() as { items: { id: string }[]; total: number };
    expect(total).toBeGreaterThanOrEqual(3);
    expect(items).toHaveLength(total);
    const second = (
      await t.call(supervisor, { method: 'GET', url: '/api/inspections/plans?page=2&pageSize=1' })
    ).json();
    expect(second).toMatchObject({ total, page: 2, pageSize: 1 });
    expect(second.items.map((p: { id: string }) => p.id)).toEqual([items[1]!.id]);
    const pub = (
      await t.call(null, { method: 'GET', url: '/api/public/inspections/plans?page=1&pageSize=2' })
    ).json();
    expect(pub).toMatchObject({ total, page: 1, pageSize: 2 });
    expect(pub.items.map((p: { id: string }) => p.id)).toEqual(items.slice(0, 2).map((p) => p.id));
    const tooBig = await t.call(null, { method: 'GET', url: '/api/public/inspections/plans?pageSize=201' });
    expect(tooBig.statusCode).toBe(400);
  });
});

const FOOD = 'WSQ-ZWFW-001'; // 食品经营许可, supervised by 市场监督管理局 (the supervisor's department)
const FOOD_ASKED = [
  '食品经营许可申请书',
  '与食品经营相适应的主要设备设施布局、操作流程等文件',
  '食品安全管理制度目录',
];

describe('candidates from the license file', () => {
  it('come only from items the planner’s department supervises, whatever item codes are named', async () => {
    // ent_demo holds a 食品经营许可 at once, by 先入后验.
    const ent = await t.login('ent_demo');
    const started = await t.call(ent, {
      method: 'POST',
      url: '/api/applications',
      payload: { itemCode: FOOD, legalRepresentative: '巴特尔' },
    });
    expect(started.statusCode, started.body).toBe(201);
    const a = started.json().application;
    const materials = await uploadMaterials(t, ent, FOOD_ASKED);
    const submitted = await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: {
        mode: 'enter_then_verify',
        materials,
        commit: true,
        publishCommitment: false,
        version: a.version,
      },
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().status).toBe('approved');

    const fromLicenses = (itemCodes: string[]) =>
      planBody({
        scope: { description: '食品经营许可持证主体', itemCodes },
        candidates: [],
        conflicts: [],
        ratios: { A: 50, B: 50, C: 50, D: 100, E: 100, 未评级: 100 },
      });
    // The department supervising the item draws its holders.
    const own = await t.call(supervisor, {
      method: 'POST',
      url: '/api/inspections/plans',
      payload: fromLicenses([FOOD]),
    });
    expect(own.statusCode, own.body).toBe(201);
    const holder = own.json().candidates.map((c: { name: string }) => c.name);
    expect(holder).toContain('乌审旗草原明珠餐饮有限公司');

    // Another supervising department, with inspectors of its own, naming that item: refused by name.
    const admin2 = await t.login('sysadmin');
    const depts = (await t.call(admin2, { method: 'GET', url: '/api/departments' })).json();
    const wsjd = ((depts.items ?? depts) as { id: string; name: string }[]).find((d) =>
      d.name.includes('卫生健康综合行政执法'),
    )!;
    for (const [username, roles] of [
      ['wsjd_admin', ['supervision_admin']],
      ['wsjd_insp1', ['inspector']],
      ['wsjd_insp2', ['inspector']],
    ] as const) {
      const made = await t.call(admin2, {
        method: 'POST',
        url: '/api/accounts',
        payload: {
          username,
          password: 'Xinyipi2026!pw',
          displayName: '包文华',
          departmentId: wsjd.id,
          roles,
        },
      });
      expect(made.statusCode, made.body).toBe(201);
    }
    const other = await t.login('wsjd_admin', 'Xinyipi2026!pw');
    const foreign = await t.call(other, {
      method: 'POST',
      url: '/api/inspections/plans',
      payload: fromLicenses([FOOD]),
    });
    expect(foreign.statusCode, foreign.body).toBe(400);
    expect(foreign.json().message).toContain(`以下事项不存在或不由本部门监管：${FOOD}`);
    expect(foreign.body).not.toContain('草原明珠');
    // Its own items: none of their licenses is held, so no one — never the other department's holders.
    const ownItems = await t.call(other, {
      method: 'POST',
      url: '/api/inspections/plans',
      payload: fromLicenses(['WSQ-WJW-001']),
    });
    expect(ownItems.statusCode, ownItems.body).toBe(400);
    expect(ownItems.json().message).toContain('没有持有有效证照的主体');
  });
});

/**
 * Races between recording a result and publishing or redrawing, made deterministic: a transaction of
 * the test's own holds the inspection row, the actions are started and seen waiting for locks, then
 * the row is released. PostgreSQL only: PGlite runs one transaction at a time.
 */
describe.runIf(t.database.kind === 'postgres')('recording a result against publishing and redrawing', () => {
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
