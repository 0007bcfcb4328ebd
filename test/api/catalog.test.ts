import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import type { ItemContent } from '../../src/contracts/catalog';
import { getItemVersion } from '../../src/server/modules/catalog/repository';
import { DEMO_COMMITMENT, DEMO_LIABILITY, demoItems } from '../../src/server/modules/catalog/seed-demo';
import { createTestApp, type Session, type TestApp } from '../helpers/app';

async function departmentIds(t: TestApp, s: Session): Promise<Record<string, string>> {
  const res = await t.call(s, { method: 'GET', url: '/api/departments' });
  return Object.fromEntries(res.json().items.map((d: { code: string; id: string }) => [d.code, d.id]));
}

const sampleContent = (o: Partial<ItemContent> = {}): ItemContent => ({
  name: '放射诊疗许可（测试）',
  kind: 'administrative_license',
  legalBasis: '《放射诊疗管理规定》第十一条',
  legalTimeLimitDays: 20,
  promisedTimeLimitDays: 5,
  modes: ['license_commitment', 'missing_materials'],
  exclusionTags: [],
  proxyAllowed: true,
  withdrawalAllowed: true,
  supervisingDepartmentId: null,
  verification: {
    method: 'on_site',
    deadlineDays: null,
    byGrade: [{ grade: 'A', method: 'sampling', samplingPercent: 10 }],
  },
  materials: [
    {
      name: '许可申请表',
      required: true,
      replaceableByCommitment: false,
      replacesCertificate: null,
      tolerableMissing: false,
      supplyDeadlineDays: null,
      fromSharedData: false,
    },
    {
      name: '场所平面图',
      required: true,
      replaceableByCommitment: false,
      replacesCertificate: null,
      tolerableMissing: true,
      supplyDeadlineDays: 10,
      fromSharedData: false,
    },
    {
      name: '营业执照',
      required: true,
      replaceableByCommitment: false,
      replacesCertificate: null,
      tolerableMissing: false,
      supplyDeadlineDays: null,
      fromSharedData: true,
    },
  ],
  notice: {
    proofContent: '具备与诊疗项目相适应的场所和设备。',
    commitmentMethod: '书面签署承诺书。',
    ...DEMO_LIABILITY,
  },
  commitment: DEMO_COMMITMENT,
  ...o,
});

/** The text a reader of the PDF sees, without line breaks or spaces introduced by layout. */
async function pdfText(data: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(data) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, '');
  } finally {
    await parser.destroy();
  }
}

const t = await createTestApp();
const admin = await t.login('catalog');
const legal = await t.login('legal');
const clerk = await t.login('clerk');
const approver = await t.login('approver'); // 卫健委
const approverFgw = await t.login('approver_fgw');
const depts = await departmentIds(t, admin);

const post = (s: Session | null, url: string, payload?: object) =>
  t.call(s, { method: 'POST', url, ...(payload ? { payload } : {}) });

