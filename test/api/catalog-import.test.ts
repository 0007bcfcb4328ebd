import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app';

const t = await createTestApp();
const admin = await t.login('catalog');
const approver = await t.login('approver'); // 卫健委
const legal = await t.login('legal');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// A row as a department fills it in: the demo 人力资源服务许可 under another code and name.
const exported = (await t.call(admin, { method: 'GET', url: '/api/catalog/export?format=json' })).json()
  .items;
const base = exported.find((i: { code: string }) => i.code === 'WSQ-RSJ-001');
const item = (code: string, o: object = {}) => ({ ...base, code, name: `导入事项${code}`, ...o });

const countItems = async () =>
  (await t.call(admin, { method: 'GET', url: '/api/catalog/items?pageSize=1' })).json().total as number;

describe('JSON import and export', () => {
  it('exports the published catalog as JSON', async () => {
    const res = await t.call(legal, { method: 'GET', url: '/api/catalog/export?format=json' });
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items.length).toBeGreaterThanOrEqual(12);
    expect(items.find((i: { code: string }) => i.code === 'WSQ-WJW-001')).toMatchObject({
      departmentCode: 'WSQ-WJW',
      supervisingDepartmentCode: 'WSQ-WSJD',
      legalTimeLimitDays: 20,
    });
    expect((await t.call(null, { method: 'GET', url: '/api/catalog/export?format=json' })).statusCode).toBe(
      401,
    );
  });

  it('reports every bad row and imports nothing when one is wrong', async () => {
    const before = await countItems();
    const res = await t.call(admin, {
      method: 'POST',
      url: '/api/catalog/import',
      payload: {
        items: [
          item('IMP-OK-1'),
          item('IMP-BAD-2', { departmentCode: 'NOPE' }),
          item('IMP-BAD-3', { exclusionTags: ['public_safety'], modes: ['commit_entry'] }),
          { ...item('IMP-BAD-4'), legalTimeLimitDays: 'twenty' },
          item('IMP-OK-1'),
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    const problems = res.json().details.problems as { row: number; field: string; message: string }[];
    expect(problems.map((p) => p.row).sort()).toEqual(expect.arrayContaining([2, 3, 4, 5]));
    expect(problems.find((p) => p.row === 2)!.message).toContain('NOPE');
    expect(problems.find((p) => p.row === 3)!.message).toContain('公共安全');
    expect(problems.find((p) => p.row === 4)!.field).toBe('legalTimeLimitDays');
    expect(problems.find((p) => p.row === 5)!.message).toContain('重复');
    expect(problems.some((p) => p.row === 1)).toBe(false);
    expect(await countItems()).toBe(before);
  });

  it('imports new items as drafts and known ones as new versions', async () => {
    const res = await t.call(admin, {
      method: 'POST',
      url: '/api/catalog/import',
      payload: { items: [item('IMP-NEW-1'), item('WSQ-RSJ-001', { name: '人力资源服务许可（修订）' })] },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ created: 1, newVersions: 1 });
    const [newId, versionId] = res.json().versionIds;
    expect(
      (await t.call(admin, { method: 'GET', url: `/api/catalog/versions/${newId}` })).json(),
    ).toMatchObject({
      status: 'draft',
      versionNo: 1,
    });
    expect(
      (await t.call(admin, { method: 'GET', url: `/api/catalog/versions/${versionId}` })).json(),
    ).toMatchObject({
      status: 'draft',
      versionNo: 2,
      name: '人力资源服务许可（修订）',
    });
    // the published version stays what the public sees until the new one is published
    const pub = await t.call(null, { method: 'GET', url: '/api/public/catalog/items/WSQ-RSJ-001' });
    expect(pub.json()).toMatchObject({ versionNo: 1, name: '人力资源服务许可' });
  });

  it('a department approver may import only its own department’s items; a reviewer may not import', async () => {
    const res = await t.call(approver, {
      method: 'POST',
      url: '/api/catalog/import',
      payload: { items: [item('IMP-RSJ-X')] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.problems[0].message).toContain('无权起草');
    const own = await t.call(approver, {
      method: 'POST',
      url: '/api/catalog/import',
      payload: {
        items: [item('IMP-WJW-X', { departmentCode: 'WSQ-WJW', supervisingDepartmentCode: 'WSQ-WSJD' })],
      },
    });
    expect(own.statusCode).toBe(201);
    const reviewer = await t.call(legal, {
      method: 'POST',
      url: '/api/catalog/import',
      payload: { items: [item('IMP-L')] },
    });
    expect(reviewer.statusCode).toBe(403);
  });
});

describe('Excel import and export', () => {
  it('exports a workbook in the department layout that imports back as new versions', async () => {
    const res = await t.call(admin, { method: 'GET', url: '/api/catalog/export?format=xlsx' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['事项清单', '申请材料', '核查强度', '填写说明']);
    const items = wb.getWorksheet('事项清单')!;
    expect(items.getRow(1).getCell(1).value).toBe('事项编码');
    // keep only the 民政局's two certificate items, then import them back
    const keep = new Set(['WSQ-MZJ-001', 'WSQ-MZJ-002']);
    for (const name of ['事项清单', '申请材料', '核查强度']) {
      const ws = wb.getWorksheet(name)!;
      for (let r = ws.rowCount; r >= 2; r--) {
        if (!keep.has(String(ws.getRow(r).getCell(1).value))) ws.spliceRows(r, 1);
      }
    }
    const sheetRow = [...Array(items.rowCount).keys()]
      .map((i) => i + 1)
      .find((r) => items.getRow(r).getCell(1).value === 'WSQ-MZJ-002')!;
    items.getRow(sheetRow).getCell(8).value = 1; // promised time limit
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const imp = await t.call(admin, {
      method: 'POST',
      url: '/api/catalog/import/xlsx',
      headers: { 'content-type': XLSX },
      payload: file,
    });
    expect(imp.statusCode, imp.body).toBe(201);
    expect(imp.json()).toMatchObject({ created: 0, newVersions: 2 });
    const v = await t.call(admin, {
      method: 'GET',
      url: `/api/catalog/versions/${imp.json().versionIds[1]}`,
    });
    expect(v.json()).toMatchObject({ code: 'WSQ-MZJ-002', versionNo: 2, promisedTimeLimitDays: 1 });
    expect(v.json().materials.map((m: { name: string }) => m.name)).toContain('急难情况说明');
    expect(v.json().verification.byGrade).toHaveLength(3);
  });

  it('reports row-level errors in the workbook and writes nothing', async () => {
    const before = await countItems();
    const wb = new ExcelJS.Workbook();
    const items = wb.addWorksheet('事项清单');
    const res0 = await t.call(admin, { method: 'GET', url: '/api/catalog/export?format=xlsx' });
    const template = new ExcelJS.Workbook();
    await template.xlsx.load(res0.rawPayload as unknown as ArrayBuffer);
    const header = template.getWorksheet('事项清单')!.getRow(1).values as string[];
    const good = template.getWorksheet('事项清单')!.getRow(2).values as unknown[];
    items.addRow(header.slice(1));
    items.addRow(['XLS-OK-1', ...good.slice(2)]);
    const bad = ['XLS-BAD-1', ...good.slice(2)];
    bad[4] = '行政处罚'; // 事项类型 not allowed
    bad[8] = '承诺即入、随便办'; // an unknown mode
    bad[10] = '也许'; // 是/否
    items.addRow(bad);
    const materials = wb.addWorksheet('申请材料');
    materials.addRow((template.getWorksheet('申请材料')!.getRow(1).values as string[]).slice(1));
    materials.addRow(['NOT-THERE', '某材料', '是', '否', '', '否', '', '否']);
    const grades = wb.addWorksheet('核查强度');
    grades.addRow(['事项编码', '信用等级', '核查方式', '抽查比例（%）']);
    const res = await t.call(admin, {
      method: 'POST',
      url: '/api/catalog/import/xlsx',
      headers: { 'content-type': XLSX },
      payload: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    expect(res.statusCode).toBe(400);
    const problems = res.json().details.problems as {
      sheet: string;
      row: number;
      field: string;
      message: string;
    }[];
    expect(problems).toContainEqual(
      expect.objectContaining({ sheet: '事项清单', row: 3, field: '事项类型' }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        sheet: '事项清单',
        row: 3,
        field: '办理模式',
        message: '“随便办”不是允许的取值',
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ sheet: '事项清单', row: 3, field: '允许代为承诺' }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ sheet: '申请材料', row: 2, field: '事项编码' }),
    );
    expect(problems.some((p) => p.row === 2 && p.sheet === '事项清单')).toBe(false);
    expect(await countItems()).toBe(before);
  });

  it('refuses a file that is not a workbook', async () => {
    const res = await t.call(admin, {
      method: 'POST',
      url: '/api/catalog/import/xlsx',
      headers: { 'content-type': XLSX },
      payload: Buffer.from('not a workbook'),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('Excel');
  });
});
