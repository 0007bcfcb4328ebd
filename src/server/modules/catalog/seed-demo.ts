import type {
  ApprovalMode,
  CommitmentTemplate,
  DecisionKind,
  ExclusionTag,
  ItemKind,
  LicenseTemplate,
  Material,
  NoticeTemplate,
  VerificationPlan,
} from '../../../contracts/catalog';
import type { Actor } from '../../../domain/access';
import { chinaDate } from '../../../domain/working-days';
import { systemActor } from '../../context';
import type { Database, Executor } from '../../db/client';
import type { DataCrypto } from '../../security/crypto';
import { actorOf, findUserByUsername } from '../accounts/repository';
import { createItem } from './create-item';
import { publishVersion } from './publish-version';
import { allDepartments, countItems } from './repository';
import { approveVersion, reviewVersion } from './review-version';
import { submitVersion } from './submit-version';

/** The wording every demo notice uses for the three liabilities (004: 民事、行政、刑事责任). */
export const DEMO_LIABILITY: Pick<
  NoticeTemplate,
  'civilLiability' | 'administrativeLiability' | 'criminalLiability'
> = {
  civilLiability: '因虚假承诺给国家、集体或者他人造成损失的，依法承担赔偿责任。',
  administrativeLiability:
    '经核查承诺不实的，行政机关依法终止办理、责令限期整改、撤销已作出的行政决定或者予以行政处罚，并将虚假承诺记入信用记录，在信用修复前不再适用告知承诺。',
  criminalLiability: '虚假承诺涉嫌犯罪的，依法移送司法机关追究刑事责任。',
};

export const DEMO_COMMITMENT: CommitmentTemplate = {
  informed:
    '本人（本单位）已经知晓行政机关告知的全部内容，包括办理依据、条件、材料要求和不实承诺的法律责任。',
  meetsConditions: '本人（本单位）已经符合告知的条件、标准和要求，所提交材料真实、合法、有效。',
  acceptsLiability: '本人（本单位）愿意承担不实承诺的民事、行政、刑事责任，并接受行政机关的事中事后核查。',
  truthful: '本承诺是本人（本单位）真实意思表示。',
};

const mat = (name: string, o: Partial<Material> = {}): Material => ({
  name,
  required: true,
  replaceableByCommitment: false,
  replacesCertificate: null,
  tolerableMissing: false,
  supplyDeadlineDays: null,
  fromSharedData: false,
  ...o,
});
const shared = (name: string) => mat(name, { fromSharedData: true });
const missing = (name: string, days: number) =>
  mat(name, { tolerableMissing: true, supplyDeadlineDays: days });
const promise = (name: string, certificate: string) =>
  mat(name, { replaceableByCommitment: true, replacesCertificate: certificate });

const verifyBy = (method: VerificationPlan['method'], deadlineDays: number | null): VerificationPlan => ({
  method,
  deadlineDays,
  byGrade: [
    { grade: 'A', method: 'sampling', samplingPercent: 5 },
    { grade: 'B', method: 'sampling', samplingPercent: 20 },
    { grade: 'C', method: 'on_site', samplingPercent: null },
  ],
});

type DemoItem = {
  code: string;
  name: string;
  dept: string;
  supervisor: string | null;
  kind: ItemKind;
  legalBasis: string;
  legal: number;
  promised: number;
  modes: ApprovalMode[];
  tags?: ExclusionTag[];
  proxy?: boolean;
  verification: VerificationPlan;
  materials: Material[];
  proofContent: string;
  commitmentMethod?: string;
  /** What an approval issues (19.5). */
  issues:
    | { license: string; years: number | null; template?: LicenseTemplate; several?: boolean }
    | { decision: DecisionKind };
};

const ONLINE = '申请人在政务服务平台阅读本告知书后在线签署承诺书（电子签名），或在综合受理窗口签字、盖章。';

