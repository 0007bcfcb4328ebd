import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { departmentRef } from './accounts';
import { applicationRef } from './applications';
import { isoDate, timestamptz } from './columns';
import { verificationTaskRef } from './verification';

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
    applicationId: applicationRef('application_id').notNull(),
    /** The targeted verification task the report became. */
    taskId: verificationTaskRef('task_id').notNull(),
    supervisingDepartmentId: departmentRef('supervising_department_id').notNull(),
    content: text('content').notNull(),
    /** SM4-sealed JSON of the reporter's name, phone and e-mail; null when the reporter left none. */
    contactSealed: text('contact_sealed'),
    evidenceFileIds: uuid('evidence_file_ids').array().notNull().default([]),
    dueDate: isoDate('due_date').notNull(),
    closedReason: text('closed_reason'),
    closedBy: text('closed_by'),
    closedAt: timestamptz('closed_at'),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [
    index('public_report_department_idx').on(t.supervisingDepartmentId, t.createdAt),
    index('public_report_task_idx').on(t.taskId),
  ],
);