/** Drafts an item as the 卫健委 approver and takes it through review, approval and publication. */
async function publishedItem(code: string, name = `测试事项${code}`) {
  const created = await post(approver, '/api/catalog/items', {
    code,
    departmentId: depts['WSQ-WJW'],
    ...sampleContent({ name, supervisingDepartmentId: depts['WSQ-WSJD']! }),
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  expect((await post(approver, `/api/catalog/versions/${id}/submit`)).statusCode).toBe(200);
  expect((await post(legal, `/api/catalog/versions/${id}/review`, { decision: 'pass' })).statusCode).toBe(
    200,
  );
  expect((await post(legal, `/api/catalog/versions/${id}/approve`, { decision: 'approve' })).statusCode).toBe(
    200,
  );
  const pub = await post(admin, `/api/catalog/versions/${id}/publish`, {});
  expect(pub.statusCode, pub.body).toBe(200);
  return pub.json();
}

describe('demo catalog', () => {
  it('is published on first start over several departments, each with a valid history', async () => {
    const res = await t.call(null, { method: 'GET', url: '/api/public/catalog/items?pageSize=200' });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { code: string; departmentName: string; versionId: string }[];
    expect(items.length).toBeGreaterThanOrEqual(12);
    expect(new Set(items.map((i) => i.departmentName)).size).toBeGreaterThanOrEqual(5);
    for (const d of demoItems) expect(items.map((i) => i.code)).toContain(d.code);
    const hygiene = items.find((i) => i.code === 'WSQ-WJW-001')!;
    const history = await t.call(legal, {
      method: 'GET',
      url: `/api/catalog/versions/${hygiene.versionId}/history`,
    });
    expect(history.json().items.map((e: { event: string }) => e.event)).toEqual([
      'create',
      'submit',
      'pass_review',
      'approve',
      'publish',
    ]);
  });

  it('keeps an excluded item in the standard procedure, with no commitment documents', async () => {
    const res = await t.call(null, { method: 'GET', url: '/api/public/catalog/items/WSQ-JTJ-002' });
    expect(res.statusCode).toBe(200);
    expect(res.json().modes).toEqual([{ mode: 'standard', label: '一般程序' }]);
    expect(res.json().exclusionLabels).toContain('公共安全');
    expect(res.json().documents).toEqual([]);
    const pdf = await t.call(null, {
      method: 'GET',
      url: '/api/public/catalog/items/WSQ-JTJ-002/documents/notice?format=pdf',
    });
    expect(pdf.statusCode).toBe(404);
  });

  it('公共场所卫生许可证 has a legal limit of 20 working days and is decided on the spot', async () => {
    const res = await t.call(null, { method: 'GET', url: '/api/public/catalog/items/WSQ-WJW-001' });
    expect(res.json()).toMatchObject({
      name: '公共场所卫生许可证核发',
      legalTimeLimitDays: 20,
      promisedTimeLimitDays: 0,
    });
    expect(res.json().verification.deadlineDays).toBe(10);
    const license = res.json().materials.find((m: { name: string }) => m.name === '营业执照');
    expect(license.askedOfApplicant).toBe(false);
  });
});

describe('drafting rights', () => {
  it('an approver drafts for its own department only; a clerk or the public cannot draft', async () => {
    const body = { code: 'T-FGW-1', departmentId: depts['WSQ-FGW'], ...sampleContent() };
    expect((await post(approver, '/api/catalog/items', body)).statusCode).toBe(403);
    expect((await post(clerk, '/api/catalog/items', body)).statusCode).toBe(403);
    expect((await post(legal, '/api/catalog/items', body)).statusCode).toBe(403);
    expect((await post(null, '/api/catalog/items', body)).statusCode).toBe(401);
    expect((await post(approverFgw, '/api/catalog/items', body)).statusCode).toBe(201);
    // the service centre's catalog administrator drafts for any department
    expect((await post(admin, '/api/catalog/items', { ...body, code: 'T-FGW-2' })).statusCode).toBe(201);
  });

  it('refuses a supervising department as the approving one', async () => {
    const res = await post(admin, '/api/catalog/items', {
      code: 'T-BAD-DEPT',
      departmentId: depts['WSQ-SCJGJ'],
      ...sampleContent(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('不是审批部门');
  });

  it('refuses a duplicate code', async () => {
    const res = await post(admin, '/api/catalog/items', {
      code: 'WSQ-WJW-001',
      departmentId: depts['WSQ-WJW'],
      ...sampleContent(),
    });
    expect(res.statusCode).toBe(409);
  });
});

describe('exclusions', () => {
  it('an item touching public safety cannot enable a commitment mode, and the refusal names tag and mode', async () => {
    const res = await post(admin, '/api/catalog/items', {
      code: 'T-EXCL-1',
      departmentId: depts['WSQ-JTJ'],
      ...sampleContent({ exclusionTags: ['public_safety'], modes: ['commit_entry', 'missing_materials'] }),
    });
    expect(res.statusCode).toBe(400);
    const problems = res.json().details.problems as { tag: string; mode: string; message: string }[];
    expect(problems).toContainEqual(
      expect.objectContaining({
        tag: 'public_safety',
        mode: 'commit_entry',
        message: '事项涉及“公共安全”，不得适用“承诺即入”',
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ tag: 'public_safety', mode: 'missing_materials' }),
    );
    const list = await t.call(admin, { method: 'GET', url: '/api/catalog/items?keyword=t-excl-1' });
    expect(list.json().total).toBe(0);
  });

  it('energy saving keeps commitment but refuses tolerable-missing materials', async () => {
    const res = await post(admin, '/api/catalog/items', {
      code: 'T-EXCL-2',
      departmentId: depts['WSQ-FGW'],
      ...sampleContent({ exclusionTags: ['energy_saving'] }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.problems.length).toBeGreaterThan(0);
    expect(res.json().details.problems.every((p: { mode: string }) => p.mode === 'missing_materials')).toBe(
      true,
    );
    const fixed = sampleContent({ exclusionTags: ['energy_saving'], modes: ['license_commitment'] });
    fixed.materials = fixed.materials.map((m) => ({
      ...m,
      tolerableMissing: false,
      supplyDeadlineDays: null,
    }));
    const ok = await post(admin, '/api/catalog/items', {
      code: 'T-EXCL-2',
      departmentId: depts['WSQ-FGW'],
      ...fixed,
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('a draft cannot be edited into a commitment mode once tagged as excluded', async () => {
    const created = await post(admin, '/api/catalog/items', {
      code: 'T-EXCL-3',
      departmentId: depts['WSQ-MZJ'],
      ...sampleContent({ modes: ['standard'], exclusionTags: ['state_secrets'], materials: [] }),
    });
    expect(created.statusCode).toBe(201);
    const edit = await t.call(admin, {
      method: 'PUT',
      url: `/api/catalog/versions/${created.json().id}`,
      payload: sampleContent({ exclusionTags: ['state_secrets'] }),
    });
    expect(edit.statusCode).toBe(400);
    expect(edit.json().message).toContain('国家秘密');
  });
});

describe('review and publication', () => {
  it('an incomplete template blocks publication', async () => {
    const content = sampleContent({ notice: { ...sampleContent().notice, criminalLiability: '' } });
    const created = await post(approver, '/api/catalog/items', {
      code: 'T-INCOMPLETE',
      departmentId: depts['WSQ-WJW'],
      ...content,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().completeness.complete).toBe(false);
    const id = created.json().id;
    const submit = await post(approver, `/api/catalog/versions/${id}/submit`);
    expect(submit.statusCode).toBe(412);
    expect(submit.json().message).toContain('刑事责任');
    expect(submit.json().details.missingSections).toEqual(['告知书：虚假承诺的刑事责任']);
    const publish = await post(admin, `/api/catalog/versions/${id}/publish`, {});
    expect(publish.statusCode).toBe(409);
    const pub = await t.call(null, { method: 'GET', url: '/api/public/catalog/items/T-INCOMPLETE' });
    expect(pub.statusCode).toBe(404);
  });

  it('a department clerk, an approver and a legal reviewer cannot publish; the catalog administrator can', async () => {
    const created = await post(approver, '/api/catalog/items', {
      code: 'T-PUB-1',
      departmentId: depts['WSQ-WJW'],
      ...sampleContent(),
    });
    const id = created.json().id;
    expect((await post(approver, `/api/catalog/versions/${id}/submit`)).statusCode).toBe(200);
    // only the legal reviewer reviews
    expect(
      (await post(approver, `/api/catalog/versions/${id}/review`, { decision: 'pass' })).statusCode,
    ).toBe(403);
    expect((await post(admin, `/api/catalog/versions/${id}/review`, { decision: 'pass' })).statusCode).toBe(
      403,
    );
    expect((await post(legal, `/api/catalog/versions/${id}/review`, { decision: 'pass' })).statusCode).toBe(
      200,
    );
    // approval before publication is the justice bureau's
    expect(
      (await post(admin, `/api/catalog/versions/${id}/approve`, { decision: 'approve' })).statusCode,
    ).toBe(403);
    expect((await post(admin, `/api/catalog/versions/${id}/publish`, {})).statusCode).toBe(409);
    expect(
      (await post(legal, `/api/catalog/versions/${id}/approve`, { decision: 'approve' })).statusCode,
    ).toBe(200);
    for (const s of [clerk, approver, legal]) {
      const r = await post(s, `/api/catalog/versions/${id}/publish`, {});
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe('FORBIDDEN');
    }
    expect((await post(null, `/api/catalog/versions/${id}/publish`, {})).statusCode).toBe(401);
    const past = await post(admin, `/api/catalog/versions/${id}/publish`, { effectiveDate: '2026-11-01' });
    expect(past.statusCode).toBe(412);
    const ok = await post(admin, `/api/catalog/versions/${id}/publish`, { effectiveDate: '2026-11-23' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'published', effectiveDate: '2026-11-23' });
    // a second publish of the same version is a conflict, not a second row
    expect((await post(admin, `/api/catalog/versions/${id}/publish`, {})).statusCode).toBe(409);
  });

  it('a return needs comments, goes back to draft, and the comment is shown', async () => {
    const created = await post(approver, '/api/catalog/items', {
      code: 'T-RETURN',
      departmentId: depts['WSQ-WJW'],
      ...sampleContent(),
    });
    const id = created.json().id;
    await post(approver, `/api/catalog/versions/${id}/submit`);
    expect((await post(legal, `/api/catalog/versions/${id}/review`, { decision: 'return' })).statusCode).toBe(
      412,
    );
    const back = await post(legal, `/api/catalog/versions/${id}/review`, {
      decision: 'return',
      comment: '设定依据应写明条款',
    });
    expect(back.json()).toMatchObject({ status: 'draft', lastComment: '设定依据应写明条款' });
    const edit = await t.call(approver, {
      method: 'PUT',
      url: `/api/catalog/versions/${id}`,
      payload: sampleContent({ legalBasis: '《放射诊疗管理规定》第十一条、第十二条' }),
    });
    expect(edit.statusCode).toBe(200);
    const history = await t.call(clerk, { method: 'GET', url: `/api/catalog/versions/${id}/history` });
    expect(history.json().items.map((e: { event: string }) => e.event)).toEqual([
      'create',
      'submit',
      'return',
      'edit',
    ]);
    expect(history.json().items[2]).toMatchObject({ comment: '设定依据应写明条款', actorName: 'legal' });
    const audit = await t.call(await t.login('auditor'), {
      method: 'GET',
      url: `/api/audit?targetType=catalog_version&targetId=${id}`,
    });
    expect(audit.json().items.map((a: { action: string }) => a.action)).toEqual([
      'catalog.version_edit',
      'catalog.review_return',
      'catalog.version_submit',
      'catalog.item_create',
    ]);
  });

  it('a version under review is immutable', async () => {
    const created = await post(approver, '/api/catalog/items', {
      code: 'T-FROZEN',
      departmentId: depts['WSQ-WJW'],
      ...sampleContent(),
    });
    const id = created.json().id;
    await post(approver, `/api/catalog/versions/${id}/submit`);
    const edit = await t.call(approver, {
      method: 'PUT',
      url: `/api/catalog/versions/${id}`,
      payload: sampleContent({ name: '改名' }),
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('INVALID_TRANSITION');
  });
});

describe('versions', () => {
  it('an application pinned to version 1 is unaffected by version 2', async () => {
    const v1 = await publishedItem('T-VER', '测试版本事项');
    const pinned = v1.id as string;
    const before = await getItemVersion(t.database.db, pinned);
    // version 2 changes materials, modes and limits
    const draft = await post(approver, `/api/catalog/items/${v1.itemId}/versions`, {
      ...sampleContent({
        name: '测试版本事项（修订）',
        promisedTimeLimitDays: 1,
        modes: ['license_commitment'],
      }),
      materials: [sampleContent().materials[0]],
    });
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json().versionNo).toBe(2);
    // only one version in the making
    expect(
      (await post(approver, `/api/catalog/items/${v1.itemId}/versions`, sampleContent())).statusCode,
    ).toBe(409);
    const id2 = draft.json().id;
    await post(approver, `/api/catalog/versions/${id2}/submit`);
    await post(legal, `/api/catalog/versions/${id2}/review`, { decision: 'pass' });
    await post(legal, `/api/catalog/versions/${id2}/approve`, { decision: 'approve' });
    const pub2 = await post(admin, `/api/catalog/versions/${id2}/publish`, {});
    expect(pub2.statusCode).toBe(200);

    const after = await getItemVersion(t.database.db, pinned);
    expect({ ...after, status: 'x', updatedAt: null }).toEqual({ ...before, status: 'x', updatedAt: null });
    expect(after!.status).toBe('superseded');
    expect(after!.materials).toHaveLength(3);
    expect(after!.name).toBe('测试版本事项');
    const v1Api = await t.call(clerk, { method: 'GET', url: `/api/catalog/versions/${pinned}` });
    expect(v1Api.json()).toMatchObject({ versionNo: 1, name: '测试版本事项', promisedTimeLimitDays: 5 });
    const pub = await t.call(null, { method: 'GET', url: '/api/public/catalog/items/T-VER' });
    expect(pub.json()).toMatchObject({
      versionNo: 2,
      name: '测试版本事项（修订）',
      promisedTimeLimitDays: 1,
    });
    const hist1 = await t.call(legal, { method: 'GET', url: `/api/catalog/versions/${pinned}/history` });
    expect(hist1.json().items.at(-1)).toMatchObject({ event: 'supersede', toStatus: 'superseded' });
    // a superseded version never becomes editable again
    const edit = await t.call(admin, {
      method: 'PUT',
      url: `/api/catalog/versions/${pinned}`,
      payload: sampleContent(),
    });
    expect(edit.statusCode).toBe(409);
  });

  it('withdrawal takes an item off the public catalog; only the administrator withdraws a published version', async () => {
    const v = await publishedItem('T-WD');
    const url = `/api/catalog/versions/${v.id}/withdraw`;
    expect((await post(approver, url, { reason: '职能调整' })).statusCode).toBe(403);
    expect((await post(clerk, url, { reason: '职能调整' })).statusCode).toBe(403);
    expect((await post(admin, url, { reason: '职能调整' })).json().status).toBe('withdrawn');
    expect((await t.call(null, { method: 'GET', url: '/api/public/catalog/items/T-WD' })).statusCode).toBe(
      404,
    );
  });

  it('staff reads need the catalog permission', async () => {
    const inspector = await t.login('inspector');
    expect((await t.call(inspector, { method: 'GET', url: '/api/catalog/items' })).statusCode).toBe(403);
    expect((await t.call(null, { method: 'GET', url: '/api/catalog/items' })).statusCode).toBe(401);
    const list = await t.call(clerk, {
      method: 'GET',
      url: `/api/catalog/items?departmentId=${depts['WSQ-MZJ']}`,
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBeGreaterThan(0);
    expect(
      list.json().items.every((i: { departmentName: string }) => i.departmentName === '乌审旗民政局'),
    ).toBe(true);
  });
});

describe('public catalog', () => {
  it('searches by keyword, department and mode, paginated', async () => {
    const kw = await t.call(null, {
      method: 'GET',
      url: `/api/public/catalog/items?keyword=${encodeURIComponent('卫生许可')}`,
    });
    expect(kw.json().items.map((i: { code: string }) => i.code)).toContain('WSQ-WJW-001');
    const byMaterial = await t.call(null, {
      method: 'GET',
      url: `/api/public/catalog/items?keyword=${encodeURIComponent('家庭收入声明')}`,
    });
    expect(byMaterial.json().items.map((i: { code: string }) => i.code)).toEqual(['WSQ-MZJ-001']);
    const mode = await t.call(null, {
      method: 'GET',
      url: '/api/public/catalog/items?mode=certificate_commitment&pageSize=200',
    });
    expect(mode.json().items.length).toBeGreaterThanOrEqual(3);
    expect(
      mode.json().items.every((i: { modes: string[] }) => i.modes.includes('certificate_commitment')),
    ).toBe(true);
    const dept = await t.call(null, {
      method: 'GET',
      url: `/api/public/catalog/items?departmentId=${depts['WSQ-RSJ']}&pageSize=2&page=1`,
    });
    expect(dept.json()).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(dept.json().items).toHaveLength(2);
    const page2 = await t.call(null, {
      method: 'GET',
      url: `/api/public/catalog/items?departmentId=${depts['WSQ-RSJ']}&pageSize=2&page=2`,
    });
    expect(page2.json().items).toHaveLength(1);
    const wild = await t.call(null, { method: 'GET', url: '/api/public/catalog/items?keyword=%25' });
    expect(wild.json().total).toBe(0);
    const bad = await t.call(null, { method: 'GET', url: '/api/public/catalog/items?mode=nope' });
    expect(bad.statusCode).toBe(400);
  });

  it('drafts are not public', async () => {
    await post(admin, '/api/catalog/items', {
      code: 'T-DRAFT-PUB',
      departmentId: depts['WSQ-MZJ'],
      ...sampleContent(),
    });
    expect(
      (await t.call(null, { method: 'GET', url: '/api/public/catalog/items/T-DRAFT-PUB' })).statusCode,
    ).toBe(404);
  });

  it('renders the notice as HTML with the item data, escaping what it fills in', async () => {
    const res = await t.call(null, {
      method: 'POST',
      url: '/api/public/catalog/items/WSQ-WJW-001/documents/notice',
      payload: { format: 'html', applicantName: '乌审旗草原明珠餐饮有限公司<script>' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('公共场所卫生许可证核发告知书');
    expect(res.body).toContain('《公共场所卫生管理条例》');
    expect(res.body).toContain('乌审旗草原明珠餐饮有限公司&lt;script&gt;');
    expect(res.body).not.toContain('<script>');
  });

  it('the PDF embeds a Chinese font and contains the item name and the liability text', async () => {
    const res = await t.call(null, {
      method: 'GET',
      url: '/api/public/catalog/items/WSQ-WJW-001/documents/notice?format=pdf',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const data = res.rawPayload;
    expect(data.subarray(0, 5).toString()).toBe('%PDF-');
    expect(data.toString('latin1')).toContain('FontFile2');
    const text = await pdfText(data);
    expect(text).toContain('公共场所卫生许可证核发');
    expect(text).toContain('虚假承诺涉嫌犯罪的，依法移送司法机关追究刑事责任。');
    expect(text).toContain('依法承担赔偿责任');
  });

  it('the commitment letter PDF carries the applicant and the declarations', async () => {
    const res = await t.call(null, {
      method: 'POST',
      url: '/api/public/catalog/items/WSQ-MZJ-001/documents/commitment',
      payload: { format: 'pdf', applicantName: '白音其其格', agentName: '韩志强' },
    });
    expect(res.statusCode).toBe(200);
    const text = await pdfText(res.rawPayload);
    expect(text).toContain('最低生活保障审核确认承诺书');
    expect(text).toContain('白音其其格');
    expect(text).toContain('愿意承担不实承诺的民事、行政、刑事责任');
  });

  it('reviewers preview a draft’s documents; the public cannot', async () => {
    const created = await post(admin, '/api/catalog/items', {
      code: 'T-PREVIEW',
      departmentId: depts['WSQ-MZJ'],
      ...sampleContent(),
    });
    const url = `/api/catalog/versions/${created.json().id}/documents/notice`;
    expect((await post(legal, url, { format: 'html' })).statusCode).toBe(200);
    expect((await post(null, url, { format: 'html' })).statusCode).toBe(401);
  });
});

describe('every staff endpoint refuses a caller who may not call it', () => {
  it('reads, drafts, edits, submits and imports', async () => {
    const inspector = await t.login('inspector');
    const created = await post(approver, '/api/catalog/items', {
      code: 'T-ACCESS',
      departmentId: depts['WSQ-WJW'],
      ...sampleContent(),
    });
    const v = created.json();
    const reads = [
      `/api/catalog/versions/${v.id}`,
      `/api/catalog/versions/${v.id}/history`,
      `/api/catalog/items/${v.itemId}/versions`,
      '/api/catalog/export?format=xlsx',
    ];
    for (const url of reads) {
      expect((await t.call(inspector, { method: 'GET', url })).statusCode, url).toBe(403);
      expect((await t.call(null, { method: 'GET', url })).statusCode, url).toBe(401);
      expect((await t.call(clerk, { method: 'GET', url })).statusCode, url).toBe(200);
    }
    const versions = await t.call(clerk, { method: 'GET', url: `/api/catalog/items/${v.itemId}/versions` });
    expect(versions.json().items.map((x: { versionNo: number }) => x.versionNo)).toEqual([1]);
    // another department's approver may not edit, submit, add a version or abandon the draft
    const put = await t.call(approverFgw, {
      method: 'PUT',
      url: `/api/catalog/versions/${v.id}`,
      payload: sampleContent(),
    });
    expect(put.statusCode).toBe(403);
    expect((await post(approverFgw, `/api/catalog/versions/${v.id}/submit`)).statusCode).toBe(403);
    expect((await post(clerk, `/api/catalog/versions/${v.id}/submit`)).statusCode).toBe(403);
    expect(
      (await post(approverFgw, `/api/catalog/versions/${v.id}/withdraw`, { reason: '不需要' })).statusCode,
    ).toBe(403);
    const hygiene = (
      await t.call(null, { method: 'GET', url: '/api/public/catalog/items/WSQ-WJW-001' })
    ).json();
    expect(
      (await post(approverFgw, `/api/catalog/items/${hygiene.itemId}/versions`, sampleContent())).statusCode,
    ).toBe(403);
    expect(
      (await post(clerk, `/api/catalog/items/${hygiene.itemId}/versions`, sampleContent())).statusCode,
    ).toBe(403);
    const xlsx = await t.call(legal, {
      method: 'POST',
      url: '/api/catalog/import/xlsx',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      payload: Buffer.from('x'),
    });
    expect(xlsx.statusCode).toBe(403);
    // its own department's approver abandons its draft
    const gone = await post(approver, `/api/catalog/versions/${v.id}/withdraw`, { reason: '不再需要' });
    expect(gone.json().status).toBe('withdrawn');
  });

  it('two simultaneous submissions of one draft: one wins, the other is a conflict', async () => {
    const created = await post(approver, '/api/catalog/items', {
      code: 'T-RACE',
      departmentId: depts['WSQ-WJW'],
      ...sampleContent(),
    });
    const id = created.json().id;
    const [a, b] = await Promise.all([
      post(approver, `/api/catalog/versions/${id}/submit`),
      post(admin, `/api/catalog/versions/${id}/submit`),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const history = await t.call(legal, { method: 'GET', url: `/api/catalog/versions/${id}/history` });
    expect(history.json().items.filter((e: { event: string }) => e.event === 'submit')).toHaveLength(1);
  });
});
