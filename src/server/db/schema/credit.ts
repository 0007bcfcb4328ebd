import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ApprovalMode } from '../../../contracts/catalog';
import type {
  CreditRecordEvent,
  CreditRecordKind,
  CreditRecordSource,
  CreditRecordStatus,
  CreditSeverity,
  CreditSubjectKindName,
} from '../../../contracts/credit';
import type { PolicyDefinition } from '../../../contracts/credit-policy';
import type { EvalReason } from '../../../domain/credit-policy';
import { departmentRef } from './accounts';
import { actor, isoDate, residentId, timestamptz, transition, uuidPrimaryKey, uuidRef } from './columns';

/**
 * A credit subject: an enterprise or 个体工商户 by its 统一社会信用代码, a person by resident ID. The ID
 * is stored only encrypted, found by its keyed lookup hash, and shown masked.
 */
export const creditSubject = pgTable(
  'credit_subject',
  {
    id: uuidPrimaryKey(),
    kind: text('kind').$type<CreditSubjectKindName>().notNull(),
    uscc: text('uscc'),
    ...residentId(),
    name: text('name').notNull(),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('credit_subject_uscc_key').on(t.uscc).where(sql`${t.uscc} is not null`),
    uniqueIndex('credit_subject_resident_id_key')
      .on(t.residentIdHash)
      .where(sql`${t.residentIdHash} is not null`),
  ],
);

/** A column naming a credit subject: the records, grades, checks and requests about it. */
const creditSubjectRef = <N extends string>(name: N) => uuid(name).references(() => creditSubject.id);

