/** Response and request shapes, all taken from src/contracts: nothing here is typed by hand. */
import type { Static, TSchema, TUnsafe } from 'typebox';
import type { Me as MeSchema, RegisterApplicant as RegisterSchema } from '../../contracts/accounts';
import type {
  ApplicationView as ApplicationViewSchema,
  CommitmentView as CommitmentViewSchema,
  FileView as FileViewSchema,
  HistoryView as HistoryViewSchema,
  LicenseView as LicenseViewSchema,
  PublicCommitment as PublicCommitmentSchema,
  StartApplication as StartApplicationSchema,
  StartResult as StartResultSchema,
  SubmitApplication as SubmitApplicationSchema,
} from '../../contracts/applications';
import type {
  ItemSummary as ItemSummarySchema,
  PublicItem as PublicItemSchema,
  PublicSearchQuery as PublicSearchQuerySchema,
} from '../../contracts/catalog';
import type { CappedPage as CappedPageOf, Page as PageOf } from '../../contracts/common';
import type {
  CheckView as CheckViewSchema,
  CreateObjection as CreateObjectionSchema,
  CreateRepair as CreateRepairSchema,
  ObjectionView as ObjectionViewSchema,
  RepairView as RepairViewSchema,
} from '../../contracts/credit';
import type {
  GrantMandate as GrantMandateSchema,
  IdentityStatus as IdentityStatusSchema,
  MandateList as MandateListSchema,
  Mandate as MandateSchema,
} from '../../contracts/identity';
import type {
  PlanSummary as PlanSummarySchema,
  PublicPlan as PublicPlanSchema,
  VerifyDrawResult as VerifyDrawResultSchema,
} from '../../contracts/inspection';
import type {
  CreditMe as CreditMeSchema,
  Health as HealthSchema,
  InboxPage as InboxPageSchema,
  PublicCreditRecord as PublicCreditRecordSchema,
} from '../../contracts/web';

type S<T extends TSchema> = Static<T>;
export type Page<T> = S<ReturnType<typeof PageOf<TUnsafe<T>>>>;
/** A page whose total stops at a cap (totalLabel says 共 N 条 or 超过 N 条). */
export type CappedPage<T> = S<ReturnType<typeof CappedPageOf<TUnsafe<T>>>>;

export type Me = S<typeof MeSchema>;
export type RegisterApplicant = S<typeof RegisterSchema>;
export type ItemSummary = S<typeof ItemSummarySchema>;
export type PublicItem = S<typeof PublicItemSchema>;
export type PublicSearchQuery = S<typeof PublicSearchQuerySchema>;
export type ApplicationView = S<typeof ApplicationViewSchema>;
export type StartApplication = S<typeof StartApplicationSchema>;
export type StartResult = S<typeof StartResultSchema>;
export type SubmitApplication = S<typeof SubmitApplicationSchema>;
export type HistoryView = S<typeof HistoryViewSchema>;
export type CommitmentView = S<typeof CommitmentViewSchema>;
export type LicenseView = S<typeof LicenseViewSchema>;
export type FileView = S<typeof FileViewSchema>;
export type PublicCommitment = S<typeof PublicCommitmentSchema>;
export type CheckView = S<typeof CheckViewSchema>;
export type CreateRepair = S<typeof CreateRepairSchema>;
export type CreateObjection = S<typeof CreateObjectionSchema>;
export type RepairView = S<typeof RepairViewSchema>;
export type ObjectionView = S<typeof ObjectionViewSchema>;
export type CreditMe = S<typeof CreditMeSchema>;
export type InboxPage = S<typeof InboxPageSchema>;
export type PublicCreditRecord = S<typeof PublicCreditRecordSchema>;
export type Health = S<typeof HealthSchema>;
export type PlanSummary = S<typeof PlanSummarySchema>;
export type PublicPlan = S<typeof PublicPlanSchema>;
export type VerifyDrawResult = S<typeof VerifyDrawResultSchema>;
export type CountWorkingDaysAnswer = S<typeof import('../../contracts/calendar').CountWorkingDaysAnswer>;
export type IdentityStatus = S<typeof IdentityStatusSchema>;
export type Mandate = S<typeof MandateSchema>;
export type MandateList = S<typeof MandateListSchema>;
export type GrantMandate = S<typeof GrantMandateSchema>;
export type ReportBody = S<typeof import('../../contracts/reports').ReportBody>;
export type ReportReceipt = S<typeof import('../../contracts/reports').ReportReceipt>;
export type ReportTrack = S<typeof import('../../contracts/reports').ReportTrack>;
export type ReportView = S<typeof import('../../contracts/reports').ReportView>;
export type ToleranceCase = S<typeof import('../../contracts/tolerance').ToleranceCase>;
export type ToleranceCaseList = S<typeof import('../../contracts/tolerance').ToleranceCaseList>;
export type ToleranceReview = S<typeof import('../../contracts/tolerance').ReviewBody>;
export type AssistanceView = S<typeof import('../../contracts/assistance').AssistanceView>;
export type AssistanceList = S<typeof import('../../contracts/assistance').AssistanceList>;
export type AssistanceAnswer = S<typeof import('../../contracts/assistance').AssistanceAnswerBody>;
