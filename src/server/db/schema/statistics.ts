import { bigint, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { isoDate, timestamptz } from './columns';

/**
 * The statistics roll-up: for each China day, item and additive figure (applications, commitments signed,
 * approvals, working days, verifications done, breaches, …), the count or sum of that day's events.
 * Refreshed by a loop in the worker process (statistics/refresh-rollup.ts), never on the decision path:
 * an upsert per decision would make every decision for the same item and day queue on one row.
 * The report reads the days up to `statistics_rollup.through` here and counts later days directly.
 */
export const statisticsDaily = pgTable(
  'statistics_daily',
  {
    day: isoDate('day').notNull(),
    itemId: uuid('item_id').notNull(),
    metric: text('metric').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.itemId, t.metric] })],
);

/** How far the roll-up reaches (one row): every day up to `through`, as counted at `refreshedAt`. */
export const statisticsRollup = pgTable('statistics_rollup', {
  id: integer('id').primaryKey(),
  through: isoDate('through').notNull(),
  refreshedAt: timestamptz('refreshed_at').notNull(),
});
