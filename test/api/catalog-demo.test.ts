import { describe, expect, it } from 'vitest';
import { demoItems } from '../../src/server/modules/catalog/seed-demo';
import { catalogScene } from '../helpers/catalog';

const { t, legal } = await catalogScene();

describe('demo catalog', () => {
  it('is published on first start over several departments, each with a valid history', async () => {
    const res = await t.call(null, { method: 'GET', url: '/api/public/catalog/items?pageSize=200' });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { code: string; departmentName: string; versionId: string }[];
    expect(items.length).toBeGreaterThanOrEqual(12);
    expect(new Set(items.map((i) => i.departmentName)).size).toBeGreaterThanOrEqual(5);
    for (const d of demoItems) expect(items.map((i) => i.code)).toContain(d.code);
    const hygiene = items.find((i) => i.code === 'WSQ-WJW-001')!;
    const history = await t.call(legal, {
      method: 'GET',
      url: `/api/catalog/versions/${hygiene.versionId}/history`,
    });
    expect(history.json().items.map((e: { event: string }) => e.event)).toEqual([
      'create',
      'submit',
      'pass_review',
      'approve',
      'publish',
    ]);
  });

  it('keeps an excluded item in the standard procedure, with no commitment documents', async () => {
    const res = await t.call(null, { method: 'GET', url: '/api/public/catalog/items/WSQ-JTJ-002' });
    expect(res.statusCode).toBe(200);
    expect(res.json().modes).toEqual([{ mode: 'standard', label: '一般程序' }]);
    expect(res.json().exclusionLabels).toContain('公共安全');
    expect(res.json().documents).toEqual([]);
    const pdf = await t.call(null, {
      method: 'GET',
      url: '/api/public/catalog/items/WSQ-JTJ-002/documents/notice?format=pdf',
    });
    expect(pdf.statusCode).toBe(404);
  });

  it('公共场所卫生许可证 has a legal limit of 20 working days and is decided on the spot', async () => {
    const res = await t.call(null, { method: 'GET', url: '/api/public/catalog/items/WSQ-WJW-001' });
    expect(res.json()).toMatchObject({
      name: '公共场所卫生许可证核发',
      legalTimeLimitDays: 20,
      promisedTimeLimitDays: 0,
    });
    expect(res.json().verification.deadlineDays).toBe(10);
    const license = res.json().materials.find((m: { name: string }) => m.name === '营业执照');
    expect(license.askedOfApplicant).toBe(false);
  });
});
