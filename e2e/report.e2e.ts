import { expect, test } from 'vitest';
import {
  baseURL,
  foodLicenseUnderCommitment,
  launchForFile,
  login,
  look,
  newPerson,
  pdf,
  staffApi,
  until,
} from './browser';

launchForFile();

const ENTERPRISE = '乌审旗草原明珠餐饮有限公司';

test('a citizen reports a false commitment, the supervising department verifies it, and the citizen learns the outcome by receipt number', async () => {
  const { number } = await foodLicenseUnderCommitment({ publish: true });

  // The citizen finds the published commitment and reports it from there.
  const { context, page, errors } = await newPerson();
  await page.goto('/disclosure?tab=commitments');
  await page
    .getByRole('button', { name: new RegExp(`${ENTERPRISE} · 食品经营许可`) })
    .first()
    .click();
  const reportLink = page.getByRole('link', { name: new RegExp(`^举报\\s*办件 ${number} 的承诺$`) });
  await until(() => reportLink.count()).toBe(1);
  await look(page, 'report-00-disclosure');
  await reportLink.click();
  await page.waitForURL(/\/report\?reference=/);
  await until(() => page.getByRole('heading', { name: '举报虚假承诺' }).count()).toBe(1);
  expect(await page.getByLabel('被举报的办件编号或证照编号').inputValue()).toBe(number);
  expect(await page.getByText('您的联系方式只有承担监管职责的部门能看到').count()).toBe(1);
  await look(page, 'report-01-form');

  // What is missing or wrong is said before anything is sent.
  await page.getByRole('button', { name: '提交举报' }).click();
  await until(() => page.getByText('请填写举报内容').count()).toBe(1);
  await page.getByLabel('添加证据文件').setInputFiles({
    name: '录音.mp3',
    mimeType: 'audio/mpeg',
    buffer: Buffer.from('ID3 not a document'),
  });
  await until(() => page.getByText('“录音.mp3”不是 PDF、JPEG 或 PNG 文件，请转换后上传').count()).toBe(1);

  const content = '该店实际没有专职或兼职的食品安全管理人员，后厨无人负责食品安全，与承诺书所述不符。';
  await page.getByLabel('哪些内容与实际不符').fill(content);
  await page.getByLabel('姓名').fill('李明举');
  await page.getByLabel('手机号码').fill('13900001111');
  await page.getByLabel('添加证据文件').setInputFiles(pdf('后厨现场照片.pdf'));
  await until(() => page.getByText('✓ 后厨现场照片.pdf').count()).toBe(1);
  await look(page, 'report-02-filled');
  await page.getByRole('button', { name: '提交举报' }).click();

  await until(() => page.getByRole('heading', { name: '举报已受理' }).count()).toBe(1);
  const receipt = (await page.locator('.report-receipt .number').first().textContent())!.trim();
  expect(receipt).toMatch(/^JB\d{8}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  await look(page, 'report-03-receipt');

  // The reporter follows it: under verification.
  await page.getByRole('button', { name: '查询办理进度' }).click();
  await page.waitForURL(/\/report\/track\?receipt=/);
  await until(() => page.getByText('监管部门正在核查，办结后在此告知结果').count()).toBe(1);
  await look(page, 'report-04-verifying');

  // The supervising department sees the report with the contact the reporter left, and verifies on site.
  const supervisor = await staffApi('supervisor');
  const reports = await supervisor.get<{
    items: {
      receiptNumber: string;
      taskId: string;
      applicationNumber: string;
      content: string;
      contact: { name: string | null; phone: string | null } | null;
      evidenceFileIds: string[];
    }[];
  }>('/api/reports');
  const received = reports.items.find((r) => r.receiptNumber === receipt)!;
  expect(received).toMatchObject({
    applicationNumber: number,
    content,
    contact: { name: '李明举', phone: '13900001111' },
  });
  expect(received.evidenceFileIds).toHaveLength(1);
  const inspectorIds = [];
  for (const u of ['inspector', 'inspector2'])
    inspectorIds.push((await (await staffApi(u)).get<{ id: string }>('/api/me')).id);
  await supervisor.post(`/api/verification/tasks/${received.taskId}/assign`, { inspectorIds });
  await (await staffApi('inspector')).post(`/api/verification/tasks/${received.taskId}/result`, {
    finding: 'false_commitment',
    summary: '现场核查：无专职或兼职食品安全管理人员，承诺不实',
    evidence: [{ description: '现场检查笔录' }],
  });

  // The reporter, with nothing but the receipt number, learns the outcome — and never whom it concerns.
  const { context: later, page: again, errors: laterErrors } = await newPerson();
  await again.goto('/report/track');
  await again.getByLabel('举报回执号').fill(receipt.toLowerCase());
  await again.getByRole('button', { name: '查询' }).click();
  await until(() => again.getByText('经核查，举报情况属实，已依法处理').count()).toBe(1);
  expect(await again.getByText('已办结').count()).toBeGreaterThan(0);
  const shown = (await again.locator('body').textContent()) ?? '';
  for (const secret of [ENTERPRISE, number, '李明举', '13900001111', content])
    expect(shown).not.toContain(secret);
  await look(again, 'report-05-outcome');

  // The same report again: the department reads both on its page and closes the repeated one with a reason.
  const repeated = await fetch(`${baseURL()}/api/public/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      reference: number,
      content: '该店没有食品安全管理人员，承诺不实，再次举报。',
      evidence: [],
    }),
  });
  expect(repeated.status).toBe(201);
  const receipt2 = ((await repeated.json()) as { receiptNumber: string }).receiptNumber;
  const { context: office, page: desk, errors: deskErrors } = await newPerson();
  await login(desk, 'supervisor');
  await desk.goto('/workbench');
  await desk.getByRole('link', { name: /举报处理/ }).click();
  await desk.waitForURL(/\/workbench\/reports$/);
  const first = desk.locator('li.card').filter({ hasText: receipt });
  const second = desk.locator('li.card').filter({ hasText: receipt2 });
  await until(() => first.getByText('李明举，13900001111').count()).toBe(1);
  expect(await first.getByText('经核查，举报情况属实，已依法处理').count()).toBe(1);
  expect(await second.getByText('匿名（未留联系方式）').count()).toBe(1);
  await look(desk, 'report-07-department');
  await second.getByRole('button', { name: '不予核查…' }).click();
  await desk.getByLabel('不予核查的理由').fill('与此前的举报内容相同，属重复举报');
  await look(desk, 'report-08-close-confirm');
  await desk.getByRole('button', { name: '确认不予核查并办结' }).click();
  await until(() => second.getByText('不予核查，已办结').count()).toBe(1);
  await look(desk, 'report-09-closed');
  expect(deskErrors).toEqual([]);
  await office.close();

  await again.goto(`/report/track?receipt=${receipt2}`);
  await until(() => again.getByText('理由：与此前的举报内容相同，属重复举报').count()).toBe(1);
  expect(await again.getByText('不予核查，已办结').count()).toBeGreaterThan(0);
  await look(again, 'report-10-closed-outcome');

  // A receipt number that does not exist says so.
  await again.getByLabel('举报回执号').fill('JB20261205-AAAA-AAAA-AAAA');
  await again.getByRole('button', { name: '查询' }).click();
  await until(() => again.getByText('未找到该回执号对应的举报，请核对后重试').count()).toBe(1);
  await look(again, 'report-06-unknown-receipt');

  expect(errors).toEqual([]);
  expect(laterErrors).toEqual([]);
  await context.close();
  await later.close();
});
