import { describe, expect, it } from 'vitest';
import { catalogScene, sampleContent } from '../helpers/catalog';

const { t, admin, depts, post } = await catalogScene();

describe('exclusions', () => {
  it('an item touching public safety cannot enable a commitment mode, and the refusal names tag and mode', async () => {
    const res = await post(admin, '/api/catalog/items', {
      code: 'T-EXCL-1',
      departmentId: depts['WSQ-JTJ'],
      ...sampleContent({ exclusionTags: ['public_safety'], modes: ['commit_entry', 'missing_materials'] }),
    });
    expect(res.statusCode).toBe(400);
    const problems = res.json().details.problems as { tag: string; mode: string; message: string }[];
    expect(problems).toContainEqual(
      expect.objectContaining({
        tag: 'public_safety',
        mode: 'commit_entry',
        message: '事项涉及“公共安全”，不得适用“承诺即入”',
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ tag: 'public_safety', mode: 'missing_materials' }),
    );
    const list = await t.call(admin, { method: 'GET', url: '/api/catalog/items?keyword=t-excl-1' });
    expect(list.json().total).toBe(0);
  });

  it('energy saving keeps commitment but refuses tolerable-missing materials', async () => {
    const res = await post(admin, '/api/catalog/items', {
      code: 'T-EXCL-2',
      departmentId: depts['WSQ-FGW'],
      ...sampleContent({ exclusionTags: ['energy_saving'] }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.problems.length).toBeGreaterThan(0);
    expect(res.json().details.problems.every((p: { mode: string }) => p.mode === 'missing_materials')).toBe(
      true,
    );
    const fixed = sampleContent({ exclusionTags: ['energy_saving'], modes: ['license_commitment'] });
    fixed.materials = fixed.materials.map((m) => ({
      ...m,
      tolerableMissing: false,
      supplyDeadlineDays: null,
    }));
    const ok = await post(admin, '/api/catalog/items', {
      code: 'T-EXCL-2',
      departmentId: depts['WSQ-FGW'],
      ...fixed,
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('a draft cannot be edited into a commitment mode once tagged as excluded', async () => {
    const created = await post(admin, '/api/catalog/items', {
      code: 'T-EXCL-3',
      departmentId: depts['WSQ-MZJ'],
      ...sampleContent({ modes: ['standard'], exclusionTags: ['state_secrets'], materials: [] }),
    });
    expect(created.statusCode).toBe(201);
    const edit = await t.call(admin, {
      method: 'PUT',
      url: `/api/catalog/versions/${created.json().id}`,
      payload: sampleContent({ exclusionTags: ['state_secrets'] }),
    });
    expect(edit.statusCode).toBe(400);
    expect(edit.json().message).toContain('国家秘密');
  });
});
