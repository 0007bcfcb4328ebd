import { describe, expect, it } from 'vitest';
import { startCase } from '../helpers/applications';
import { documentsScene } from '../helpers/documents';
import { uploadMaterials } from '../helpers/files';

const { t, FOOD, FOOD_MAIN, docsOf, textOf, one } = await documentsScene();

describe('official documents', () => {
  it('容缺受理通知书 with due dates, 补正通知书 before they fall due and 催告书 after', async () => {
    let ent = await t.login('ent_demo');
    const a = (await startCase(t, ent, { itemCode: FOOD })).application;
    const res = await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: {
        mode: 'missing_materials',
        materials: await uploadMaterials(t, ent, FOOD_MAIN),
        missing: ['食品安全管理制度目录'],
        commit: true,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const due = res.json().missing[0].dueDate as string;
    expect(due).toBe('2026-11-30'); // 5 working days from Monday 23 November
    let docs = await docsOf(ent, a.id);
    expect(docs.map((d) => d.kind)).toEqual(['commitment', 'missing_acceptance']);
    const notice = await textOf(ent, one(docs, 'missing_acceptance'));
    expect(one(docs, 'missing_acceptance').number).toMatch(/^乌政务容受字〔2026〕第\d+号$/);
    for (const part of [
      '容缺受理通知书',
      '本机关决定予以容缺受理',
      '1. 食品安全管理制度目录（补正期限：2026年11月30日前）',
    ]) {
      expect(notice, part).toContain(part);
    }

    // The working day before the due date: 补正通知书.
    await t.clock.set('2026-11-27T02:00:00Z');
    await t.runJobs();
    ent = await t.login('ent_demo');
    docs = await docsOf(ent, a.id);
    const correction = await textOf(ent, one(docs, 'correction'));
    expect(one(docs, 'correction').number).toMatch(/^乌政务补字〔2026〕第\d+号$/);
    expect(correction).toContain('补正通知书');
    expect(correction).toContain('食品安全管理制度目录（补正期限：2026年11月30日前）');
    expect(correction).toContain('2026年11月27日');

    // The due date passed: 催告书 with the final due date, five working days on.
    await t.clock.set('2026-12-01T01:00:00Z');
    await t.runJobs();
    ent = await t.login('ent_demo');
    docs = await docsOf(ent, a.id);
    expect(docs.map((d) => d.kind)).toEqual(['commitment', 'missing_acceptance', 'correction', 'reminder']);
    const reminder = await textOf(ent, one(docs, 'reminder'));
    expect(one(docs, 'reminder').number).toMatch(/^乌政务催字〔2026〕第\d+号$/);
    for (const part of [
      '催告书',
      '至今逾期未补正',
      '请于2026年12月8日前补齐上述材料',
      '终止办理',
      '记入信用记录',
    ]) {
      expect(reminder, part).toContain(part);
    }
  });
});
