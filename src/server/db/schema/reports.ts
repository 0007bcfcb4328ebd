import { date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { department } from './accounts';
import { application } from './applications';
import { verificationTask } from './verification';

/**
 * 社会监督: a report from the public that a published commitment or a license looks untrue. The reporter
 * is anonymous to everyone but the supervising department, which alone may unseal the contact; the
 * receipt number is the reporter's only handle on it.
 */
export const publicReport = pgTable(
  'public_report',
  {
    id: uuid('id').primaryKey(),
    receiptNumber: text('receipt_number').notNull().unique(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => application.id),
    /** The targeted verification task the report became. */
    taskId: uuid('task_id')
      .notNull()
      .references(() => verificationTask.id),
    supervisingDepartmentId: uuid('supervising_department_id')
      .notNull()
      .references(() => department.id),
    content: text('content').notNull(),
    /** SM4-sealed JSON of the reporter's name, phone and e-mail; null when the reporter left none. */
    contactSealed: text('contact_sealed'),
    evidenceFileIds: uuid('evidence_file_ids').array().notNull().default([]),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    closedReason: text('closed_reason'),
    closedBy: text('closed_by'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('public_report_department_idx').on(t.supervisingDepartmentId, t.createdAt),
    index('public_report_task_idx').on(t.taskId),
  ],
);
