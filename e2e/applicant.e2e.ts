import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { creditOutcomeLabels } from '../src/contracts/credit';
import { completeUscc } from '../src/domain/codes';
import { launch, login, look, newPerson, until, upload } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function register(page: Page, name: string, uscc: string, username: string) {
  await page.goto('/register');
  await page.getByLabel('企业名称').fill(name);
  await page.getByLabel('统一社会信用代码').fill(uscc);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill('Qiye2026pass');
  await page.getByLabel('确认密码').fill('Qiye2026pass');
  await look(page, `${username}-register`);
  await page.getByRole('button', { name: '注册并登录' }).click();
  await page.waitForURL(/\/portal$/);
}

async function startApplication(page: Page, itemCode: string, shot: string) {
  await page.goto(`/portal/apply?item=${itemCode}`);
  await until(() => page.getByRole('button', { name: '开始申请（信用核查）' }).count()).toBe(1);
  await look(page, `${shot}-start`);
}

async function chooseMode(page: Page, label: string, shot: string) {
  await until(() => page.getByText(/信用核查结果：/).count()).toBe(1);
  await page.getByRole('radio', { name: new RegExp(`^${label}`) }).check();
  await look(page, `${shot}-credit-and-mode`);
  await page.getByRole('button', { name: /^下一步：/ }).click();
}

async function signAndSubmit(page: Page, shot: string) {
  await until(() =>
    page.frameLocator('iframe[title="承诺书全文"]').getByText('承诺书').first().count(),
  ).toBeGreaterThan(0);
  await page.getByRole('checkbox', { name: /我已阅读告知书和承诺书/ }).check();
  await page.getByRole('checkbox', { name: /同意在信用承诺公示栏公开/ }).check();
  // The key is made and used in this browser under a PIN the server never sees; the first time, the PIN is set.
  await until(() => page.locator('#signing-pin').count()).toBe(1);
  const first = (await page.getByLabel('再次输入签名密码').count()) > 0;
  await page.getByLabel(first ? '设置签名密码' : '签名密码', { exact: true }).fill(SIGNING_PIN);
  if (first) await page.getByLabel('再次输入签名密码').fill(SIGNING_PIN);
  await look(page, `${shot}-materials-and-letter`);
  await page.getByRole('button', { name: '签署承诺并提交' }).click();
}

const SIGNING_PIN = '258036';

