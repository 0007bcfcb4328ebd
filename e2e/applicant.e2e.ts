import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { creditOutcomeLabels } from '../src/contracts/credit';
import { completeResidentId, completeUscc } from '../src/domain/codes';
import { launchForFile, login, look, newPerson, platformLogin, staffApi, until, upload } from './browser';

launchForFile();

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
  const { context, page, errors } = await newPerson();
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
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(/\/portal\/licenses$/);
  await until(() => page.getByText(licenseNo).count()).toBe(1);
  await look(page, 'commit-entry-08-licenses');

  await page.goto('/portal/inbox');
  await until(() => page.getByRole('heading', { level: 1, name: /^消息/ }).count()).toBe(1);
  await look(page, 'commit-entry-09-inbox');
  expect(errors).toEqual([]);
  await context.close();
});

test('a new enterprise logs in through 统一身份认证, is accepted under 容缺受理 and supplies the missing material later', async () => {
  const { context, page, errors } = await newPerson();
  await page.goto('/login');
  await until(() => page.getByRole('link', { name: '统一身份认证登录' }).count()).toBe(1);
  await look(page, 'missing-01-login');
  // Registered with 市场主体登记 last month, never here before: the first login through the platform makes the account.
  await platformLogin(page, '乌审旗乌兰陶勒盖美食有限公司', 'missing-02-identity-platform');
  await page.waitForURL(/\/portal$/);
  await until(() => page.getByRole('heading', { name: /乌审旗乌兰陶勒盖美食有限公司/ }).count()).toBe(1);
  expect(await page.getByText(/身份尚未核验/).count()).toBe(0);
  await page.getByRole('link', { name: /已实名（统一身份认证）/ }).click();
  await until(() => page.getByText('您的身份由统一身份认证平台核验').count()).toBe(1);
  expect(await page.getByText(completeUscc('91150626', 'MA1C0001')).count()).toBe(1);
  await look(page, 'missing-03-identity');

  await startApplication(page, 'WSQ-ZWFW-001', 'missing-04');
  await page.getByRole('button', { name: '开始申请（信用核查）' }).click();
  await chooseMode(page, '容缺受理', 'missing-05');
  await until(() => page.getByText(/容缺，5 个工作日内补正/).count()).toBe(1);
  await upload(page, '食品经营许可申请书');
  await upload(page, '与食品经营相适应的主要设备设施布局、操作流程等文件');
  expect(await page.getByText('以承诺替代，无需提交').count()).toBe(1);
  await signAndSubmit(page, 'missing-06');

  await until(() => page.getByText('待补正的容缺材料').count()).toBe(1);
  expect(await page.getByText(/食品安全管理制度目录：请于 \d{4}年\d{1,2}月\d{1,2}日 前补正/).count()).toBe(1);
  await look(page, 'missing-07-accepted');

  await page.getByRole('button', { name: '查看办件详情' }).click();
  await until(() => page.getByRole('heading', { name: '容缺材料补正' }).count()).toBe(1);
  await until(() => page.getByText(/剩余 \d+ 个工作日/).count()).toBeGreaterThan(0);
  await look(page, 'missing-08-to-supply');
  await upload(page, '食品安全管理制度目录');
  await page.getByRole('button', { name: /提交补正材料/ }).click();
  await until(() => page.getByText('已办结（准予许可）').count()).toBeGreaterThan(0);
  await until(() => page.getByRole('heading', { name: '电子证照' }).count()).toBe(1);
  await look(page, 'missing-09-supplied-and-licensed');

  await page.goto('/portal/applications');
  await until(() => page.getByText('已办结（准予许可）').count()).toBe(1);
  await look(page, 'missing-10-my-applications');
  expect(errors).toEqual([]);
  await context.close();
});

