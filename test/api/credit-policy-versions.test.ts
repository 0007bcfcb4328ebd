import { describe, expect, it } from 'vitest';
import { addGrade, check, creditScene, enterprise } from '../helpers/credit';

const { t, credit, clerk, wushenItem, post, get } = await creditScene();

describe('policy versions and simulation', () => {
  it('a draft is simulated against subjects and past checks, then published; old checks keep their version', async () => {
    const policies = (await get(credit, '/api/credit/policies')).json().items as {
      id: string;
      code: string;
      version: number;
      status: string;
      regions: string[];
      name: string;
      definition: { rules: { id: string; effect: string }[] };
    }[];
    const v1 = policies.find((p) => p.code === 'wushen' && p.status === 'published')!;
    expect(v1.version).toBe(1);
    const gradeC = enterprise();
    await addGrade(t, credit, gradeC, 'national', 'C');
    const oldCheck = await check(t, clerk, gradeC, wushenItem);
    expect(oldCheck.outcome).toBe('conditional');

    // Draft: grade C becomes a bar.
    const definition = structuredClone(v1.definition);
    definition.rules.find((r) => r.id === 'grade_c')!.effect = 'not_eligible';
    const draftBody = { code: 'wushen', name: v1.name, regions: v1.regions, definition };
    expect((await post(clerk, '/api/credit/policies', draftBody)).statusCode).toBe(403);
    const bad = await post(credit, '/api/credit/policies', {
      ...draftBody,
      definition: {
        ...definition,
        waivers: [{ id: 'x', when: { majorProject: true }, waives: ['nope'], message: '无' }],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('nope');
    const draft = await post(credit, '/api/credit/policies', draftBody);
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json()).toMatchObject({ version: 2, status: 'draft' });
    expect((await post(credit, '/api/credit/policies', draftBody)).statusCode).toBe(409);

    const bySubjects = await post(credit, `/api/credit/policies/${draft.json().id}/simulate`, {
      against: 'subjects',
    });
    expect(bySubjects.statusCode, bySubjects.body).toBe(200);
    const change = bySubjects
      .json()
      .changes.find((c: { subjectName: string }) => c.subjectName === gradeC.name);
    expect(bySubjects.json().changed).toBeGreaterThanOrEqual(1);
    expect(
      bySubjects
        .json()
        .changes.every(
          (c: { before: string; after: string }) => c.before === 'conditional' && c.after === 'not_eligible',
        ),
    ).toBe(true);
    expect(change).toBeDefined();
    const byChecks = await post(credit, `/api/credit/policies/${draft.json().id}/simulate`, {
      against: 'checks',
    });
    expect(byChecks.json().changes).toContainEqual(
      expect.objectContaining({ checkId: oldCheck.id, before: 'conditional', after: 'not_eligible' }),
    );

    // Not published yet: checks still use version 1.
    expect((await check(t, clerk, gradeC, wushenItem)).policy.version).toBe(1);
    const published = await post(credit, `/api/credit/policies/${draft.json().id}/publish`);
    expect(published.statusCode).toBe(200);
    const now = await check(t, clerk, gradeC, wushenItem);
    expect(now).toMatchObject({ outcome: 'not_eligible', policy: { version: 2 } });
    expect((await get(clerk, `/api/credit/checks/${oldCheck.id}`)).json()).toMatchObject({
      outcome: 'conditional',
      policy: { version: 1 },
    });
    const after = (await get(credit, '/api/credit/policies'))
      .json()
      .items.filter((p: { code: string }) => p.code === 'wushen');
    expect(after.map((p: { version: number; status: string }) => [p.version, p.status])).toEqual([
      [2, 'published'],
      [1, 'superseded'],
    ]);
  });
});
