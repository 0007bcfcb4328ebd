import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import type { AssistanceFinding, AssistanceStatus } from '../../../contracts/assistance';
import { departmentRef } from './accounts';
import { isoDate, timestamptz } from './columns';
import { verificationTaskRef } from './verification';

/**
 * 部门间、地区间协助核查 (004): one department verifying a task asks another — here, or another region's
 * system through the push channel — to confirm something it cannot check through shared data.
 * Readable by the two departments only.
 */
export const assistanceRequest = pgTable(
  'assistance_request',
  {
    id: uuid('id').primaryKey(),
    taskId: verificationTaskRef('task_id').notNull(),
    requestingDepartmentId: departmentRef('requesting_department_id').notNull(),
    helperDepartmentId: departmentRef('helper_department_id').notNull(),
    /** `push`: the helper is another region's system, reached through its push subscription. */
    channel: text('channel').$type<'internal' | 'push'>().notNull(),
    question: text('question').notNull(),
    workingDays: integer('working_days').notNull(),
    dueDate: isoDate('due_date').notNull(),
    status: text('status').$type<AssistanceStatus>().notNull(),
    requestedById: text('requested_by_id'),
    requestedBy: text('requested_by'),
    finding: text('finding').$type<AssistanceFinding>(),
    answer: text('answer'),
    evidenceFileIds: uuid('evidence_file_ids').array().notNull().default([]),
    answeredBy: text('answered_by'),
    answeredAt: timestamptz('answered_at'),
    chasedAt: timestamptz('chased_at'),
    createdAt: timestamptz('created_at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('assistance_request_task_idx').on(t.taskId),
    index('assistance_request_helper_idx').on(t.helperDepartmentId, t.status),
    index('assistance_request_requester_idx').on(t.requestingDepartmentId, t.status),
  ],
);