test('an agent applies for a principal under the mandate the principal granted online; once revoked it cannot', async () => {
  const PRINCIPAL = '乌审旗苏里格餐饮管理有限公司';
  const principal = await newPerson();
  await platformLogin(principal.page, PRINCIPAL);
  await principal.page.goto('/portal/mandates');
  await until(() => principal.page.getByRole('heading', { name: '授权他人代为办理' }).count()).toBe(1);
  await look(principal.page, 'agent-01-mandates-empty');
  await principal.page.getByLabel('受托人姓名').fill('韩志强');
  await principal.page.getByLabel('受托人公民身份号码').fill(completeResidentId('15062619850712203'));
  await principal.page.getByLabel('委托办理的事项').fill('食品经营许可');
  await principal.page.keyboard.press('Enter');
  await principal.page.keyboard.press('Escape');
  await look(principal.page, 'agent-02-grant');
  await principal.page.getByRole('button', { name: '确认授权' }).click();
  await until(() => principal.page.getByText(/^受托人：韩志强（/).count()).toBe(1);
  expect(await principal.page.locator('.mandate-card').getByText('有效', { exact: true }).count()).toBe(1);
  expect(await principal.page.locator('.mandate-card').getByText('指定事项：食品经营许可').count()).toBe(1);
  await look(principal.page, 'agent-03-granted');

  const { context, page, errors } = await newPerson();
  await login(page, 'agent_demo');
  await page.goto('/portal/mandates');
  await until(() => page.getByText(new RegExp(`^委托人：${PRINCIPAL}（`)).count()).toBe(1);
  await look(page, 'agent-04-mandates-held');
  await page.getByRole('link', { name: `代${PRINCIPAL}办事` }).click();
  await page.waitForURL(/\/portal\/apply\?mandate=/);
  await page.getByLabel('事项', { exact: true }).fill('食品经营许可');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: '下一步' }).click();
  await until(() => page.getByRole('button', { name: '开始申请（信用核查）' }).count()).toBe(1);
  expect(await page.getByRole('radio', { name: new RegExp(`^${PRINCIPAL}`) }).isChecked()).toBe(true);
  await look(page, 'agent-05-choose-principal');
  await page.getByRole('button', { name: '开始申请（信用核查）' }).click();
  await chooseMode(page, '涉企经营许可事项告知承诺', 'agent-06');
  for (const m of [
    '食品经营许可申请书',
    '与食品经营相适应的主要设备设施布局、操作流程等文件',
    '食品安全管理制度目录',
  ]) {
    await upload(page, m);
  }
  await signAndSubmit(page, 'agent-07');
  await until(() => page.getByText('已办结，证照已签发').count()).toBe(1);
  expect(await page.getByText(PRINCIPAL).count()).toBeGreaterThan(0);
  await look(page, 'agent-08-license');
  await page.getByRole('button', { name: '查看办件详情' }).click();
  await until(() => page.getByText('韩志强').count()).toBeGreaterThan(0);
  await look(page, 'agent-09-application');

  // The principal withdraws the mandate; the agent can no longer start anything in its name.
  await principal.page.reload();
  await principal.page.getByRole('button', { name: '撤销委托' }).click();
  await until(() => principal.page.getByText(/撤销后，韩志强不能再以/).count()).toBe(1);
  await look(principal.page, 'agent-10-revoke-confirm');
  await principal.page.getByRole('button', { name: '确认撤销' }).click();
  await until(() =>
    principal.page.locator('.mandate-card').getByText('已撤销', { exact: true }).count(),
  ).toBe(1);
  await look(principal.page, 'agent-11-revoked');
  await page.goto('/portal/apply?item=WSQ-ZWFW-001');
  await until(() => page.getByText('没有可用于本事项的委托').count()).toBe(1);
  expect(await page.getByRole('button', { name: '开始申请（信用核查）' }).count()).toBe(0);
  await look(page, 'agent-12-no-mandate');
  expect(errors).toEqual([]);
  expect(principal.errors).toEqual([]);
  await context.close();
  await principal.context.close();
});

test('a password account is refused the credit file until the counter confirms it; refused by the credit check, it takes the standard procedure', async () => {
  const { context, page, errors } = await newPerson();
  const uscc = completeUscc('91150626', 'MA0Q5W1T');
  await register(page, '乌审旗速达建材有限公司', uscc, 'suda_jiancai');
  // A password proves nothing: the portal says what to do instead of showing somebody's credit file.
  await until(() => page.getByText('身份尚未核验，暂不能查看信用档案、办理申请和授权委托').count()).toBe(1);
  await look(page, 'refused-01-portal-unproven');
  await page.goto('/portal/credit');
  await until(() => page.getByText('身份尚未核验，暂不能查看信用档案').count()).toBe(1);
  expect(await page.getByText('虚假承诺').count()).toBe(0);
  await page.getByRole('link', { name: '查看怎样核验身份 ›' }).click();
  await until(() => page.getByRole('heading', { name: '怎样核验身份' }).count()).toBe(1);
  await look(page, 'refused-02-identity-unproven');

  // At the counter the clerk checks the business license and confirms the account.
  const clerk = await staffApi('clerk');
  await clerk.post('/api/identity/confirmations', {
    username: 'suda_jiancai',
    documentKind: 'business_license',
    code: uscc,
  });
  await page.reload();
  await until(() => page.getByText('您的身份已由政务服务中心综合受理窗口查验证件后核验').count()).toBe(1);
  await look(page, 'refused-03-identity-confirmed');

  // The demo file holds a false commitment and an unpaid penalty for this company.
  await page.goto('/portal/credit');
  await until(() => page.getByText('虚假承诺').count()).toBeGreaterThan(0);
  await look(page, 'refused-04-credit');

  await startApplication(page, 'WSQ-ZWFW-001', 'refused-05');
  await page.getByRole('button', { name: '开始申请（信用核查）' }).click();
  await until(() => page.getByText(`信用核查结果：${creditOutcomeLabels.not_eligible}`).count()).toBe(1);
  expect(await page.locator('.reasons li').count()).toBeGreaterThan(0);
  expect(await page.getByRole('radio', { name: /^涉企经营许可事项告知承诺/ }).isDisabled()).toBe(true);
  expect(await page.getByRole('radio', { name: /^一般程序/ }).isDisabled()).toBe(false);
  await chooseMode(page, '一般程序', 'refused-06');
  for (const m of [
    '食品经营许可申请书',
    '与食品经营相适应的主要设备设施布局、操作流程等文件',
    '食品安全管理制度目录',
    '食品安全管理人员健康证明',
  ]) {
    await upload(page, m);
  }
  await look(page, 'refused-07-materials');
  await page.getByRole('button', { name: '提交申请' }).click();
  await until(() => page.getByText('已提交，待受理').count()).toBeGreaterThan(0);
  await look(page, 'refused-08-submitted');

  await page.getByRole('button', { name: '查看办件详情' }).click();
  await until(() => page.getByText(/法定办结期限/).count()).toBeGreaterThan(0);
  await look(page, 'refused-09-application');

  await page.goto('/portal/credit');
  await until(() => page.getByText(/最近一次信用核查/).count()).toBe(1);
  await look(page, 'refused-10-credit-after-check');
  expect(errors).toEqual([]);
  await context.close();
});