test('an enterprise applies in 承诺即入 and holds its license at once; an expired session comes back to where it was', async () => {
  const { context, page, errors } = await newPerson(browser);
  await login(page, 'ent_demo');
  await until(() => page.getByRole('heading', { name: /乌审旗草原明珠餐饮有限公司/ }).count()).toBe(1);
  await look(page, 'commit-entry-01-portal');

  await startApplication(page, 'WSQ-JTJ-001', 'commit-entry-02');
  await page.getByRole('button', { name: '开始申请（信用核查）' }).click();
  await until(() => page.getByText(`信用核查结果：${creditOutcomeLabels.eligible}`).count()).toBe(1);
  await chooseMode(page, '承诺即入', 'commit-entry-03');

  // Type and size are checked before anything is sent.
  await page.getByLabel('上传道路货物运输经营申请表', { exact: true }).setInputFiles({
    name: '申请表.docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    buffer: Buffer.from('not a pdf'),
  });
  await until(() => page.getByText('“申请表.docx”不是 PDF、JPEG 或 PNG 文件，请转换后上传').count()).toBe(1);
  // A required material left out is named before sending.
  await page.getByRole('checkbox', { name: /我已阅读告知书和承诺书/ }).check();
  await page.getByRole('button', { name: '签署承诺并提交' }).click();
  await until(() => page.getByText('缺少必要材料“道路货物运输经营申请表”').count()).toBeGreaterThan(0);
  await page.getByRole('checkbox', { name: /我已阅读告知书和承诺书/ }).uncheck();

  for (const m of [
    '道路货物运输经营申请表',
    '拟投入车辆承诺书',
    '安全生产管理制度文本',
    '驾驶人员从业资格证复印件',
  ]) {
    await upload(page, m);
  }
  expect(await page.getByText('共享获取，无需提交').count()).toBe(1);
  await signAndSubmit(page, 'commit-entry-04');

  await until(() => page.getByText('已办结，证照已签发').count()).toBe(1);
  const licenseNo = (await page.locator('.license-card .number').first().textContent())!.trim();
  expect(licenseNo.length).toBeGreaterThan(5);
  await look(page, 'commit-entry-05-license');

  await page.getByRole('button', { name: '查看办件详情' }).click();
  await until(() => page.getByText('签署承诺，即审即办').count()).toBeGreaterThan(0);
  await look(page, 'commit-entry-06-application');

  // The session ends; the next page asks to log in and then returns there.
  await context.clearCookies();
  await page.goto('/portal/licenses');
  await page.waitForURL(/\/login\?from=%2Fportal%2Flicenses/);
  await look(page, 'commit-entry-07-login-again');
  await page.getByLabel('用户名').fill('ent_demo');
  await page.getByLabel('密码').fill('xinyipi2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/portal\/licenses$/);
  await until(() => page.getByText(licenseNo).count()).toBe(1);
  await look(page, 'commit-entry-08-licenses');

  await page.goto('/portal/inbox');
  await until(() => page.getByRole('heading', { level: 1, name: /^消息/ }).count()).toBe(1);
  await look(page, 'commit-entry-09-inbox');
  expect(errors).toEqual([]);
  await context.close();
});

// Skipped until the portal's identity pages exist: a password account must now be confirmed at the counter and
// its enterprise found in the registry, and an agent needs a mandate (issue 17's web part: 统一身份认证登录, 我的委托).
test.skip('a new enterprise registers, is accepted under 容缺受理 and supplies the missing material later', async () => {
  const { context, page, errors } = await newPerson(browser);
  await register(page, '乌审旗乌兰陶勒盖美食有限公司', completeUscc('91150626', 'MA1C0001'), 'wulan_food');
  await startApplication(page, 'WSQ-ZWFW-001', 'missing-01');
  await page.getByRole('button', { name: '开始申请（信用核查）' }).click();
  await chooseMode(page, '容缺受理', 'missing-02');
  await until(() => page.getByText(/容缺，5 个工作日内补正/).count()).toBe(1);
  await upload(page, '食品经营许可申请书');
  await upload(page, '与食品经营相适应的主要设备设施布局、操作流程等文件');
  expect(await page.getByText('以承诺替代，无需提交').count()).toBe(1);
  await signAndSubmit(page, 'missing-03');

  await until(() => page.getByText('待补正的容缺材料').count()).toBe(1);
  expect(await page.getByText(/食品安全管理制度目录：请于 \d{4}年\d{1,2}月\d{1,2}日 前补正/).count()).toBe(1);
  await look(page, 'missing-04-accepted');

  await page.getByRole('button', { name: '查看办件详情' }).click();
  await until(() => page.getByRole('heading', { name: '容缺材料补正' }).count()).toBe(1);
  await until(() => page.getByText(/剩余 \d+ 个工作日/).count()).toBeGreaterThan(0);
  await look(page, 'missing-05-to-supply');
  await upload(page, '食品安全管理制度目录');
  await page.getByRole('button', { name: /提交补正材料/ }).click();
  await until(() => page.getByText('已办结（准予许可）').count()).toBeGreaterThan(0);
  await until(() => page.getByRole('heading', { name: '电子证照' }).count()).toBe(1);
  await look(page, 'missing-06-supplied-and-licensed');

  await page.goto('/portal/applications');
  await until(() => page.getByText('已办结（准予许可）').count()).toBe(1);
  await look(page, 'missing-07-my-applications');
  expect(errors).toEqual([]);
  await context.close();
});

// Skipped until the portal's identity pages exist: a password account must now be confirmed at the counter and
// its enterprise found in the registry, and an agent needs a mandate (issue 17's web part: 统一身份认证登录, 我的委托).
test.skip('an agent applies for a principal with a power of attorney', async () => {
  const { context, page, errors } = await newPerson(browser);
  await login(page, 'agent_demo');
  await startApplication(page, 'WSQ-ZWFW-001', 'agent-01');
  await page.getByLabel('被代理人名称或姓名').fill('乌审旗苏里格餐饮管理有限公司');
  await page.getByLabel('统一社会信用代码或公民身份号码').fill(completeUscc('91150626', 'MA1D0001'));
  await upload(page, '授权委托书');
  await page.getByRole('button', { name: '开始申请（信用核查）' }).click();
  await chooseMode(page, '涉企经营许可事项告知承诺', 'agent-02');
  for (const m of [
    '食品经营许可申请书',
    '与食品经营相适应的主要设备设施布局、操作流程等文件',
    '食品安全管理制度目录',
  ]) {
    await upload(page, m);
  }
  await signAndSubmit(page, 'agent-03');
  await until(() => page.getByText('已办结，证照已签发').count()).toBe(1);
  expect(await page.getByText('乌审旗苏里格餐饮管理有限公司').count()).toBeGreaterThan(0);
  await look(page, 'agent-04-license');
  await page.getByRole('button', { name: '查看办件详情' }).click();
  await until(() => page.getByText('韩志强').count()).toBeGreaterThan(0);
  await look(page, 'agent-05-application');
  expect(errors).toEqual([]);
  await context.close();
});

// Skipped until the portal's identity pages exist: a password account must now be confirmed at the counter and
// its enterprise found in the registry, and an agent needs a mandate (issue 17's web part: 统一身份认证登录, 我的委托).
test.skip('an applicant refused by the credit check sees why and takes the standard procedure', async () => {
  const { context, page, errors } = await newPerson(browser);
  // The demo file holds a false commitment and an unpaid penalty for this company.
  await register(page, '乌审旗速达建材有限公司', completeUscc('91150626', 'MA0Q5W1T'), 'suda_jiancai');
  await page.goto('/portal/credit');
  await until(() => page.getByText('虚假承诺').count()).toBeGreaterThan(0);
  await look(page, 'refused-01-credit');

  await startApplication(page, 'WSQ-ZWFW-001', 'refused-02');
  await page.getByRole('button', { name: '开始申请（信用核查）' }).click();
  await until(() => page.getByText(`信用核查结果：${creditOutcomeLabels.not_eligible}`).count()).toBe(1);
  expect(await page.locator('.reasons li').count()).toBeGreaterThan(0);
  expect(await page.getByRole('radio', { name: /^涉企经营许可事项告知承诺/ }).isDisabled()).toBe(true);
  expect(await page.getByRole('radio', { name: /^一般程序/ }).isDisabled()).toBe(false);
  await chooseMode(page, '一般程序', 'refused-03');
  for (const m of [
    '食品经营许可申请书',
    '与食品经营相适应的主要设备设施布局、操作流程等文件',
    '食品安全管理制度目录',
    '食品安全管理人员健康证明',
  ]) {
    await upload(page, m);
  }
  await look(page, 'refused-04-materials');
  await page.getByRole('button', { name: '提交申请' }).click();
  await until(() => page.getByText('已提交，待受理').count()).toBeGreaterThan(0);
  await look(page, 'refused-05-submitted');

  await page.getByRole('button', { name: '查看办件详情' }).click();
  await until(() => page.getByText(/法定办结期限/).count()).toBeGreaterThan(0);
  await look(page, 'refused-06-application');

  await page.goto('/portal/credit');
  await until(() => page.getByText(/最近一次信用核查/).count()).toBe(1);
  await look(page, 'refused-07-credit-after-check');
  expect(errors).toEqual([]);
  await context.close();
});
