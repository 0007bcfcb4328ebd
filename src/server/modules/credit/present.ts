import {
  creditOutcomeLabels,
  creditRecordKindLabels,
  creditRecordStatusLabels,
  creditSeverityLabels,
} from '../../../contracts/credit';
import { earliestRepairOn, isPositiveKind, publicityEnd, recordPublished } from '../../../domain/credit';
import { chinaDate } from '../../../domain/working-days';
import type { Ctx } from '../../context';
import { presented } from '../../http/route';
import type { DataCrypto } from '../../security/crypto';
import type { CheckRow, ObjectionRow, PolicyRow, RecordRow, RepairRow, SubjectRow } from './repository';
import { presentSubject } from './subjects';

/** What a record says, with its labels: shown to the departments and pushed to the credit platform alike. */
export const recordFacts = (r: RecordRow) => ({
  kind: r.kind,
  kindLabel: creditRecordKindLabels[r.kind],
  severity: r.severity,
  severityLabel: creditSeverityLabels[r.severity],
  authority: r.authority,
  decidedOn: r.decidedOn,
  summary: r.summary,
});

/** A record's state as an objection's audit rows and push show it, before and after. */
export const recordStateFacts = (r: RecordRow) => ({
  severity: r.severity,
  summary: r.summary,
  penaltyFulfilled: r.penaltyFulfilled,
  decidedOn: r.decidedOn,
  status: r.status,
  underObjection: r.underObjection,
});

export function presentRecord(
  r: RecordRow,
  s: SubjectRow,
  crypto: DataCrypto,
  reveal: boolean,
  today: string,
) {
  const negative = !isPositiveKind(r.kind);
  return {
    id: r.id,
    subject: presentSubject(s, crypto, reveal),
    ...recordFacts(r),
    penaltyFulfilled: r.penaltyFulfilled,
    source: r.source,
    sourceRef: r.sourceRef,
    status: r.status,
    statusLabel: creditRecordStatusLabels[r.status],
    underObjection: r.underObjection,
    published: recordPublished(r, today),
    publicityEnd: negative ? publicityEnd(r.severity, r.decidedOn) : null,
    earliestRepairOn: negative ? earliestRepairOn(r.severity, r.decidedOn) : null,
    validUntil: r.validUntil,
    createdAt: r.createdAt.toISOString(),
  };
}

/** `showGrade` is false for the applicant: grades serve the departments, never the public. */
export function presentCheck(
  c: CheckRow,
  s: SubjectRow,
  p: PolicyRow,
  crypto: DataCrypto,
  opts: { reveal: boolean; showGrade: boolean },
) {
  return {
    id: c.id,
    subject: presentSubject(s, crypto, opts.reveal),
    applicationId: c.applicationId,
    itemVersionId: c.itemVersionId,
    majorProject: c.majorProject,
    checkedAt: c.checkedAt.toISOString(),
    checkedBy: { kind: c.actorKind, id: c.actorId, name: c.actorName },
    departmentId: c.departmentId,
    sources: opts.showGrade ? c.sources : c.sources.map((x) => ({ ...x, grade: null })),
    records: c.records,
    grade: opts.showGrade ? c.grade : null,
    policy: { id: p.id, code: p.code, version: p.version, name: p.name, basis: p.definition.basis },
    outcome: c.outcome,
    outcomeLabel: creditOutcomeLabels[c.outcome],
    allowedModes: c.allowedModes,
    reasons: opts.showGrade ? c.reasons : c.reasons.map((r) => ({ ...r, message: hideGrade(r.message) })),
    incentives: c.incentives as (
      | 'green_channel'
      | 'instant_approval'
      | 'assisted_service'
      | 'door_to_door'
    )[],
    restrictions: c.restrictions as 'key_review'[],
  };
}

// A reason that quotes the grade ("信用等级C") tells the applicant no more than that the grade decided.
const hideGrade = (m: string): string => m.replace(/：信用等级[A-Z]$/, '');

export const presentPolicy = (p: PolicyRow) => ({
  id: p.id,
  code: p.code,
  version: p.version,
  name: p.name,
  status: p.status,
  regions: p.regions,
  definition: p.definition,
  createdAt: p.createdAt.toISOString(),
  publishedAt: p.publishedAt ? p.publishedAt.toISOString() : null,
});

/**
 * Where a request on a record (a repair, an objection) stands against its due day: `today` is the China
 * date, and a request still pending after its due day is overdue.
 */
const decisionDue = (
  r: { status: string; dueOn: string; decidedAt: Date | null; note: string | null },
  today: string,
) => ({
  dueOn: r.dueOn,
  decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
  note: r.note,
  overdue: r.status === 'pending' && today > r.dueOn,
});

/**
 * An action on a repair request or objection as a route's action, answered as the request stands today:
 * whether it is overdue is judged against the action's own date.
 */
export const presentedToday = <A extends unknown[], Row, View>(
  action: (ctx: Ctx, ...args: A) => Promise<Row>,
  present: (row: Row, today: string) => View,
) => presented(action, (row, ctx) => present(row, chinaDate(ctx.now)));

export const presentRepair = (r: RepairRow, today: string) => ({
  id: r.id,
  recordId: r.recordId,
  status: r.status,
  evidence: r.evidence,
  commitment: r.commitment,
  requestedAt: r.requestedAt.toISOString(),
  ...decisionDue(r, today),
});

export const presentObjection = (o: ObjectionRow, today: string) => ({
  id: o.id,
  recordId: o.recordId,
  status: o.status,
  reason: o.reason,
  evidence: o.evidence,
  raisedAt: o.raisedAt.toISOString(),
  ...decisionDue(o, today),
});
