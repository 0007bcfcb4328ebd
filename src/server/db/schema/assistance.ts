import { date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { AssistanceFinding, AssistanceStatus } from '../../../contracts/assistance';
import { department } from './accounts';
import { verificationTask } from './verification';

/**
 * 部门间、地区间协助核查 (004): one department verifying a task asks another — here, or another region's
 * system through the push channel — to confirm something it cannot check through shared data.
 * Readable by the two departments only.
 */
export const assistanceRequest = pgTable(
  'assistance_request',
  {
    id: uuid('id').primaryKey(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => verificationTask.id),
    requestingDepartmentId: uuid('requesting_department_id')
      .notNull()
      .references(() => department.id),
    helperDepartmentId: uuid('helper_department_id')
      .notNull()
      .references(() => department.id),
    /** `push`: the helper is another region's system, reached through its push subscription. */
    channel: text('channel').$type<'internal' | 'push'>().notNull(),
    question: text('question').notNull(),
    workingDays: integer('working_days').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    status: text('status').$type<AssistanceStatus>().notNull(),
    requestedById: text('requested_by_id'),
    requestedBy: text('requested_by'),
    finding: text('finding').$type<AssistanceFinding>(),
    answer: text('answer'),
    evidenceFileIds: uuid('evidence_file_ids').array().notNull().default([]),
    answeredBy: text('answered_by'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    chasedAt: timestamp('chased_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('assistance_request_task_idx').on(t.taskId),
    index('assistance_request_helper_idx').on(t.helperDepartmentId, t.status),
    index('assistance_request_requester_idx').on(t.requestingDepartmentId, t.status),
  ],
);
