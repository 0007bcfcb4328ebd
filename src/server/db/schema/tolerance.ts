import { pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ToleranceOutcome, ToleranceSituation } from '../../../contracts/tolerance';
import { userAccount } from './accounts';
import { verificationTask } from './verification';

/**
 * The review of one 容错免责 case (义马 section 五): a revoked commitment decision, the official who made
 * it, and what the reviewing body found. The case file itself is produced from the audit trail and the
 * histories whenever it is read, never typed, so it cannot drift from what happened.
 */
export const toleranceReview = pgTable(
  'tolerance_review',
  {
    id: uuid('id').primaryKey(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => verificationTask.id),
    officialUserId: uuid('official_user_id').references(() => userAccount.id),
    /** Which 容错 situation applies; null where none does. */
    situation: text('situation').$type<ToleranceSituation>(),
    outcome: text('outcome').$type<ToleranceOutcome>().notNull(),
    reasons: text('reasons').notNull(),
    reviewerId: text('reviewer_id'),
    reviewerName: text('reviewer_name'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('tolerance_review_task_key').on(t.taskId)],
);
