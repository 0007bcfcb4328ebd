import { describe, expect, it } from 'vitest';
import { catalogScene, pdfText, sampleContent } from '../helpers/catalog';

const { t, admin, legal, depts, post } = await catalogScene();

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
