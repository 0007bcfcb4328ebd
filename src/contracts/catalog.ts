import { type Static, Type } from 'typebox';
import { IsoDate, PageQuery, StringEnum, Uuid } from './common';

/** 事项类型 */
export const itemKinds = [
  'administrative_license',
  'administrative_confirmation',
  'administrative_payment',
  'certificate',
  'other',
] as const;
export type ItemKind = (typeof itemKinds)[number];
export const itemKindLabels: Record<ItemKind, string> = {
  administrative_license: '行政许可',
  administrative_confirmation: '行政确认',
  administrative_payment: '行政给付',
  certificate: '证明事项',
  other: '其他行政权力事项',
};

/** 办理模式；一般程序 is always allowed and always present. */
export const approvalModes = [
  'one_form',
  'commit_entry',
  'enter_then_verify',
  'certificate_commitment',
  'license_commitment',
  'missing_materials',
  'standard',
] as const;
export type ApprovalMode = (typeof approvalModes)[number];
export const approvalModeLabels: Record<ApprovalMode, string> = {
  one_form: '一表即入',
  commit_entry: '承诺即入',
  enter_then_verify: '先入后验',
  certificate_commitment: '证明事项告知承诺',
  license_commitment: '涉企经营许可事项告知承诺',
  missing_materials: '容缺受理',
  standard: '一般程序',
};
/** The modes in which a written commitment replaces a certificate, an inspection or a wait. */
export const commitmentModes = [
  'one_form',
  'commit_entry',
  'enter_then_verify',
  'certificate_commitment',
  'license_commitment',
] as const satisfies readonly ApprovalMode[];
export type CommitmentMode = (typeof commitmentModes)[number];

/** 不适用情形：what an item touches that keeps it out of commitment modes (000, 002, 004). */
export const exclusionTags = [
  'national_security',
  'state_secrets',
  'public_safety',
  'social_stability',
  'ecological_red_line',
  'financial_prudential',
  'environmental_protection',
  'personal_health',
  'life_property_safety',
  'major_public_interest',
  'foreign_affairs',
  'energy_saving',
] as const;
export type ExclusionTag = (typeof exclusionTags)[number];
export const exclusionTagLabels: Record<ExclusionTag, string> = {
  national_security: '国家安全',
  state_secrets: '国家秘密',
  public_safety: '公共安全',
  social_stability: '社会稳定',
  ecological_red_line: '生态保护红线',
  financial_prudential: '金融业审慎监管',
  environmental_protection: '生态环境保护',
  personal_health: '人身健康',
  life_property_safety: '生命财产安全',
  major_public_interest: '重大公共利益',
  foreign_affairs: '重要涉外',
  energy_saving: '节约能源',
};

export const verificationMethods = ['data_check', 'on_site', 'sampling'] as const;
export type VerificationMethod = (typeof verificationMethods)[number];
export const verificationMethodLabels: Record<VerificationMethod, string> = {
  data_check: '数据共享核查',
  on_site: '现场核查',
  sampling: '抽查',
};

/** Credit grades A–E as graded in 003; used here only to set verification intensity. */
export const verificationGrades = ['A', 'B', 'C', 'D', 'E'] as const;
export type VerificationGrade = (typeof verificationGrades)[number];

export const versionStatuses = [
  'draft',
  'legal_review',
  'justice_approval',
  'approved',
  'published',
  'superseded',
  'withdrawn',
] as const;
export type VersionStatus = (typeof versionStatuses)[number];
export const versionStatusLabels: Record<VersionStatus, string> = {
  draft: '草稿',
  legal_review: '合法性审查中',
  justice_approval: '待司法局审核',
  approved: '司法局已审核同意，待发布',
  published: '已发布',
  superseded: '已被新版本替代',
  withdrawn: '已撤回',
};

export const versionEvents = [
  'create',
  'edit',
  'submit',
  'pass_review',
  'return',
  'approve',
  'publish',
  'supersede',
  'withdraw',
] as const;
export type VersionEvent = (typeof versionEvents)[number];
export const versionEventLabels: Record<VersionEvent, string> = {
  create: '起草',
  edit: '修改草稿',
  submit: '提交合法性审查',
  pass_review: '合法性审查通过',
  return: '退回修改',
  approve: '司法局审核同意',
  publish: '发布',
  supersede: '被新版本替代',
  withdraw: '撤回',
};

/** 办理结果：an approval either issues a license (证照) or is a decision alone (19.5). */
export const issuances = ['license', 'decision'] as const;
export type Issuance = (typeof issuances)[number];
export const issuanceLabels: Record<Issuance, string> = {
  license: '颁发证照',
  decision: '不发证照',
};

