import { pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ToleranceOutcome, ToleranceSituation } from '../../../contracts/tolerance';
import { accountRef } from './accounts';
import { timestamptz } from './columns';
import { verificationTaskRef } from './verification';

/**
 * The review of one 容错免责 case (义马 section 五): a revoked commitment decision, the official who made
 * it, and what the reviewing body found. The case file itself is produced from the audit trail and the
 * histories whenever it is read, never typed, so it cannot drift from what happened.
 */
export const toleranceReview = pgTable(
  'tolerance_review',
  {
    id: uuid('id').primaryKey(),
    taskId: verificationTaskRef('task_id').notNull(),
    officialUserId: accountRef('official_user_id'),
    /** Which 容错 situation applies; null where none does. */
    situation: text('situation').$type<ToleranceSituation>(),
    outcome: text('outcome').$type<ToleranceOutcome>().notNull(),
    reasons: text('reasons').notNull(),
    reviewerId: text('reviewer_id'),
    reviewerName: text('reviewer_name'),
    reviewedAt: timestamptz('reviewed_at').notNull(),
  },
  (t) => [uniqueIndex('tolerance_review_task_key').on(t.taskId)],
);
