import { Type } from 'typebox';
import { CappedPage, IsoDate, StringEnum, Uuid } from './common';
import { RecordView, SubjectView } from './credit';

/** Response shapes that routes used to declare inline, shared here so the browser reads the same types. */

export const Notification = Type.Object({
  id: Uuid,
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  refType: Type.Union([Type.String(), Type.Null()]),
  refId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  readAt: Type.Union([Type.String(), Type.Null()]),
});

export const InboxPage = Type.Object({
  items: Type.Array(Notification),
  total: Type.Integer(),
  unread: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const CreditMe = Type.Object({
  subject: Type.Union([SubjectView, Type.Null()]),
  records: Type.Array(RecordView),
  checks: Type.Array(Type.Object({ id: Uuid, checkedAt: Type.String(), outcome: Type.String() })),
});

export const PublicCreditRecord = Type.Object({
  subjectName: Type.String(),
  subjectCode: Type.String(),
  kindLabel: Type.String(),
  severityLabel: Type.String(),
  authority: Type.String(),
  decidedOn: IsoDate,
  summary: Type.String(),
  publicityEnd: IsoDate,
  underObjection: Type.Boolean(),
});
export const PublicCreditRecordPage = CappedPage(PublicCreditRecord);

/**
 * The part of `/health` the browser reads: the clock the server runs on. A test clock is shown on every
 * page; a server that does not report its clock is taken to run on the system clock.
 */
export const Health = Type.Object({
  status: Type.String(),
  clock: Type.Optional(
    Type.Object({
      mode: StringEnum(['test', 'system'] as const),
      now: Type.String({ description: 'ISO 时间' }),
    }),
  ),
});

/** Labels for statuses whose contracts carry only the codes. */
export const repairStatusLabels = { pending: '待处理', approved: '已修复', rejected: '不予修复' } as const;
export const objectionStatusLabels = {
  pending: '处理中',
  corrected: '已更正',
  removed: '已删除记录',
  upheld: '维持原记录',
} as const;
export const planStatusLabels: Record<string, string> = { planned: '待抽取', drawn: '已抽取' };
export const applicationChannelLabels = { online: '网上申请', counter: '窗口办理' } as const;
export const signatureKindLabels = { electronic: '电子签名（SM2）', handwritten: '手写签名' } as const;

/** What each mode means for the applicant, in the words of the 办事指南. */
export const approvalModeDescriptions = {
  one_form: '条件、材料和承诺合并为一张《申请承诺表》在线填报，签署承诺后当场办结。',
  commit_entry: '签署承诺书、承诺符合条件，当场办结取得证照，事后接受核查。',
  enter_then_verify: '签署承诺书后先行办结，在核查期限内接受现场核查。',
  certificate_commitment: '以书面承诺代替所列证明材料，当场办结，事后核查。',
  license_commitment: '承诺符合许可条件，当场作出许可决定，事后核查。',
  missing_materials: '主要材料齐全、次要材料暂缺的，承诺在期限内补正，先予受理。',
  standard: '按法定程序提交全部材料，窗口受理、部门审查后作出决定。所有申请人都可以选择。',
} as const;