/** The demo county's published catalog, drawn from the seed documents (000–004). */
export const demoItems: DemoItem[] = [
  {
    code: 'WSQ-WJW-001',
    name: '公共场所卫生许可证核发',
    dept: 'WSQ-WJW',
    supervisor: 'WSQ-WSJD',
    kind: 'administrative_license',
    legalBasis: '《公共场所卫生管理条例》第四条；《公共场所卫生管理条例实施细则》第二十二条',
    legal: 20,
    promised: 0,
    modes: ['license_commitment', 'enter_then_verify'],
    verification: verifyBy('on_site', 10),
    materials: [
      mat('公共场所卫生许可申请表'),
      shared('营业执照'),
      mat('公共场所卫生检测或评价报告', { replaceableByCommitment: true }),
      mat('卫生管理制度及从业人员健康合格证明'),
    ],
    issues: { license: '公共场所卫生许可证', years: 4 },
    proofContent:
      '场所选址、布局、设施设备符合卫生标准和规范；具有卫生管理制度和专（兼）职卫生管理人员；从业人员持有效健康合格证明；集中空调通风系统（如有）符合卫生规范。',
  },
  {
    code: 'WSQ-WJW-002',
    name: '医疗机构执业登记',
    dept: 'WSQ-WJW',
    supervisor: 'WSQ-WSJD',
    kind: 'administrative_license',
    legalBasis: '《医疗机构管理条例》第十五条',
    legal: 45,
    promised: 30,
    modes: ['standard'],
    tags: ['personal_health', 'life_property_safety'],
    verification: verifyBy('on_site', null),
    materials: [
      mat('医疗机构执业登记申请书'),
      mat('医疗机构用房产权证明或使用证明'),
      mat('医疗机构规章制度'),
      shared('营业执照'),
    ],
    issues: { license: '医疗机构执业许可证', years: 5 },
    proofContent: '本事项直接关系人身健康、生命安全，不适用告知承诺，按一般程序办理。',
  },
  {
    code: 'WSQ-FGW-001',
    name: '企业投资项目备案',
    dept: 'WSQ-FGW',
    supervisor: 'WSQ-SCJGJ',
    kind: 'other',
    legalBasis: '《企业投资项目核准和备案管理条例》第十三条',
    legal: 3,
    promised: 0,
    modes: ['one_form'],
    verification: { method: 'data_check', deadlineDays: null, byGrade: [] },
    materials: [
      mat('企业投资项目备案信息表（申请承诺表）'),
      promise('符合产业政策声明', '项目符合国家产业政策的证明'),
      shared('营业执照'),
      shared('统一社会信用代码证'),
    ],
    issues: { decision: 'filing' },
    proofContent: '项目不属于产业结构调整指导目录淘汰类、限制类；项目信息真实、准确、完整。',
  },
  {
    code: 'WSQ-FGW-002',
    name: '固定资产投资项目节能审查',
    dept: 'WSQ-FGW',
    supervisor: 'WSQ-SCJGJ',
    kind: 'administrative_license',
    legalBasis: '《中华人民共和国节约能源法》第十五条；《固定资产投资项目节能审查办法》',
    legal: 20,
    promised: 10,
    modes: ['license_commitment'],
    tags: ['energy_saving'],
    verification: verifyBy('data_check', 20),
    materials: [mat('节能审查申请'), mat('节能报告'), shared('项目备案证明')],
    issues: {
      license: '固定资产投资项目节能审查意见',
      years: 2,
      template: 'approval_document',
      several: true,
    },
    proofContent:
      '项目用能符合国家、自治区能耗强度和总量控制要求，节能措施与主体工程同时设计、同时施工、同时投入使用。',
  },
  {
    code: 'WSQ-JTJ-001',
    name: '道路普通货物运输经营许可',
    dept: 'WSQ-JTJ',
    supervisor: 'WSQ-SCJGJ',
    kind: 'administrative_license',
    legalBasis: '《中华人民共和国道路运输条例》第二十一条、第二十四条；《道路货物运输及站场管理规定》',
    legal: 20,
    promised: 0,
    modes: ['license_commitment', 'commit_entry', 'missing_materials'],
    proxy: true,
    verification: verifyBy('data_check', 20),
    materials: [
      mat('道路货物运输经营申请表'),
      shared('营业执照'),
      mat('拟投入车辆承诺书'),
      missing('安全生产管理制度文本', 10),
      missing('驾驶人员从业资格证复印件', 10),
    ],
    issues: { license: '道路运输经营许可证', years: 4 },
    proofContent:
      '有与经营业务相适应并经检测合格的车辆；有符合规定条件的驾驶人员；有健全的安全生产管理制度。',
  },
  {
    code: 'WSQ-JTJ-002',
    name: '道路危险货物运输许可',
    dept: 'WSQ-JTJ',
    supervisor: 'WSQ-SCJGJ',
    kind: 'administrative_license',
    legalBasis: '《中华人民共和国道路运输条例》第二十三条；《危险货物道路运输安全管理办法》',
    legal: 20,
    promised: 20,
    modes: ['standard'],
    tags: ['public_safety', 'life_property_safety'],
    verification: verifyBy('on_site', null),
    materials: [
      mat('道路危险货物运输经营申请表'),
      mat('专用车辆及设备证明'),
      mat('从业人员资格证明'),
      mat('安全生产管理制度'),
    ],
    issues: { license: '道路运输经营许可证（危险货物运输）', years: 4 },
    proofContent: '本事项直接涉及公共安全和生命财产安全，不适用告知承诺和容缺受理，按一般程序办理。',
  },
  {
    code: 'WSQ-RSJ-001',
    name: '人力资源服务许可',
    dept: 'WSQ-RSJ',
    supervisor: 'WSQ-SCJGJ',
    kind: 'administrative_license',
    legalBasis: '《人力资源市场暂行条例》第十八条',
    legal: 20,
    promised: 0,
    modes: ['license_commitment', 'enter_then_verify', 'missing_materials'],
    proxy: true,
    verification: verifyBy('on_site', 10),
    materials: [
      mat('人力资源服务许可申请书'),
      shared('营业执照'),
      promise('经营场所使用证明', '经营场所产权或租赁证明'),
      missing('专职工作人员名单及学历证明', 15),
      mat('工作规则和管理制度'),
    ],
    issues: { license: '人力资源服务许可证', years: null },
    proofContent: '有与开展职业中介活动相适应的经营场所、设施和专职工作人员；有健全的工作规则和管理制度。',
  },
  {
    code: 'WSQ-RSJ-002',
    name: '劳务派遣经营许可',
    dept: 'WSQ-RSJ',
    supervisor: 'WSQ-SCJGJ',
    kind: 'administrative_license',
    legalBasis: '《中华人民共和国劳动合同法》第五十七条；《劳务派遣行政许可实施办法》',
    legal: 20,
    promised: 5,
    modes: ['license_commitment', 'missing_materials'],
    verification: verifyBy('data_check', 20),
    materials: [
      mat('劳务派遣经营许可申请书'),
      shared('营业执照'),
      mat('注册资本实缴证明'),
      missing('劳务派遣管理制度', 10),
      mat('经营场所使用证明', { replaceableByCommitment: true }),
    ],
    issues: { license: '劳务派遣经营许可证', years: 3 },
    proofContent:
      '注册资本不少于人民币二百万元；有与开展业务相适应的固定经营场所和设施；有符合法律、行政法规规定的劳务派遣管理制度。',
  },
  {
    code: 'WSQ-RSJ-003',
    name: '就业困难人员认定',
    dept: 'WSQ-RSJ',
    supervisor: null,
    kind: 'administrative_confirmation',
    legalBasis: '《中华人民共和国就业促进法》第五十二条；《就业服务与就业管理规定》',
    legal: 15,
    promised: 3,
    modes: ['certificate_commitment'],
    proxy: true,
    verification: verifyBy('data_check', 20),
    materials: [
      mat('就业困难人员认定申请表'),
      shared('居民身份证'),
      promise('家庭经济状况声明', '家庭经济困难证明'),
      promise('失业状态声明', '失业证明'),
    ],
    issues: { decision: 'confirmation' },
    proofContent: '申请人处于法定劳动年龄、有劳动能力和就业要求、处于失业状态，且属于就业困难人员认定范围。',
  },
  {
    code: 'WSQ-MZJ-001',
    name: '最低生活保障审核确认',
    dept: 'WSQ-MZJ',
    supervisor: null,
    kind: 'administrative_payment',
    legalBasis: '《社会救助暂行办法》第十一条；《内蒙古自治区最低生活保障实施办法》',
    legal: 30,
    promised: 20,
    modes: ['certificate_commitment', 'missing_materials'],
    proxy: true,
    verification: verifyBy('data_check', 30),
    materials: [
      mat('最低生活保障申请书'),
      shared('居民身份证、户口簿'),
      promise('家庭成员关系声明', '户籍关系证明（亲属关系证明）'),
      promise('家庭收入声明', '收入证明'),
      missing('家庭财产状况说明', 10),
    ],
    issues: { decision: 'payment' },
    proofContent:
      '申请人家庭人均收入低于当地最低生活保障标准，且家庭财产状况符合规定；同意授权民政部门核对家庭经济状况。',
  },
  {
    code: 'WSQ-MZJ-002',
    name: '临时救助',
    dept: 'WSQ-MZJ',
    supervisor: null,
    kind: 'administrative_payment',
    legalBasis: '《社会救助暂行办法》第四十七条',
    legal: 10,
    promised: 3,
    modes: ['certificate_commitment', 'one_form'],
    proxy: true,
    verification: verifyBy('data_check', 20),
    materials: [
      mat('临时救助申请表（申请承诺表）'),
      shared('居民身份证'),
      promise('急难情况说明', '遭遇急难情况的证明'),
    ],
    issues: { decision: 'payment' },
    proofContent: '申请人家庭因火灾、交通事故、突发重大疾病等意外事件，导致基本生活暂时出现严重困难。',
  },
  {
    code: 'WSQ-MZJ-003',
    name: '社会团体成立登记',
    dept: 'WSQ-MZJ',
    supervisor: null,
    kind: 'administrative_license',
    legalBasis: '《社会团体登记管理条例》第九条',
    legal: 60,
    promised: 30,
    modes: ['standard'],
    tags: ['social_stability'],
    verification: verifyBy('on_site', null),
    materials: [mat('登记申请书'), mat('业务主管单位批准文件'), mat('章程草案'), mat('验资报告')],
    issues: { license: '社会团体法人登记证书', years: 5 },
    proofContent: '本事项涉及社会稳定，不适用告知承诺，按一般程序办理。',
  },
  {
    code: 'WSQ-ZWFW-001',
    name: '食品经营许可',
    dept: 'WSQ-ZWFW',
    supervisor: 'WSQ-SCJGJ',
    kind: 'administrative_license',
    legalBasis: '《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》',
    legal: 10,
    promised: 0,
    modes: ['license_commitment', 'enter_then_verify', 'missing_materials'],
    proxy: true,
    verification: verifyBy('on_site', 10),
    materials: [
      mat('食品经营许可申请书'),
      shared('营业执照'),
      mat('与食品经营相适应的主要设备设施布局、操作流程等文件'),
      missing('食品安全管理制度目录', 5),
      mat('食品安全管理人员健康证明', { replaceableByCommitment: true }),
    ],
    issues: { license: '食品经营许可证', years: 5 },
    proofContent:
      '具有与经营的食品品种、数量相适应的经营场所和设备设施；有专职或兼职的食品安全管理人员和保证食品安全的规章制度。',
  },
];