/** What kind of decision an item that issues no license makes. */
export const decisionKinds = ['confirmation', 'filing', 'payment', 'other'] as const;
export type DecisionKind = (typeof decisionKinds)[number];
export const decisionKindLabels: Record<DecisionKind, string> = {
  confirmation: '确认',
  filing: '备案',
  payment: '给付',
  other: '其他',
};

/** How a license is laid out when printed: a certificate, or an approval document (批复、审查意见). */
export const licenseTemplates = ['certificate', 'approval_document'] as const;
export type LicenseTemplate = (typeof licenseTemplates)[number];
export const licenseTemplateLabels: Record<LicenseTemplate, string> = {
  certificate: '证书式',
  approval_document: '批准文件式',
};

/** Until an item says otherwise, an approval issues a license named after the item, valid five years. */
export const DEFAULT_LICENSE_YEARS = 5;

export const catalogDocuments = ['notice', 'commitment'] as const;
export type CatalogDocument = (typeof catalogDocuments)[number];
export const catalogDocumentLabels: Record<CatalogDocument, string> = {
  notice: '告知书',
  commitment: '承诺书',
};

const Text = (maxLength: number, description?: string) =>
  Type.String({ maxLength, ...(description ? { description } : {}) });
const Days = (description: string) => Type.Integer({ minimum: 0, maximum: 365, description });

export const Material = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, description: '材料名称' }),
  required: Type.Boolean({ description: '是否必要材料' }),
  replaceableByCommitment: Type.Boolean({ description: '可以承诺替代' }),
  /** The certificate (证明) a commitment replaces, for 证明事项告知承诺. */
  replacesCertificate: Type.Union([Type.String({ maxLength: 200 }), Type.Null()], {
    description: '承诺替代的证明名称',
  }),
  tolerableMissing: Type.Boolean({ description: '可容缺' }),
  supplyDeadlineDays: Type.Union([Type.Integer({ minimum: 1, maximum: 365 }), Type.Null()], {
    description: '容缺材料补正期限（工作日）',
  }),
  fromSharedData: Type.Boolean({ description: '可通过数据共享或电子证照获取，不向申请人索要' }),
});
export type Material = Static<typeof Material>;

export const GradeIntensity = Type.Object({
  grade: StringEnum(verificationGrades, '信用等级'),
  method: StringEnum(verificationMethods, '核查方式'),
  samplingPercent: Type.Union([Type.Integer({ minimum: 1, maximum: 100 }), Type.Null()], {
    description: '抽查比例（%），仅抽查方式',
  }),
});
export type GradeIntensity = Static<typeof GradeIntensity>;

export const VerificationPlan = Type.Object({
  method: StringEnum(verificationMethods, '默认核查方式'),
  deadlineDays: Type.Union([Type.Integer({ minimum: 1, maximum: 365 }), Type.Null()], {
    description: '承诺后核查期限（工作日）；先入后验未填时为10',
  }),
  byGrade: Type.Array(GradeIntensity, { maxItems: 5, description: '按承诺人信用等级调整核查方式和频次' }),
});
export type VerificationPlan = Static<typeof VerificationPlan>;

/** 告知书: what 004 requires the written notice to state (item name and legal basis come from the item). */
export const NoticeTemplate = Type.Object({
  proofContent: Text(4000, '证明的内容或许可条件和材料要求'),
  commitmentMethod: Text(2000, '承诺的方式'),
  civilLiability: Text(2000, '虚假承诺的民事责任'),
  administrativeLiability: Text(2000, '虚假承诺的行政责任'),
  criminalLiability: Text(2000, '虚假承诺的刑事责任'),
});
export type NoticeTemplate = Static<typeof NoticeTemplate>;

/** 承诺书: the applicant's declarations required by 004. */
export const CommitmentTemplate = Type.Object({
  informed: Text(2000, '已知晓告知事项'),
  meetsConditions: Text(2000, '已符合相关条件'),
  acceptsLiability: Text(2000, '愿意承担虚假承诺的责任'),
  truthful: Text(2000, '承诺意思表示真实'),
});
export type CommitmentTemplate = Static<typeof CommitmentTemplate>;

