import { PDFParse } from 'pdf-parse';
import { expect } from 'vitest';
import type { ItemContent } from '../../src/contracts/catalog';
import { DEMO_COMMITMENT, DEMO_LIABILITY } from '../../src/server/modules/catalog/seed-demo';
import { createTestApp, type Session, type TestApp } from './app';

export async function departmentIds(t: TestApp, s: Session): Promise<Record<string, string>> {
  const res = await t.call(s, { method: 'GET', url: '/api/departments' });
  return Object.fromEntries(res.json().items.map((d: { code: string; id: string }) => [d.code, d.id]));
}

export const sampleContent = (o: Partial<ItemContent> = {}): ItemContent => ({
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
export async function pdfText(data: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(data) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, '');
  } finally {
    await parser.destroy();
  }
}

/** The catalog tests' app: the catalog administrator, the legal reviewer, a clerk and two approvers. */
export async function catalogScene() {
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
    expect(
      (await post(legal, `/api/catalog/versions/${id}/approve`, { decision: 'approve' })).statusCode,
    ).toBe(200);
    const pub = await post(admin, `/api/catalog/versions/${id}/publish`, {});
    expect(pub.statusCode, pub.body).toBe(200);
    return pub.json();
  }
  return { t, admin, legal, clerk, approver, approverFgw, depts, post, publishedItem };
}
