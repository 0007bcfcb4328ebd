import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
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
import { department, userAccount } from './accounts';
import { uploadedFile } from './applications';
import { catalogVersion } from './catalog';

/**
 * One verification of one decided commitment, owned by the supervising department. `status` is a cache
 * of the append-only `verification_event`; `version` makes concurrent actions conflict instead of both
 * winning.
 */
export const verificationTask = pgTable(
  'verification_task',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: text('application_id').notNull(),
    licenseId: text('license_id'),
    itemVersionId: uuid('item_version_id')
      .notNull()
      .references(() => catalogVersion.id),
    mode: text('mode').$type<ApprovalMode>().notNull(),
    subjectKind: text('subject_kind').notNull(),
    subjectName: text('subject_name').notNull(),
    /** SM4-sealed; a resident ID is personal data. */
    subjectCodeSealed: text('subject_code_sealed').notNull(),
    subjectCodeHash: text('subject_code_hash').notNull(),
    subjectCodeMasked: text('subject_code_masked').notNull(),
    grade: text('grade'),
    policyVersionId: text('policy_version_id').notNull(),
    method: text('method').$type<VerificationMethod>().notNull(),
    reason: text('reason').$type<VerificationReason>().notNull(),
    status: text('status').$type<VerificationStatus>().notNull(),
    supervisingDepartmentId: uuid('supervising_department_id')
      .notNull()
      .references(() => department.id),
    approvingDepartmentId: uuid('approving_department_id')
      .notNull()
      .references(() => department.id),
    inspectorIds: uuid('inspector_ids').array().notNull().default([]),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    rectificationDueDate: date('rectification_due_date', { mode: 'string' }),
    revocationReason: text('revocation_reason'),
    referredToJudicial: boolean('referred_to_judicial').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
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
    // The statistics: tasks still open (few) and tasks closed in a period.
    index('verification_task_open_idx').on(t.dueDate).where(sql`${t.status} in ('pending', 'assigned')`),
    index('verification_task_closed_idx').on(t.closedAt),
  ],
);

export const verificationEvent = pgTable(
  'verification_event',
  {
    /** Insertion order: steps within one instant (a test clock, a fast clerk) keep their order. */
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => verificationTask.id),
    event: text('event').$type<VerificationEvent>().notNull(),
    fromStatus: text('from_status').$type<VerificationStatus>(),
    toStatus: text('to_status').$type<VerificationStatus>().notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    detail: jsonb('detail'),
    at: timestamp('at', { withTimezone: true }).notNull(),
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
  day: date('day', { mode: 'string' }).primaryKey(),
  seedHash: text('seed_hash').notNull(),
  seedSealed: text('seed_sealed').notNull(),
  seed: text('seed'),
  committedAt: timestamp('committed_at', { withTimezone: true }).notNull(),
  revealedAt: timestamp('revealed_at', { withTimezone: true }),
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
    licenseId: text('license_id'),
    itemVersionId: uuid('item_version_id')
      .notNull()
      .references(() => catalogVersion.id),
    mode: text('mode').$type<ApprovalMode>().notNull(),
    subjectKind: text('subject_kind').notNull(),
    subjectName: text('subject_name').notNull(),
    subjectCodeSealed: text('subject_code_sealed').notNull(),
    subjectCodeHash: text('subject_code_hash').notNull(),
    subjectCodeMasked: text('subject_code_masked').notNull(),
    grade: text('grade'),
    policyVersionId: text('policy_version_id').notNull(),
    supervisingDepartmentId: uuid('supervising_department_id')
      .notNull()
      .references(() => department.id),
    approvingDepartmentId: uuid('approving_department_id')
      .notNull()
      .references(() => department.id),
    samplingPercent: integer('sampling_percent').notNull(),
    deadlineDays: integer('deadline_days').notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true, precision: 3 }).notNull(),
    seedDay: date('seed_day', { mode: 'string' }).notNull(),
    algorithm: text('algorithm').notNull(),
    status: text('status').$type<SamplingDrawStatus>().notNull(),
    digest: text('digest'),
    value: bigint('value', { mode: 'number' }),
    drawnAt: timestamp('drawn_at', { withTimezone: true }),
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
    taskId: uuid('task_id')
      .notNull()
      .references(() => verificationTask.id),
    applicationId: text('application_id').notNull(),
    applicationNumber: text('application_number').notNull(),
    partyUserId: uuid('party_user_id').references(() => userAccount.id),
    partyName: text('party_name').notNull(),
    partyCodeMasked: text('party_code_masked').notNull(),
    itemName: text('item_name').notNull(),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => department.id),
    departmentName: text('department_name').notNull(),
    facts: text('facts').notNull(),
    reasons: text('reasons').notNull(),
    legalBasis: text('legal_basis').notNull(),
    proposedDecision: text('proposed_decision').notNull(),
    creditConsequences: jsonb('credit_consequences')
      .$type<{ kind: string; kindLabel: string; severity: string; severityLabel: string }[]>()
      .notNull(),
    periodDays: integer('period_days').notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    hearingRight: boolean('hearing_right').notNull(),
    rights: text('rights').notNull(),
    issuedBy: text('issued_by').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    statement: text('statement'),
    statementChannel: text('statement_channel').$type<'online' | 'written' | 'oral'>(),
    statementFileIds: uuid('statement_file_ids').array().notNull().default([]),
    statementRecordedBy: text('statement_recorded_by'),
    statedAt: timestamp('stated_at', { withTimezone: true }),
    waivedAt: timestamp('waived_at', { withTimezone: true }),
    hearingRequestedAt: timestamp('hearing_requested_at', { withTimezone: true }),
    hearing: jsonb('hearing').$type<{
      heldOn: string;
      host: string;
      participants: string;
      summary: string;
      recordedBy: string;
      recordedAt: string;
    }>(),
    hearingRecordedAt: timestamp('hearing_recorded_at', { withTimezone: true }),
    reply: text('reply'),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
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
    taskId: uuid('task_id')
      .notNull()
      .references(() => verificationTask.id),
    fileId: uuid('file_id')
      .notNull()
      .references(() => uploadedFile.id),
    description: text('description').notNull(),
    event: text('event').$type<VerificationEvent>().notNull(),
    addedBy: text('added_by'),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('verification_evidence_task_idx').on(t.taskId),
    index('verification_evidence_file_idx').on(t.fileId),
  ],
);
