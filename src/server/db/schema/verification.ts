import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ApprovalMode, VerificationMethod } from '../../../contracts/catalog';
import type {
  SamplingDrawStatus,
  VerificationEvent,
  VerificationReason,
  VerificationStatus,
} from '../../../contracts/verification';
import { accountRef, departmentRef } from './accounts';
import { uploadedFile } from './applications';
import { catalogVersion } from './catalog';
import { actor, isoDate, timestamptz, transition, uuidPrimaryKey, uuidRef } from './columns';

/**
 * The decided commitment a verification is about, as the decision saw it. A sampling draw records it at
 * the decision and hands it to the task it creates, so neither reads the application again.
 */
const decidedCommitment = () => ({
  licenseId: text('license_id'),
  itemVersionId: uuidRef('item_version_id', () => catalogVersion.id).notNull(),
  mode: text('mode').$type<ApprovalMode>().notNull(),
  subjectKind: text('subject_kind').notNull(),
  subjectName: text('subject_name').notNull(),
  /** SM4-sealed, found by its lookup hash, shown masked: a resident ID is personal data. */
  subjectCodeSealed: text('subject_code_sealed').notNull(),
  subjectCodeHash: text('subject_code_hash').notNull(),
  subjectCodeMasked: text('subject_code_masked').notNull(),
  grade: text('grade'),
  policyVersionId: text('policy_version_id').notNull(),
});

/**
 * One verification of one decided commitment, owned by the supervising department. `status` is a cache
 * of the append-only `verification_event`; `version` makes concurrent actions conflict instead of both
 * winning.
 */
export const verificationTask = pgTable(
  'verification_task',
  {
    id: uuidPrimaryKey(),
    applicationId: text('application_id').notNull(),
    ...decidedCommitment(),
    method: text('method').$type<VerificationMethod>().notNull(),
    reason: text('reason').$type<VerificationReason>().notNull(),
    status: text('status').$type<VerificationStatus>().notNull(),
    supervisingDepartmentId: departmentRef('supervising_department_id').notNull(),
    approvingDepartmentId: departmentRef('approving_department_id').notNull(),
    inspectorIds: uuid('inspector_ids').array().notNull().default([]),
    dueDate: isoDate('due_date').notNull(),
    rectificationDueDate: isoDate('rectification_due_date'),
    revocationReason: text('revocation_reason'),
    referredToJudicial: boolean('referred_to_judicial').notNull().default(false),
    createdAt: timestamptz('created_at').notNull(),
    closedAt: timestamptz('closed_at'),
    version: integer('version').notNull().default(1),
    /** The sampling draw that created the task (抽查); null for tasks the plan always creates. */
    drawId: uuid('draw_id'),
  },
  (t) => [
    index('verification_task_dept_status_idx').on(t.supervisingDepartmentId, t.status, t.dueDate),
    index('verification_task_application_idx').on(t.applicationId),
    index('verification_task_subject_idx').on(t.subjectCodeHash),
    // A supervisor's whole list in due order, without sorting every task the department ever had.
    index('verification_task_dept_due_idx').on(t.supervisingDepartmentId, t.dueDate),
    // The statistics: tasks still open (few) and tasks closed in a period. The open ones are counted per
    // item, created before the period's end and overdue, from the index alone (no table reads).
    index('verification_task_open_idx')
      .on(t.dueDate, t.itemVersionId, t.createdAt)
      .where(sql`${t.status} in ('pending', 'assigned')`),
    index('verification_task_closed_idx').on(t.closedAt),
  ],
);

/** A column naming a verification task: its history, evidence, and the work that hangs off it. */
export const verificationTaskRef = <N extends string>(name: N) =>
  uuid(name).references(() => verificationTask.id);

export const verificationEvent = pgTable(
  'verification_event',
  {
    /** Insertion order: steps within one instant (a test clock, a fast clerk) keep their order. */
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    taskId: verificationTaskRef('task_id').notNull(),
    ...transition<VerificationEvent, VerificationStatus>(),
    ...actor(),
    detail: jsonb('detail'),
    at: timestamptz('at').notNull(),
  },
  (t) => [
    index('verification_event_task_idx').on(t.taskId, t.seq),
    index('verification_event_event_idx').on(t.event, t.at),
  ],
);

/**
 * The seed of one day's sampling draws (China date). Its SM3 is public from `committedAt`, before any
 * case of the day is decided; the seed itself is kept SM4-sealed until the day is over, then revealed.
 */
