import { describe, expect, it } from 'vitest';
import { FOOD, FOOD_ASKED } from '../helpers/applications';
import { uploadMaterials } from '../helpers/files';
import { inspectionScene } from '../helpers/inspection';

// FOOD (食品经营许可) is supervised by 市场监督管理局, the supervisor's department.
const { t, supervisor, planBody } = await inspectionScene();

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
