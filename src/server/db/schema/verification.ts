import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ApprovalMode, VerificationMethod } from '../../../contracts/catalog';
import type {
  VerificationEvent,
  VerificationReason,
  VerificationStatus,
} from '../../../contracts/verification';
import { department } from './accounts';
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
  },
  (t) => [
    index('verification_task_dept_status_idx').on(t.supervisingDepartmentId, t.status, t.dueDate),
    index('verification_task_application_idx').on(t.applicationId),
    index('verification_task_subject_idx').on(t.subjectCodeHash),
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
  (t) => [index('verification_event_task_idx').on(t.taskId, t.seq)],
);
