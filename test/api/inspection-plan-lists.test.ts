import { beforeAll, describe, expect, it } from 'vitest';
import { inspectionScene } from '../helpers/inspection';

const { t, supervisor, planBody } = await inspectionScene();

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
  // Three plans of this file's own, so that a second page exists.
  beforeAll(async () => {
    for (let i = 0; i < 3; i++) {
      const res = await t.call(supervisor, {
        method: 'POST',
        url: '/api/inspections/plans',
        payload: planBody(),
      });
      if (res.statusCode !== 201) throw new Error(`plan: ${res.statusCode} ${res.body}`);
    }
  });

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
