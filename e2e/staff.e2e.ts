import { expect, test } from 'vitest';
import { completeUscc } from '../src/domain/codes';
import {
  confirmedEnterprise,
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

const ENTERPRISE = '乌审旗嘎鲁图镇阿拉坦小吃店';

test('another department answers a request for assisted verification; after the commitment proves false and the license is revoked, the discipline inspector reviews the case in the 容错免责 register', async () => {
  // Its own enterprise: the journey ends with a false commitment on that enterprise's credit file.
  const as = await confirmedEnterprise(ENTERPRISE, completeUscc('92150626', 'MA0R8D4U'), 'alatan_xiaochi');
  const { applicationId, number } = await foodLicenseUnderCommitment({ publish: false, as });

  // What the journey starts from, as the verifying department does it: the task is assigned, and the
  // inspector asks 卫生健康综合行政执法大队 for help.
  const supervisor = await staffApi('supervisor');
  const inspector = await staffApi('inspector');
  const tasks = await supervisor.get<{ items: { id: string; applicationId: string }[] }>(
    '/api/verification/tasks?status=pending&pageSize=100',
  );
  const taskId = tasks.items.find((x) => x.applicationId === applicationId)!.id;
  const inspectorIds = [];
  for (const u of ['inspector', 'inspector2'])
    inspectorIds.push((await (await staffApi(u)).get<{ id: string }>('/api/me')).id);
  await supervisor.post(`/api/verification/tasks/${taskId}/assign`, { inspectorIds });
  const departments = await (await staffApi('sysadmin')).get<{ items: { id: string; code: string }[] }>(
    '/api/departments',
  );
  const question = `请核实办件 ${number} 的后厨从业人员是否均持有有效健康证明`;
  await inspector.post(`/api/verification/tasks/${taskId}/assistance`, {
    helperDepartmentId: departments.items.find((d) => d.code === 'WSQ-WSJD')!.id,
    question,
    workingDays: 3,
  });

  // The helper finds the request on its workbench and answers it with evidence.
  const { context: helperContext, page: helper, errors: helperErrors } = await newPerson();
  await login(helper, 'inspector_wsjd');
  await helper.goto('/workbench');
  await helper.getByRole('link', { name: /协助核查/ }).click();
  await helper.waitForURL(/\/workbench\/assistance$/);
  const asked = helper.locator('li.card').filter({ hasText: question });
  await until(() => asked.getByText('待协助').count()).toBe(1);
  expect(await asked.getByText('乌审旗市场监督管理局').count()).toBe(1);
  await until(() => asked.getByText(/剩余 \d+ 个工作日/).count()).toBe(1);
  await look(helper, 'staff-01-assistance-incoming');
  await asked.getByRole('button', { name: '答复…' }).click();
  await helper.getByRole('button', { name: '发送答复' }).click();
  await until(() => helper.getByText('请选择核实结论').count()).toBe(1);
  await helper.getByLabel('经核实，与承诺不符').check();
  await helper.getByLabel('核实情况').fill('经查，后厨3名从业人员中2人未取得健康证明，与承诺不符。');
  await helper.getByLabel('上传证据材料').setInputFiles(pdf('健康证明核查记录.pdf'));
  await until(() => helper.getByText('✓ 健康证明核查记录.pdf').count()).toBe(1);
  await look(helper, 'staff-02-assistance-answer');
  await helper.getByRole('button', { name: '发送答复' }).click();
  await until(() => asked.getByText('已答复').count()).toBe(1);
  expect(await asked.getByText('经核实，与承诺不符').count()).toBe(1);
  expect(helperErrors).toEqual([]);
  await helperContext.close();

  // The requesting department reads the answer.
  const { context: deskContext, page: desk, errors: deskErrors } = await newPerson();
  await login(desk, 'supervisor');
  await desk.goto('/workbench/assistance');
  await desk.getByRole('tab', { name: '本部门请求的协助' }).click();
  const answered = desk.locator('li.card').filter({ hasText: question });
  await until(() => answered.getByText('已答复').count()).toBe(1);
  expect(await answered.getByText('经查，后厨3名从业人员中2人未取得健康证明，与承诺不符。').count()).toBe(1);
  expect(await answered.getByText('1 份，已附入核查任务').count()).toBe(1);
  await look(desk, 'staff-03-assistance-answered');
  expect(deskErrors).toEqual([]);
  await deskContext.close();

  // The commitment proves false: finding, 陈述申辩 waived, decision and license revoked.
  await inspector.post(`/api/verification/tasks/${taskId}/result`, {
    finding: 'false_commitment',
    summary: '经协助核查，从业人员未取得健康证明，承诺不实',
    evidence: [{ description: '协助核查答复' }],
  });
  const approver = await staffApi('approver_zwfw');
  const noticed = await approver.post<{ defenceNotice: { id: string } }>(
    `/api/verification/tasks/${taskId}/defence-notice`,
    {
      facts: '经核查，承诺的从业人员健康证明不存在',
      reasons: '虚假承诺',
      legalBasis: '《中华人民共和国行政许可法》第六十九条',
    },
  );
  await (await staffApi(as.username, as.password)).post(
    `/api/my/defence-notices/${noticed.defenceNotice.id}/waiver`,
    {},
  );
  await approver.post(`/api/verification/tasks/${taskId}/revoke`, { reason: '虚假承诺，撤销食品经营许可' });

  // The discipline inspector opens the register and the case file, produced from what was recorded.
  const { context, page, errors } = await newPerson();
  await login(page, 'discipline');
  await page.goto('/workbench');
  await page.getByRole('link', { name: /容错免责台账/ }).click();
  await page.waitForURL(/\/workbench\/tolerance$/);
  const listed = page.locator('li.card').filter({ hasText: number });
  await until(() => listed.getByText('待复核').count()).toBe(1);
  await look(page, 'staff-04-tolerance-register');
  await listed.getByRole('link', { name: new RegExp(ENTERPRISE) }).click();
  await page.waitForURL(/\/workbench\/tolerance\/[0-9a-f-]{36}$/);
  const casePath = new URL(page.url()).pathname;
  await until(() => page.getByRole('heading', { name: /^容错免责案卷/ }).count()).toBe(1);
  expect(await page.getByText('已履行').count()).toBe(4);
  expect(await page.getByText('未履行').count()).toBe(0);
  for (const step of ['查询信用状况', '核查结果：虚假承诺', '送达陈述申辩告知书', '撤销审批决定和证照'])
    expect(await page.getByRole('cell', { name: step, exact: true }).count(), step).toBeGreaterThan(0);
  expect(await page.getByText('先入后验').count()).toBeGreaterThan(0);
  // Codes are for machines: none of them reaches the page.
  const shown = (await page.locator('main').textContent()) ?? '';
  for (const code of ['enter_then_verify', 'verification.revoke', 'find_false', 'eligible'])
    expect(shown).not.toContain(code);
  await look(page, 'staff-05-tolerance-case');

  await page.getByLabel('适用的容错情形').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '（三）探索新机制' }).click();
  await page.getByLabel('减轻').check();
  await page.getByLabel('理由').fill('先入后验为新机制，经办人员依程序办理，申请人隐瞒真实情况');
  await page.getByRole('button', { name: '登记复核结论…' }).click();
  await until(() => page.getByText('每件案件只登记一次，登记后不能修改').count()).toBe(1);
  await look(page, 'staff-06-tolerance-confirm');
  await page.getByRole('button', { name: '确认登记' }).click();
  await until(() => page.getByRole('heading', { name: /复核结论：\s*减轻/ }).count()).toBe(1);
  await page.reload();
  await until(() => page.getByText('先入后验为新机制，经办人员依程序办理，申请人隐瞒真实情况').count()).toBe(
    1,
  );
  expect(await page.getByRole('button', { name: '登记复核结论…' }).count()).toBe(0);
  await look(page, 'staff-07-tolerance-reviewed');
  expect(errors).toEqual([]);
  await context.close();

  // Another official of the service centre, not concerned, finds no case, and cannot open this one.
  const { context: otherContext, page: other } = await newPerson();
  await login(other, 'approver_zwfw');
  await other.goto('/workbench/tolerance');
  await until(() => other.getByText('暂无案件').count()).toBe(1);
  await other.goto(casePath);
  await until(() => other.getByText('容错免责案件不存在').count()).toBe(1);
  await otherContext.close();
});
