import { describe, expect, it } from 'vitest';
import { createTestApp, type Session } from '../helpers/app';
import { addRecord, enterprise, itemInRegion, publish } from '../helpers/credit';
import { uploadMaterials } from '../helpers/files';

// 人力资源服务许可 as imported into a 扎兰屯 department: every mode, 专职工作人员名单 tolerable for 15 days.
const ZLT = 'IT-ZLT';
const ZLT_MAIN = ['人力资源服务许可申请书', '工作规则和管理制度'];
const ZLT_ALL = [...ZLT_MAIN, '经营场所使用证明', '专职工作人员名单及学历证明'];
const HYGIENE = 'WSQ-WJW-001'; // 公共场所卫生许可证核发 (乌审旗), here by the standard procedure
const HYGIENE_ALL = [
  '公共场所卫生许可申请表',
  '公共场所卫生检测或评价报告',
  '卫生管理制度及从业人员健康合格证明',
];

const t = await createTestApp({ workers: true });
await publish(t, await itemInRegion(t, 'ZLT', '150783'));

async function counter(clerk: Session, itemCode: string, subject: ReturnType<typeof enterprise>) {
  const res = await t.call(clerk, {
    method: 'POST',
    url: '/api/applications',
    payload: { itemCode, subject },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().application;
}

describe('applications judged by the credit check', () => {
  it('an item published for a later date cannot be applied for before it takes effect', async () => {
    await publish(t, await itemInRegion(t, 'FUT', '150783'), '2026-12-01');
    const res = await t.call(await t.login('clerk'), {
      method: 'POST',
      url: '/api/applications',
      payload: { itemCode: 'IT-FUT', subject: enterprise() },
    });
    expect(res.statusCode).toBe(412);
    expect(res.json().message).toContain('2026-12-01');
  });

  it('an ineligible applicant is refused every commitment mode but may use the standard procedure', async () => {
    const clerk = await t.login('clerk');
    const credit = await t.login('credit');
    const subject = enterprise('乌审旗失信测试有限公司');
    await addRecord(t, credit, subject, {
      kind: 'blacklist',
      severity: 'serious',
      decidedOn: '2026-06-01',
      summary: '列入黑名单',
    });
    const a = await counter(clerk, 'WSQ-ZWFW-001', subject);
    expect(a.credit.outcome).toBe('not_eligible');
    expect(a.credit.allowedModes.map((m: { mode: string }) => m.mode)).toEqual(['standard']);
    expect(a.credit.reasons.map((r: { message: string }) => r.message).join()).toContain('黑名单');
    expect(a.keyReview).toBe(true);
    expect(a.greenChannel).toBe(false);
    const submit = (payload: Record<string, unknown>) =>
      t.call(clerk, { method: 'POST', url: `/api/applications/${a.id}/submit`, payload });
    const refused = await submit({
      mode: 'license_commitment',
      materials: await uploadMaterials(t, clerk, [
        '食品经营许可申请书',
        '与食品经营相适应的主要设备设施布局、操作流程等文件',
        '食品安全管理制度目录',
      ]),
      commit: true,
      handwritten: { signerName: '李四' },
    });
    expect(refused.statusCode).toBe(412);
    expect(refused.json().message).toContain('信用核查结果不允许');
    expect(refused.json().details.reasons.length).toBeGreaterThan(0);
    const standard = await submit({
      mode: 'standard',
      materials: await uploadMaterials(t, clerk, [
        '食品经营许可申请书',
        '与食品经营相适应的主要设备设施布局、操作流程等文件',
        '食品安全管理制度目录',
        '食品安全管理人员健康证明',
      ]),
      commit: false,
    });
    expect(standard.statusCode, standard.body).toBe(200);
    expect(standard.json()).toMatchObject({ status: 'submitted', keyReview: true });
  });

  it('good credit in 扎兰屯 earns the green channel: first in the clerks’ queue', async () => {
    const clerk = await t.login('clerk');
    const plain = await counter(clerk, HYGIENE, enterprise('乌审旗普通排队有限公司'));
    expect(plain.greenChannel).toBe(false);
    const fast = await counter(clerk, ZLT, enterprise('扎兰屯守信企业有限公司'));
    expect(fast.greenChannel).toBe(true);
    expect(fast.credit.incentives).toContain('green_channel');
    const first = await t.call(clerk, {
      method: 'POST',
      url: `/api/applications/${plain.id}/submit`,
      payload: { mode: 'standard', materials: await uploadMaterials(t, clerk, HYGIENE_ALL), commit: false },
    });
    expect(first.statusCode, first.body).toBe(200);
    await t.clock.set(new Date(t.clock.now.getTime() + 60_000).toISOString());
    const s = await t.call(clerk, {
      method: 'POST',
      url: `/api/applications/${fast.id}/submit`,
      payload: { mode: 'standard', materials: await uploadMaterials(t, clerk, ZLT_ALL), commit: false },
    });
    expect(s.statusCode, s.body).toBe(200);
    const queue = (
      await t.call(await t.login('clerk'), {
        method: 'GET',
        url: '/api/applications?status=submitted&pageSize=200',
      })
    ).json();
    const order = queue.items.map((i: { id: string }) => i.id);
    expect(order.indexOf(fast.id)).toBeLessThan(order.indexOf(plain.id));
    expect(queue.items[0].greenChannel).toBe(true);
  });

  it('扎兰屯: missing materials still unsupplied after the 催告 → terminated and blacklisted', async () => {
    let clerk = await t.login('clerk');
    const subject = enterprise('扎兰屯容缺逾期有限公司');
    const a = await counter(clerk, ZLT, subject);
    const res = await t.call(clerk, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: {
        mode: 'missing_materials',
        materials: await uploadMaterials(t, clerk, ZLT_MAIN),
        missing: ['专职工作人员名单及学历证明'],
        commit: true,
        handwritten: { signerName: '王五' },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const due = res.json().missing[0].dueDate as string;
    expect(due).toBe('2026-12-14'); // 15 working days from Monday 23 November
    await t.clock.set('2026-12-15T01:00:00Z');
    await t.runJobs();
    clerk = await t.login('clerk');
    const reminded = (await t.call(clerk, { method: 'GET', url: `/api/applications/${a.id}` })).json();
    expect(reminded).toMatchObject({ status: 'reminded', finalDueDate: '2026-12-22' });
    await t.clock.set('2026-12-23T01:00:00Z');
    await t.runJobs();
    clerk = await t.login('clerk');
    expect((await t.call(clerk, { method: 'GET', url: `/api/applications/${a.id}` })).json().status).toBe(
      'terminated',
    );
    // The policy of the department's jurisdiction decided the consequence: a blacklist record, so the
    // subject is now refused every commitment mode.
    const again = await counter(clerk, ZLT, subject);
    expect(again.credit.outcome).toBe('not_eligible');
    expect(again.credit.allowedModes.map((m: { mode: string }) => m.mode)).toEqual(['standard']);
    expect(again.credit.reasons.map((r: { message: string }) => r.message).join()).toContain('黑名单');
  });
});