/** One entry of the local credit file. `status` changes only by repair or an objection's outcome. */
export const creditRecord = pgTable(
  'credit_record',
  {
    id: uuidPrimaryKey(),
    subjectId: creditSubjectRef('subject_id').notNull(),
    kind: text('kind').$type<CreditRecordKind>().notNull(),
    severity: text('severity').$type<CreditSeverity>().notNull(),
    authority: text('authority').notNull(),
    decidedOn: isoDate('decided_on').notNull(),
    summary: text('summary').notNull(),
    penaltyFulfilled: boolean('penalty_fulfilled'),
    source: text('source').$type<CreditRecordSource>().notNull(),
    sourceRef: text('source_ref'),
    /** Whether it is disclosed at all (轻微 normally not); the period is derived from severity and date. */
    published: boolean('published').notNull(),
    validUntil: isoDate('valid_until'),
    status: text('status').$type<CreditRecordStatus>().notNull(),
    underObjection: boolean('under_objection').notNull().default(false),
    /** Stable key of the event that caused it (a breach on an application), so a retry adds nothing. */
    eventKey: text('event_key'),
    applicationId: text('application_id'),
    createdBy: text('created_by'),
    departmentId: departmentRef('department_id'),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [
    index('credit_record_subject_idx').on(t.subjectId),
    uniqueIndex('credit_record_event_key').on(t.eventKey).where(sql`${t.eventKey} is not null`),
    // Public disclosure, newest first: only what can be disclosed at all is indexed, with the severity
    // that decides the period, so the page and its count are read from the index alone.
    index('credit_record_disclosed_idx')
      .on(t.decidedOn.desc().nullsFirst(), t.id, t.severity)
      .where(
        sql`${t.status} = 'active' and ${t.published} and ${t.kind} not in ('red_list', 'tax_credit_a', 'tax_incentive_card')`,
      ),
  ],
);

/** A column naming a credit record: its history, and the repair requests and objections against it. */
const creditRecordRef = <N extends string>(name: N) => uuid(name).references(() => creditRecord.id);

/** The order of the steps: several may share one instant (one action, or a stopped test clock). */
const stepOrder = () => bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity();

/**
 * A subject's request the credit department decides within working days (修复, 异议): the day it is due,
 * and who decided when, with the decision's note.
 */
const decisionDue = () => ({
  dueOn: isoDate('due_on').notNull(),
  decidedAt: timestamptz('decided_at'),
  decidedBy: text('decided_by'),
  note: text('note'),
});

/**
 * The history of a credit record: one row per transition (credit-record-lifecycle.ts), written in the
 * same transaction as the change; `credit_record.status` and `under_objection` are its latest state.
 */
export const creditRecordEvent = pgTable(
  'credit_record_event',
  {
    id: uuidPrimaryKey(),
    seq: stepOrder(),
    recordId: creditRecordRef('record_id').notNull(),
    ...transition<CreditRecordEvent, CreditRecordStatus>(),
    underObjection: boolean('under_objection').notNull(),
    /** The repair request or objection that caused it, if any. */
    refType: text('ref_type'),
    refId: uuid('ref_id'),
    ...actor(),
    comment: text('comment'),
    at: timestamptz('at').notNull(),
  },
  (t) => [index('credit_record_event_record_idx').on(t.recordId, t.seq)],
);

/** A grade on a jurisdiction's scale; the newest per subject and scale is the one in force. */
export const creditGrade = pgTable(
  'credit_grade',
  {
    id: uuidPrimaryKey(),
    subjectId: creditSubjectRef('subject_id').notNull(),
    scale: text('scale').notNull(),
    value: text('value').notNull(),
    source: text('source').notNull(),
    gradedOn: isoDate('graded_on').notNull(),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [index('credit_grade_subject_idx').on(t.subjectId, t.scale, t.gradedOn)],
);

/** A named, versioned rule set per jurisdiction. Versions past draft never change. */
export const eligibilityPolicy = pgTable(
  'eligibility_policy',
  {
    id: uuidPrimaryKey(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    regions: text('regions').array().notNull(),
    definition: jsonb('definition').$type<PolicyDefinition>().notNull(),
    status: text('status').$type<'draft' | 'published' | 'superseded'>().notNull(),
    createdBy: text('created_by'),
    createdAt: timestamptz('created_at').notNull(),
    publishedAt: timestamptz('published_at'),
  },
  (t) => [
    uniqueIndex('eligibility_policy_version_key').on(t.code, t.version),
    uniqueIndex('eligibility_policy_published_key').on(t.code).where(sql`${t.status} = 'published'`),
    uniqueIndex('eligibility_policy_draft_key').on(t.code).where(sql`${t.status} = 'draft'`),
  ],
);

export type SourceAnswerRow = {
  source: string;
  name: string;
  ok: boolean;
  error: string | null;
  durationMs: number;
  recordsFound: number;
  grade: { scale: string; value: string } | null;
};
export type CheckedRecord = {
  id: string;
  source: string;
  kind: string;
  severity: string;
  authority: string;
  decidedOn: string;
  summary: string;
  status: string;
  penaltyFulfilled: boolean | null;
  underObjection: boolean;
  /** Whether it counted on the day of the check (active and inside its publicity or validity period). */
  inEffect: boolean;
};

/** The recorded credit check (应查必查): what was asked, of whom, what came back, and what followed. */
export const creditCheck = pgTable(
  'credit_check',
  {
    id: uuidPrimaryKey(),
    subjectId: creditSubjectRef('subject_id').notNull(),
    applicationId: text('application_id'),
    itemVersionId: uuid('item_version_id'),
    majorProject: boolean('major_project').notNull(),
    checkedAt: timestamptz('checked_at').notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name').notNull(),
    departmentId: uuid('department_id'),
    /** The department whose item was applied for: its approvers may read the check. */
    itemDepartmentId: uuid('item_department_id'),
    sources: jsonb('sources').$type<SourceAnswerRow[]>().notNull(),
    records: jsonb('records').$type<CheckedRecord[]>().notNull(),
    grade: jsonb('grade').$type<{ scale: string; value: string } | null>(),
    policyVersionId: uuidRef('policy_version_id', () => eligibilityPolicy.id).notNull(),
    outcome: text('outcome').$type<'eligible' | 'conditional' | 'not_eligible'>().notNull(),
    allowedModes: text('allowed_modes').array().$type<ApprovalMode[]>().notNull(),
    reasons: jsonb('reasons').$type<EvalReason[]>().notNull(),
    incentives: text('incentives').array().notNull(),
    restrictions: text('restrictions').array().notNull(),
  },
  (t) => [
    index('credit_check_subject_idx').on(t.subjectId, t.checkedAt),
    index('credit_check_application_idx').on(t.applicationId),
  ],
);

/** 信用修复 request: evidence plus a credit-repair commitment, decided within working days. */
export const creditRepairRequest = pgTable(
  'credit_repair_request',
  {
    id: uuidPrimaryKey(),
    seq: stepOrder(),
    recordId: creditRecordRef('record_id').notNull(),
    subjectId: creditSubjectRef('subject_id').notNull(),
    evidence: text('evidence').notNull(),
    commitment: text('commitment').notNull(),
    status: text('status').$type<'pending' | 'approved' | 'rejected'>().notNull(),
    requestedBy: text('requested_by'),
    requestedAt: timestamptz('requested_at').notNull(),
    ...decisionDue(),
  },
  (t) => [
    index('credit_repair_record_idx').on(t.recordId),
    uniqueIndex('credit_repair_pending_key').on(t.recordId).where(sql`${t.status} = 'pending'`),
  ],
);

/** 异议: the record is marked while handled; corrected, removed or upheld within working days. */
export const creditObjection = pgTable(
  'credit_objection',
  {
    id: uuidPrimaryKey(),
    seq: stepOrder(),
    recordId: creditRecordRef('record_id').notNull(),
    subjectId: creditSubjectRef('subject_id').notNull(),
    reason: text('reason').notNull(),
    evidence: text('evidence'),
    status: text('status').$type<'pending' | 'corrected' | 'removed' | 'upheld'>().notNull(),
    raisedBy: text('raised_by'),
    raisedAt: timestamptz('raised_at').notNull(),
    ...decisionDue(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [
    index('credit_objection_record_idx').on(t.recordId),
    uniqueIndex('credit_objection_pending_key').on(t.recordId).where(sql`${t.status} = 'pending'`),
  ],
);

export type ImportProblemRow = { row: number; column: string; field: string; message: string };
export type ImportResultRow = {
  rows: number;
  added: number;
  alreadyPresent: number;
  subjectsCreated: number;
};

/**
 * A credit import run in the background (upload over HTTP, or the command line): what it read so far,
 * and how it ended. The records themselves are written in one transaction of their own; this row is
 * written outside it, so a reader can follow the progress and a failed import still leaves its report.
 */
export const creditImportJob = pgTable(
  'credit_import_job',
  {
    id: uuid('id').primaryKey(),
    status: text('status').$type<'queued' | 'running' | 'succeeded' | 'failed'>().notNull(),
    phase: text('phase').$type<'queued' | 'reading' | 'checking' | 'merging' | 'done'>().notNull(),
    fileName: text('file_name').notNull(),
    format: text('format').$type<'csv' | 'xlsx'>().notNull(),
    encoding: text('encoding'),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    bytesRead: bigint('bytes_read', { mode: 'number' }).notNull().default(0),
    rowsRead: integer('rows_read').notNull().default(0),
    source: text('source').notNull(),
    skipInvalid: boolean('skip_invalid').notNull(),
    result: jsonb('result').$type<ImportResultRow>(),
    problems: jsonb('problems').$type<ImportProblemRow[]>(),
    problemCount: integer('problem_count').notNull().default(0),
    error: text('error'),
    createdBy: text('created_by').notNull(),
    createdByUserId: uuid('created_by_user_id'),
    departmentId: departmentRef('department_id'),
    createdAt: timestamptz('created_at').notNull(),
    startedAt: timestamptz('started_at'),
    finishedAt: timestamptz('finished_at'),
    /** Last progress written: a running job whose heartbeat stopped belongs to a process that died. */
    heartbeatAt: timestamptz('heartbeat_at').notNull(),
  },
  (t) => [index('credit_import_job_user_idx').on(t.createdByUserId, t.createdAt)],
);
