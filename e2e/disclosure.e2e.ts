import { expect, test } from 'vitest';
import { completeUscc } from '../src/domain/codes';
import { launchForFile, look, newPerson, staffApi, until } from './browser';

launchForFile();

test('a citizen reads the disclosures and re-checks a 双随机 draw in the browser', async () => {
  // The supervision administrator plans and draws, as in the workbench.
  const supervisor = await staffApi('supervisor');
  const candidates = ['MA1A0001', 'MA1A0002', 'MA1A0003', 'MA1A0004', 'MA1A0005', 'MA1A0006'].map(
    (body, i) => ({
      kind: 'enterprise' as const,
      code: completeUscc('91150626', body),
      name: `乌审旗抽查对象${i + 1}号商贸有限公司`,
      grade: i < 3 ? 'A' : 'B',
    }),
  );
  const plan = await supervisor.post<{ id: string }>('/api/inspections/plans', {
    name: '2026年第四季度食品经营双随机抽查',
    scope: { description: '本旗食品经营许可持证主体' },
    ratios: { A: 34, B: 67 },
    periodStart: '2026-12-01',
    periodEnd: '2026-12-31',
    inspectorsPerInspection: 2,
    candidates,
  });
  await supervisor.post(`/api/inspections/plans/${plan.id}/draw`, {});

  const { context, page, errors } = await newPerson();
  await page.goto('/disclosure');
  await until(() => page.getByRole('tab', { name: '信用承诺', selected: true }).count()).toBe(1);
  await look(page, 'disclosure-01-commitments');

  await page.getByRole('tab', { name: '失信记录' }).click();
  // The demo file has a published false commitment of 乌审旗速达建材有限公司.
  await until(() => page.getByText('乌审旗速达建材有限公司').count()).toBeGreaterThan(0);
  await look(page, 'disclosure-02-dishonesty');

  await page.getByRole('tab', { name: '双随机抽查' }).click();
  await page.getByRole('link', { name: '2026年第四季度食品经营双随机抽查' }).first().click();
  await until(() => page.getByRole('heading', { name: /第 1 次抽取/ }).count()).toBe(1);
  // 3 of A at 34% → 2, 3 of B at 67% → 3: five selected, each with two inspectors.
  await until(() => page.locator('.table-scroll tbody tr').count()).toBe(5);
  await page.getByRole('button', { name: '在本机复核这次抽取' }).click();
  await until(() => page.getByText('浏览器复核通过：按公布的输入重新抽取，结果与公布的一致').count()).toBe(1);
  await until(() => page.getByText('平台复核通过：与公布的抽取结果一致').count()).toBe(1);
  expect(await page.getByText('✓ 抽中的 5 个对象及选派的检查人员与公布的一致').count()).toBe(1);
  await look(page, 'disclosure-03-draw-rechecked');

  expect(errors).toEqual([]);
  await context.close();
});
