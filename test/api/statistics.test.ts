import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/codes';
import { demoApplicants } from '../../src/server/bootstrap';
import { queryRows } from '../../src/server/db/client';
import type { SharedDataAdapter } from '../../src/server/modules/applications/shared-data';
import { createTestApp, type Session } from '../helpers/app';
import { withStatutoryHolidays } from '../helpers/calendar';
import { uploadMaterials } from '../helpers/files';

const sharedData: SharedDataAdapter = {
  fetch: async (subject, name) => ({
    found: true,
    source: '电子证照库',
    reference: `${name}-${subject.code.slice(-6)}`,
  }),
};
const t = await createTestApp({ now: '2026-11-23T02:00:00Z', sharedData });

async function apply(s: Session, itemCode: string, mode: string, materials: string[], commit: boolean) {
  const a = (await t.call(s, { method: 'POST', url: '/api/applications', payload: { itemCode } })).json()
    .application;
  const res = await t.call(s, {
    method: 'POST',
    url: `/api/applications/${a.id}/submit`,
    payload: { mode, materials: await uploadMaterials(t, s, materials), commit, version: a.version },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const period = 'from=2026-11-01&to=2026-11-30';

describe('statistics', () => {
  it('counts commitments, materials cut, time taken and the non-discrimination figure; exports Excel', async () => {
    const admin = await t.login('sysadmin');
    await t.call(admin, {
      method: 'PUT',
      url: '/api/calendar/years/2027',
      payload: withStatutoryHolidays(2027, {
        notice: '国务院办公厅关于2027年部分节假日安排的通知',
        holidays: [{ date: '2027-01-01', name: '元旦' }],
        workdays: [],
      }),
    });
    // Commitment route: 食品经营许可 decided on the spot.
    const ent = await t.login('ent_demo');
    const food = await apply(
      ent,
      'WSQ-ZWFW-001',
      'license_commitment',
      ['食品经营许可申请书', '与食品经营相适应的主要设备设施布局、操作流程等文件', '食品安全管理制度目录'],
      true,
    );
    expect(food.status).toBe('approved');
    // No 法定代表人 was typed: the registry supplies it, so the 双公示 license names the registered one.
    const [lic] = await queryRows<{ payload: Record<string, unknown> }>(
      t.database.db,
      sql`select payload from outbox_message where topic = 'license' order by seq desc limit 1`,
    );
    expect(lic!.payload.法定代表人).toBe('巴特尔');
    expect(lic!.payload.数据项问题).toBeUndefined();
    // Standard route: 医疗机构执业登记 accepted, reviewed and approved.
    const person = await t.login('person_demo');
    const clinic = await apply(
      person,
      'WSQ-WJW-002',
      'standard',
      ['医疗机构执业登记申请书', '医疗机构用房产权证明或使用证明', '医疗机构规章制度'],
      false,
    );
    const clerk = await t.login('clerk');
    const approver = await t.login('approver');
    for (const [s, step] of [
      [clerk, 'accept'],
      [approver, 'review'],
      [approver, 'approve'],
    ] as const) {
      const r = await t.call(s, {
        method: 'POST',
        url: `/api/applications/${clinic.id}/${step}`,
        payload: { comment: '符合条件' },
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    // A random inspection that draws every candidate: both license holders are inspected once.
    const supervisor = await t.login('supervisor');
    const plan = await t.call(supervisor, {
      method: 'POST',
      url: '/api/inspections/plans',
      payload: {
        name: '2026年第四季度双随机抽查',
        scope: { description: '持证经营主体' },
        ratios: { A: 100, B: 100, C: 100, D: 100 },
        periodStart: '2026-11-23',
        periodEnd: '2026-12-31',
        inspectorsPerInspection: 2,
        candidates: [
          {
            kind: 'enterprise',
            code: demoApplicants.enterprise.uscc,
            name: demoApplicants.enterprise.name,
            grade: 'A',
          },
          {
            kind: 'individual',
            code: demoApplicants.individual.residentId,
            name: demoApplicants.individual.name,
            grade: 'B',
          },
          {
            kind: 'enterprise',
            code: completeUscc('91150626', 'MA0R7T3U'),
            name: '乌审旗牧源商贸有限公司',
            grade: 'B',
          },
        ],
        conflicts: [],
      },
    });
    expect(plan.statusCode, plan.body).toBe(201);
    const drawn = await t.call(supervisor, {
      method: 'POST',
      url: `/api/inspections/plans/${plan.json().id}/draw`,
      payload: {},
    });
    expect(drawn.statusCode, drawn.body).toBe(200);

    const auditor = await t.login('auditor');
    const res = await t.call(auditor, { method: 'GET', url: `/api/statistics?${period}` });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    const row = (code: string) => report.rows.find((r: { code: string }) => r.code === code);
    expect(row('WSQ-ZWFW-001')).toMatchObject({
      applications: 1,
      commitmentsSigned: 1,
      approved: 1,
      instantDecisions: 1,
    });
    // 营业执照 fetched from e-licenses, 健康证明 replaced by the commitment.
    expect(row('WSQ-ZWFW-001').materialsCut).toBe(2);
    expect(row('WSQ-ZWFW-001').workingDaysSaved).toBe(10);
    expect(row('WSQ-WJW-002')).toMatchObject({
      applications: 1,
      commitmentsSigned: 0,
      approved: 1,
      instantDecisions: 0,
      legalTimeLimitDays: 45,
    });
    expect(report.totals).toMatchObject({ applications: 2, approved: 2, commitmentsSigned: 1 });
    const tasks = (await t.call(supervisor, { method: 'GET', url: '/api/verification/tasks' })).json();
    expect(report.totals.verificationsOpen).toBe(tasks.total);
    expect(report.nonDiscrimination).toEqual({
      commitmentRoute: { holders: 1, inspected: 1, rate: 1 },
      standardRoute: { holders: 1, inspected: 1, rate: 1 },
      ratio: 1,
    });
    // A department's figures count only its own holders: the 卫生健康委 issued the clinic's license alone.
    const health = (await t.call(approver, { method: 'GET', url: `/api/statistics?${period}` })).json();
    expect(health.nonDiscrimination).toEqual({
      commitmentRoute: { holders: 0, inspected: 0, rate: null },
      standardRoute: { holders: 1, inspected: 1, rate: 1 },
      ratio: null,
    });
    // Enterprises drawn before their lookup hash was kept beside the code count the same.
    await t.database.db.execute(
      sql`update inspection set subject_code_hash = null where subject_kind = 'enterprise'`,
    );
    const again = await t.call(auditor, { method: 'GET', url: `/api/statistics?${period}` });
    expect(again.json().nonDiscrimination).toEqual(report.nonDiscrimination);

    const byDept = (
      await t.call(auditor, { method: 'GET', url: `/api/statistics?${period}&groupBy=department` })
    ).json();
    expect(byDept.rows.find((r: { name: string }) => r.name.includes('政务服务')).approved).toBe(1);
    expect(byDept.totals).toEqual(report.totals);

    const xlsx = await t.call(auditor, { method: 'GET', url: `/api/statistics/export?${period}` });
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const sheet = wb.getWorksheet('统计')!;
    const header = sheet.getRow(2).values as unknown[];
    const last = sheet.getRow(sheet.rowCount).values as unknown[];
    expect(last[2]).toBe('合计');
    expect(last[header.indexOf('申请件数')]).toBe(2);
    expect(wb.getWorksheet('无差别监管')!.getRow(4).getCell(4).value).toBe(1);
  });

  it('a plan without a list draws from the holders of valid licenses the department supervises', async () => {
    const supervisor = await t.login('supervisor');
    const res = await t.call(supervisor, {
      method: 'POST',
      url: '/api/inspections/plans',
      payload: {
        name: '食品经营者双随机抽查',
        scope: { description: '本局监管事项的持证主体' },
        ratios: { A: 50, B: 50, C: 100, D: 100, 未评级: 100 },
        periodStart: '2026-11-23',
        periodEnd: '2026-12-31',
        inspectorsPerInspection: 2,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const names = res.json().candidates.map((c: { name: string }) => c.name);
    // 食品经营许可 is supervised by 市场监管局; the clinic's license by the health inspectorate.
    expect(names).toContain(demoApplicants.enterprise.name);
    expect(names).not.toContain(demoApplicants.individual.name);
    const plan = (itemCode: string) =>
      t.call(supervisor, {
        method: 'POST',
        url: '/api/inspections/plans',
        payload: {
          name: '空范围',
          scope: { description: '无', itemCodes: [itemCode] },
          ratios: { A: 10 },
          periodStart: '2026-11-23',
          periodEnd: '2026-12-31',
          inspectorsPerInspection: 2,
        },
      });
    // 劳务派遣经营许可 is supervised here but nobody holds one yet.
    const none = await plan('WSQ-RSJ-002');
    expect(none.statusCode).toBe(400);
    expect(none.json().message).toContain('没有持有有效证照的主体');
    // 社会团体成立登记 is not this department's to supervise.
    const foreign = await plan('WSQ-MZJ-003');
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().message).toContain('不由本部门监管');
  });

  it('an approving department sees only its own figures; others are refused', async () => {
    const fgw = await t.login('approver_fgw');
    const own = await t.call(fgw, { method: 'GET', url: `/api/statistics?${period}` });
    expect(own.statusCode).toBe(200);
    expect(own.json().rows.length).toBeGreaterThan(0);
    expect(own.json().rows.every((r: { code: string }) => r.code.startsWith('WSQ-FGW'))).toBe(true);
    const admin = await t.login('sysadmin');
    const depts = (await t.call(admin, { method: 'GET', url: '/api/departments' })).json();
    const other = (depts.items ?? depts).find((d: { name: string }) => d.name.includes('卫生健康')).id;
    const foreign = await t.call(fgw, {
      method: 'GET',
      url: `/api/statistics?${period}&departmentId=${other}`,
    });
    expect(foreign.statusCode).toBe(403);
    expect(
      (await t.call(await t.login('inspector'), { method: 'GET', url: `/api/statistics?${period}` }))
        .statusCode,
    ).toBe(403);
    expect(
      (await t.call(await t.login('ent_demo'), { method: 'GET', url: `/api/statistics?${period}` }))
        .statusCode,
    ).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/statistics?${period}` })).statusCode).toBe(401);
    const backwards = await t.call(admin, {
      method: 'GET',
      url: '/api/statistics?from=2026-12-01&to=2026-11-01',
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().message).toContain('不能早于');
  });
});
