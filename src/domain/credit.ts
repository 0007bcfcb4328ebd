import type {
  CreditRecordKind,
  CreditRecordStatus,
  CreditSeverity,
  positiveRecordKinds,
} from '../contracts/credit';
import { DomainError } from './errors';
import { parseDate } from './working-days';

/**
 * Credit records: how long each is published, when it may be repaired, and whether it still counts.
 * The periods follow the 2026 credit repair rules: 轻微 is normally not published and at most for 3
 * months; 一般 is published for 3 months to 1 year; 严重 for 1 to 3 years. Publicity ends by itself at
 * the maximum, and repair may be asked for only once the minimum has passed.
 */
export const publicityMonths: Record<
  CreditSeverity,
  { min: number; max: number; publishedByDefault: boolean }
> = {
  minor: { min: 0, max: 3, publishedByDefault: false },
  general: { min: 3, max: 12, publishedByDefault: true },
  serious: { min: 12, max: 36, publishedByDefault: true },
};

/** Working days the credit department has to decide a repair request or an objection. */
export const REPAIR_DECISION_WORKING_DAYS = 5;
export const OBJECTION_DECISION_WORKING_DAYS = 5;

const POSITIVE = new Set<string>(['red_list', 'tax_credit_a', 'tax_incentive_card']);
export const isPositiveKind = (kind: string): kind is (typeof positiveRecordKinds)[number] =>
  POSITIVE.has(kind);

/** The same day `months` later; the 31st becomes the last day of a shorter month. */
export function addMonths(date: string, months: number): string {
  const t = new Date(parseDate(date));
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth() + months;
  const d = t.getUTCDate();
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, last))).toISOString().slice(0, 10);
}

/** Last day of publicity (exclusive end: the record is no longer published from this date on). */
export const publicityEnd = (severity: CreditSeverity, decidedOn: string): string =>
  addMonths(decidedOn, publicityMonths[severity].max);

export const earliestRepairOn = (severity: CreditSeverity, decidedOn: string): string =>
  addMonths(decidedOn, publicityMonths[severity].min);

export type RecordFacts = {
  kind: string;
  severity: CreditSeverity;
  decidedOn: string;
  status: CreditRecordStatus;
  published: boolean;
  validUntil: string | null;
};

/**
 * A dishonesty record counts against a subject while it is active (not repaired, not removed) and its
 * publicity period has not run out; a reward counts until its validity ends.
 */
export function recordInEffect(r: RecordFacts, today: string): boolean {
  if (r.status !== 'active') return false;
  if (r.decidedOn > today) return false;
  if (isPositiveKind(r.kind)) return r.validUntil === null || today <= r.validUntil;
  return today < publicityEnd(r.severity, r.decidedOn);
}

/** Shown to the public: negative, active, marked for publication and inside the publicity period. */
export const recordPublished = (r: RecordFacts, today: string): boolean =>
  !isPositiveKind(r.kind) && r.published && recordInEffect(r, today);

export type RepairFacts = RecordFacts & { penaltyFulfilled: boolean | null };

/** Why a repair request may not be made yet, or null when it may. */
export function repairRefusal(r: RepairFacts, today: string): string | null {
  if (isPositiveKind(r.kind)) return '守信激励类记录无需信用修复';
  if (r.status === 'repaired') return '该记录已修复';
  if (r.status === 'removed') return '该记录已撤销';
  if (!recordInEffect(r, today)) return '该记录公示期已届满，不再公示，无需修复';
  const earliest = earliestRepairOn(r.severity, r.decidedOn);
  if (today < earliest) {
    return `${severityWord(r.severity)}失信信息最短公示期未满，${earliest}起方可申请信用修复`;
  }
  if (r.kind === 'administrative_penalty' && r.penaltyFulfilled !== true) {
    return '行政处罚决定尚未履行完毕，履行后方可申请信用修复';
  }
  return null;
}

const severityWord = (s: CreditSeverity): string => ({ minor: '轻微', general: '一般', serious: '严重' })[s];

export function requireRepairAllowed(r: RepairFacts, today: string): void {
  const why = repairRefusal(r, today);
  if (why) throw new DomainError('PRECONDITION_FAILED', why, { kind: r.kind, severity: r.severity });
}

export type KindName = CreditRecordKind;
