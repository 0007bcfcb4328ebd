import type { ItemContent } from '../../src/contracts/catalog';
import { DEMO_COMMITMENT, DEMO_LIABILITY } from '../../src/server/modules/catalog/seed-demo';
import type { Session, TestApp } from '../helpers/app';

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
