import { describe, expect, it } from 'vitest';
import { applicationsScene, FREIGHT, FREIGHT_COMPLETE } from '../helpers/applications';
import { uploadMaterials } from '../helpers/files';

const { t, ent, start } = await applicationsScene();

describe('applications', () => {
  it('missing materials: accepted with due dates, supplying everything completes the case at once', async () => {
    const a = (await start(ent, FREIGHT)).application;
    const res = await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: {
        mode: 'missing_materials',
        materials: await uploadMaterials(t, ent, FREIGHT_COMPLETE),
        missing: ['安全生产管理制度文本', '驾驶人员从业资格证复印件'],
        commit: true,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const acc = res.json();
    expect(acc.status).toBe('missing_materials');
    expect(acc.missing.map((m: { dueDate: string }) => m.dueDate)).toEqual(['2026-12-07', '2026-12-07']);
    const supply = async (names: string[]) =>
      t.call(ent, {
        method: 'POST',
        url: `/api/applications/${a.id}/supply`,
        payload: { materials: await uploadMaterials(t, ent, names) },
      });
    const part = await supply(['安全生产管理制度文本']);
    expect(part.json().status).toBe('missing_materials');
    expect((await supply(['道路货物运输经营申请表'])).statusCode).toBe(412);
    const all = await supply(['驾驶人员从业资格证复印件']);
    expect(all.json().status).toBe('approved');
    expect(all.json().license).not.toBeNull();
  });
});