export const verificationSeed = pgTable('verification_seed', {
  day: isoDate('day').primaryKey(),
  seedHash: text('seed_hash').notNull(),
  seedSealed: text('seed_sealed').notNull(),
  seed: text('seed'),
  committedAt: timestamptz('committed_at').notNull(),
  revealedAt: timestamptz('revealed_at'),
});

/**
 * One sampling draw for one decided commitment (抽查): recorded at the decision with every input but the
 * seed, drawn once the day's seed is revealed. Holds what the task needs, since the task is created
 * only then.
 */
export const verificationDraw = pgTable(
  'verification_draw',
  {
    id: uuid('id').primaryKey(),
    applicationId: text('application_id').notNull(),
    applicationNumber: text('application_number').notNull(),
    ...decidedCommitment(),
    supervisingDepartmentId: departmentRef('supervising_department_id').notNull(),
    approvingDepartmentId: departmentRef('approving_department_id').notNull(),
    samplingPercent: integer('sampling_percent').notNull(),
    deadlineDays: integer('deadline_days').notNull(),
    decidedAt: timestamptz('decided_at', { precision: 3 }).notNull(),
    seedDay: isoDate('seed_day').notNull(),
    algorithm: text('algorithm').notNull(),
    status: text('status').$type<SamplingDrawStatus>().notNull(),
    digest: text('digest'),
    value: bigint('value', { mode: 'number' }),
    drawnAt: timestamptz('drawn_at'),
    taskId: uuid('task_id'),
  },
  (t) => [
    index('verification_draw_dept_idx').on(t.supervisingDepartmentId, t.status, t.decidedAt),
    index('verification_draw_day_idx').on(t.seedDay, t.status),
    uniqueIndex('verification_draw_application_key').on(t.applicationId),
  ],
);

/**
 * 陈述申辩告知书 and what followed it, one per task: the facts, reasons and basis stay as fields, so the
 * printed notice is rendered from them; the party's statement or waiver, a hearing, and the reply the
 * revocation gave.
 */
export const defenceNotice = pgTable(
  'defence_notice',
  {
    id: uuid('id').primaryKey(),
    taskId: verificationTaskRef('task_id').notNull(),
    applicationId: text('application_id').notNull(),
    applicationNumber: text('application_number').notNull(),
    partyUserId: accountRef('party_user_id'),
    partyName: text('party_name').notNull(),
    partyCodeMasked: text('party_code_masked').notNull(),
    itemName: text('item_name').notNull(),
    departmentId: departmentRef('department_id').notNull(),
    departmentName: text('department_name').notNull(),
    facts: text('facts').notNull(),
    reasons: text('reasons').notNull(),
    legalBasis: text('legal_basis').notNull(),
    proposedDecision: text('proposed_decision').notNull(),
    creditConsequences: jsonb('credit_consequences')
      .$type<{ kind: string; kindLabel: string; severity: string; severityLabel: string }[]>()
      .notNull(),
    periodDays: integer('period_days').notNull(),
    deadline: isoDate('deadline').notNull(),
    hearingRight: boolean('hearing_right').notNull(),
    rights: text('rights').notNull(),
    issuedBy: text('issued_by').notNull(),
    issuedAt: timestamptz('issued_at').notNull(),
    statement: text('statement'),
    statementChannel: text('statement_channel').$type<'online' | 'written' | 'oral'>(),
    statementFileIds: uuid('statement_file_ids').array().notNull().default([]),
    statementRecordedBy: text('statement_recorded_by'),
    statedAt: timestamptz('stated_at'),
    waivedAt: timestamptz('waived_at'),
    hearingRequestedAt: timestamptz('hearing_requested_at'),
    hearing: jsonb('hearing').$type<{
      heldOn: string;
      host: string;
      participants: string;
      summary: string;
      recordedBy: string;
      recordedAt: string;
    }>(),
    hearingRecordedAt: timestamptz('hearing_recorded_at'),
    reply: text('reply'),
    repliedAt: timestamptz('replied_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('defence_notice_task_key').on(t.taskId),
    index('defence_notice_party_idx').on(t.partyUserId, t.issuedAt),
  ],
);

/** Evidence files the assigned inspectors uploaded with a result; readable by whoever sees the task. */
export const verificationEvidence = pgTable(
  'verification_evidence',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    taskId: verificationTaskRef('task_id').notNull(),
    fileId: uuidRef('file_id', () => uploadedFile.id).notNull(),
    description: text('description').notNull(),
    event: text('event').$type<VerificationEvent>().notNull(),
    addedBy: text('added_by'),
    addedAt: timestamptz('added_at').notNull(),
  },
  (t) => [
    index('verification_evidence_task_idx').on(t.taskId),
    index('verification_evidence_file_idx').on(t.fileId),
  ],
);