async function actorFor(db: Executor, username: string, name: string): Promise<Actor> {
  const user = await findUserByUsername(db, username);
  return user ? actorOf(user, null) : systemActor(name);
}

/**
 * Publishes the demo catalog on an empty catalog, through the same actions a person would use (drafted by
 * the service centre's 事项管理员, reviewed and approved by the 司法局), so every item has a true history.
 */
export async function seedDemoCatalog(database: Database, crypto: DataCrypto, now: Date): Promise<boolean> {
  if ((await countItems(database.db)) > 0) return false;
  const depts = new Map((await allDepartments(database.db)).map((d) => [d.code, d.id]));
  if (!demoItems.every((i) => depts.has(i.dept) && (!i.supervisor || depts.has(i.supervisor)))) return false;
  await database.db.transaction(async (tx) => {
    const admin = await actorFor(tx, 'catalog', '演示数据（事项管理员）');
    const legal = await actorFor(tx, 'legal', '演示数据（合法性审查）');
    const as = (actor: Actor) => ({ tx, crypto, actor, now, requestId: null });
    for (const d of demoItems) {
      const v = await createItem(as(admin), {
        code: d.code,
        departmentId: depts.get(d.dept)!,
        supervisingDepartmentId: d.supervisor ? depts.get(d.supervisor)! : null,
        name: d.name,
        kind: d.kind,
        legalBasis: d.legalBasis,
        legalTimeLimitDays: d.legal,
        promisedTimeLimitDays: d.promised,
        modes: d.modes,
        exclusionTags: d.tags ?? [],
        proxyAllowed: d.proxy ?? false,
        withdrawalAllowed: true,
        verification: d.verification,
        materials: d.materials,
        notice: {
          proofContent: d.proofContent,
          commitmentMethod: d.commitmentMethod ?? ONLINE,
          ...DEMO_LIABILITY,
        },
        commitment: DEMO_COMMITMENT,
        ...('license' in d.issues
          ? {
              issuance: 'license' as const,
              licenseName: d.issues.license,
              licenseTemplate: d.issues.template ?? 'certificate',
              licenseValidityYears: d.issues.years,
              multipleLicensesAllowed: d.issues.several ?? false,
            }
          : { issuance: 'decision' as const, decisionKind: d.issues.decision }),
      });
      await submitVersion(as(admin), v.id);
      await reviewVersion(as(legal), v.id, { decision: 'pass', comment: '经审查，事项设定依据合法有效。' });
      await approveVersion(as(legal), v.id, { decision: 'approve' });
      await publishVersion(as(admin), v.id, { effectiveDate: chinaDate(now) });
    }
  });
  return true;
}