const itemFields = {
  name: Type.String({ minLength: 2, maxLength: 200, description: '事项名称' }),
  kind: StringEnum(itemKinds, '事项类型'),
  legalBasis: Text(4000, '设定依据'),
  legalTimeLimitDays: Days('法定办结时限（工作日）'),
  promisedTimeLimitDays: Days('承诺办结时限（工作日），0 表示即审即办'),
  modes: Type.Array(StringEnum(approvalModes), {
    maxItems: 7,
    description: '允许的办理模式；一般程序总是包含',
  }),
  exclusionTags: Type.Array(StringEnum(exclusionTags), { maxItems: 12, description: '涉及的不适用情形' }),
  proxyAllowed: Type.Boolean({ description: '允许代为承诺（须提交授权委托书）' }),
  withdrawalAllowed: Type.Boolean({ description: '允许撤回承诺、改走一般程序' }),
  verification: VerificationPlan,
  materials: Type.Array(Material, { maxItems: 100 }),
  notice: NoticeTemplate,
  commitment: CommitmentTemplate,
  // What an approval issues (19.5). Optional on input: absent, the item issues a license named after the
  // item, certificate layout, valid five years, one live license per subject.
  issuance: Type.Optional(StringEnum(issuances, '办理结果：license 颁发证照 / decision 只作决定，不发证照')),
  licenseName: Type.Optional(
    Type.Union([Type.String({ maxLength: 100 }), Type.Null()], {
      description: '证照名称（如“食品经营许可证”）；颁发证照时必填，未填时为事项名称',
    }),
  ),
  licenseTemplate: Type.Optional(
    Type.Union([StringEnum(licenseTemplates), Type.Null()], {
      description: '证照样式：certificate 证书式 / approval_document 批准文件式',
    }),
  ),
  licenseValidityYears: Type.Optional(
    Type.Union([Type.Integer({ minimum: 1, maximum: 50 }), Type.Null()], {
      description: '证照有效期（年）；null 为长期有效',
    }),
  ),
  decisionKind: Type.Optional(
    Type.Union([StringEnum(decisionKinds), Type.Null()], {
      description: '不发证照时的决定类别：confirmation 确认 / filing 备案 / payment 给付 / other 其他',
    }),
  ),
  multipleLicensesAllowed: Type.Optional(
    Type.Boolean({ description: '同一主体可同时持有本事项的多个有效证照（如按项目核发）；默认否' }),
  ),
};

export const ItemCode = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9-]{2,39}$',
  description: '事项编码（字母、数字、连字符，3–40位）',
});

/** The content of one version, as drafted. */
export const ItemContent = Type.Object({
  ...itemFields,
  supervisingDepartmentId: Type.Union([Uuid, Type.Null()], { description: '监管部门' }),
});
export type ItemContent = Static<typeof ItemContent>;

export const CreateItem = Type.Object({
  code: ItemCode,
  departmentId: Uuid,
  ...ItemContent.properties,
});
export type CreateItem = Static<typeof CreateItem>;

/** One item as a department fills it in for import: departments by code. */
export const ImportItem = Type.Object({
  code: ItemCode,
  departmentCode: Type.String({ minLength: 1, maxLength: 40 }),
  supervisingDepartmentCode: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
  ...itemFields,
});
export type ImportItem = Static<typeof ImportItem>;
export const ImportCatalog = Type.Object({ items: Type.Array(ImportItem, { minItems: 1, maxItems: 2000 }) });

export const ImportProblem = Type.Object({
  row: Type.Integer({ description: '第几条（JSON 从1起）或 Excel 行号' }),
  sheet: Type.Union([Type.String(), Type.Null()]),
  code: Type.Union([Type.String(), Type.Null()]),
  field: Type.String(),
  message: Type.String(),
});
export const ImportResult = Type.Object({
  created: Type.Integer({ description: '新建事项数' }),
  newVersions: Type.Integer({ description: '已有事项新增草稿版本数' }),
  versionIds: Type.Array(Uuid),
});

export const Completeness = Type.Object({
  complete: Type.Boolean(),
  missing: Type.Array(Type.Object({ field: Type.String(), label: Type.String() })),
});

export const ItemVersion = Type.Object({
  id: Uuid,
  itemId: Uuid,
  versionNo: Type.Integer(),
  status: StringEnum(versionStatuses),
  statusLabel: Type.String(),
  code: Type.String(),
  departmentId: Uuid,
  departmentName: Type.String(),
  supervisingDepartmentName: Type.Union([Type.String(), Type.Null()]),
  kindLabel: Type.String(),
  ...ItemContent.properties,
  effectiveDate: Type.Union([IsoDate, Type.Null()]),
  createdAt: Type.String(),
  publishedAt: Type.Union([Type.String(), Type.Null()]),
  lastComment: Type.Union([Type.String(), Type.Null()], { description: '最近一次审查意见' }),
  completeness: Completeness,
  issuanceLabel: Type.String({ description: '办理结果（颁发什么证照，或只作何种决定）' }),
});
export type ItemVersion = Static<typeof ItemVersion>;

