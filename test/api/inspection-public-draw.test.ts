import { createHash } from 'node:crypto';
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
import { drawInputsV1 } from '../../src/server/modules/inspection/draw-plan';
import {
  findPlan,
  insertDraw,
  insertInspections,
  type StoredCandidate,
  updatePlan,
} from '../../src/server/modules/inspection/repository';
import { inspectionScene } from '../helpers/inspection';

const { t, supervisor, persons, candidates, planBody } = await inspectionScene();

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
