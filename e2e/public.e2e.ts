import { expect, test } from 'vitest';
import { launchForFile, look, newPerson, until } from './browser';

launchForFile();

test('a visitor finds an item in the catalog and reads its 办事指南 with the notice and commitment letter', async () => {
  const { context, page, errors } = await newPerson();
  await page.goto('/');
  await until(() => page.getByRole('heading', { name: '信用承诺，当场办结' }).count()).toBe(1);
  await until(() => page.locator('.cards .card h3 a').count()).toBeGreaterThan(0);
  await look(page, 'public-01-home');

  await page.getByLabel('搜索办事事项').fill('许可');
  await page.getByRole('button', { name: '搜索', exact: true }).click();
  await page.waitForURL(/\/items\?keyword=/);
  await until(() => page.getByText(/共 \d+ 个事项/).textContent()).toMatch(/共 \d+ 个事项/);
  await look(page, 'public-02-catalog-search');

  // Filter by mode: 容缺受理 lists only items that offer it.
  await page.goto('/items');
  await page.getByLabel('办理模式').click();
  await page.getByTitle('容缺受理').click();
  await page.waitForURL(/mode=missing_materials/);
  await until(() => page.getByRole('link', { name: '食品经营许可' }).count()).toBe(1);
  expect(await page.getByRole('link', { name: '医疗机构执业登记' }).count()).toBe(0);
  await look(page, 'public-03-catalog-filtered');

  await page.getByRole('link', { name: '食品经营许可' }).click();
  await page.waitForURL(/\/items\/WSQ-ZWFW-001/);
  await until(() => page.getByRole('heading', { name: '食品经营许可', level: 1 }).count()).toBe(1);
  for (const section of [
    '基本信息',
    '受理条件',
    '办理模式与适用对象',
    '申请材料',
    '办理流程',
    '办理时限',
    '收费',
    '设定依据',
    '告知书与承诺书',
    '咨询与投诉',
  ]) {
    expect(await page.getByRole('heading', { name: section, level: 2 }).count(), section).toBe(1);
  }
  expect(await page.getByText('共享获取，无需提交').count()).toBeGreaterThan(0);
  expect(await page.getByText(/可容缺（5 个工作日内补正）/).count()).toBe(1);
  expect(await page.getByText('可承诺替代', { exact: true }).count()).toBeGreaterThan(0);
  expect(await page.getByText('涉企经营许可事项告知承诺', { exact: true }).count()).toBeGreaterThan(0);
  // The letters to read and to download.
  const frame = page.frameLocator('iframe[title="食品经营许可告知书"]');
  await until(() => frame.getByText('告知书').first().count()).toBeGreaterThan(0);
  const download = page.getByRole('link', { name: '下载告知书（PDF）' });
  const href = await download.getAttribute('href');
  const pdf = await page.request.get(href!);
  expect(pdf.headers()['content-type']).toContain('application/pdf');
  await page.getByRole('tab', { name: '承诺书' }).click();
  expect(await page.getByRole('link', { name: '下载承诺书（PDF）' }).count()).toBe(1);
  await look(page, 'public-04-item-guide');

  // An item that only the standard procedure serves says so.
  await page.goto('/items/WSQ-WJW-002');
  await until(() => page.getByText('本事项只适用一般程序，不需要签署承诺书。').count()).toBe(1);
  await look(page, 'public-05-item-standard-only');

  // A page that does not exist is a page, not JSON; the API keeps its JSON 404.
  await page.goto('/没有这个页面');
  await until(() => page.getByRole('heading', { name: '页面不存在' }).count()).toBe(1);
  const api404 = await page.request.get('/api/no-such-endpoint');
  expect(api404.status()).toBe(404);
  expect((await api404.json()).code).toBe('NOT_FOUND');

  expect(errors).toEqual([]);
  await context.close();
});