export const ItemSummary = Type.Object({
  itemId: Uuid,
  versionId: Uuid,
  versionNo: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  kind: StringEnum(itemKinds),
  kindLabel: Type.String(),
  departmentId: Uuid,
  departmentName: Type.String(),
  status: StringEnum(versionStatuses),
  statusLabel: Type.String(),
  modes: Type.Array(StringEnum(approvalModes)),
  modeLabels: Type.Array(Type.String()),
  legalTimeLimitDays: Type.Integer(),
  promisedTimeLimitDays: Type.Integer(),
  effectiveDate: Type.Union([IsoDate, Type.Null()]),
});

export const PublishResult = Type.Object({
  ...ItemVersion.properties,
  warnings: Type.Array(Type.String(), {
    description: '提示：实施部门没有审批人员、监管部门没有监管管理员或核查人员等（照常发布）',
  }),
});

export const HistoryEntry = Type.Object({
  seq: Type.Integer(),
  event: StringEnum(versionEvents),
  eventLabel: Type.String(),
  fromStatus: Type.Union([StringEnum(versionStatuses), Type.Null()]),
  toStatus: StringEnum(versionStatuses),
  actorName: Type.Union([Type.String(), Type.Null()]),
  comment: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
});

export const ReviewDecision = Type.Object({
  decision: StringEnum(['pass', 'return'] as const, 'pass 通过 / return 退回修改'),
  comment: Type.Optional(Type.String({ maxLength: 2000, description: '审查意见；退回时必填' })),
});
export const ApproveDecision = Type.Object({
  decision: StringEnum(['approve', 'return'] as const, 'approve 审核同意 / return 退回修改'),
  comment: Type.Optional(Type.String({ maxLength: 2000, description: '审核意见；退回时必填' })),
});
export const PublishBody = Type.Object({
  effectiveDate: Type.Optional(IsoDate),
});
export const WithdrawBody = Type.Object({
  reason: Type.String({ minLength: 2, maxLength: 2000, description: '撤回理由' }),
});

export const CatalogListQuery = Type.Object({
  ...PageQuery.properties,
  keyword: Type.Optional(Type.String({ maxLength: 100 })),
  departmentId: Type.Optional(Uuid),
  status: Type.Optional(StringEnum(versionStatuses)),
});

export const PublicSearchQuery = Type.Object({
  ...PageQuery.properties,
  keyword: Type.Optional(Type.String({ maxLength: 100, description: '按名称、编码、依据、材料检索' })),
  departmentId: Type.Optional(Uuid),
  mode: Type.Optional(StringEnum(approvalModes)),
});

export const PublicMaterial = Type.Object({
  ...Material.properties,
  askedOfApplicant: Type.Boolean({ description: '是否需要申请人提交（共享获取的不索要）' }),
});

export const PublicItem = Type.Object({
  itemId: Uuid,
  versionId: Uuid,
  versionNo: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  kind: StringEnum(itemKinds),
  kindLabel: Type.String(),
  departmentName: Type.String(),
  supervisingDepartmentName: Type.Union([Type.String(), Type.Null()]),
  legalBasis: Type.String(),
  legalTimeLimitDays: Type.Integer(),
  promisedTimeLimitDays: Type.Integer(),
  modes: Type.Array(Type.Object({ mode: StringEnum(approvalModes), label: Type.String() })),
  exclusionLabels: Type.Array(Type.String()),
  proxyAllowed: Type.Boolean(),
  withdrawalAllowed: Type.Boolean(),
  verification: VerificationPlan,
  materials: Type.Array(PublicMaterial),
  notice: NoticeTemplate,
  commitment: CommitmentTemplate,
  issuance: StringEnum(issuances),
  licenseName: Type.Union([Type.String(), Type.Null()]),
  licenseValidityYears: Type.Union([Type.Integer(), Type.Null()], {
    description: '证照有效期（年）；空为长期',
  }),
  decisionKind: Type.Union([StringEnum(decisionKinds), Type.Null()]),
  issuanceLabel: Type.String({ description: '办理结果' }),
  effectiveDate: Type.Union([IsoDate, Type.Null()]),
  documents: Type.Array(
    Type.Object({ document: Type.String(), label: Type.String(), html: Type.String(), pdf: Type.String() }),
  ),
});

export const DocumentFormat = StringEnum(['html', 'pdf'] as const, 'html 网页 / pdf 可打印文件');
export const DocumentQuery = Type.Object({ format: DocumentFormat });

/** Applicant data filled into a document; sent in the body so that identity numbers never reach URLs or logs. */
export const DocumentFill = Type.Object({
  format: DocumentFormat,
  applicantName: Type.Optional(Type.String({ maxLength: 200, description: '申请人名称或姓名' })),
  applicantCode: Type.Optional(Type.String({ maxLength: 40, description: '统一社会信用代码或公民身份号码' })),
  agentName: Type.Optional(Type.String({ maxLength: 100, description: '代理人姓名（代为承诺时）' })),
});
export type DocumentFill = Static<typeof DocumentFill>;
