import { bigint, boolean, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
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

/**
 * `statistics_daily` summed by month (the first day of the month), for reports over months or a year: a
 * year is a dozen rows per item and figure instead of a few hundred. The month of `statistics_rollup.through`
 * holds the days up to it only. Refreshed with the daily rows, in the same transaction.
 */
export const statisticsMonthly = pgTable(
  'statistics_monthly',
  {
    month: isoDate('month').notNull(),
    itemId: uuid('item_id').notNull(),
    metric: text('metric').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.itemId, t.metric] })],
);

/** How far the roll-up reaches (one row): every day up to `through`, as counted at `refreshedAt`. */
export const statisticsRollup = pgTable('statistics_rollup', {
  id: integer('id').primaryKey(),
  through: isoDate('through').notNull(),
  refreshedAt: timestamptz('refreshed_at').notNull(),
});

/**
 * The license holders of the roll-up's days, for 无差别监管 (holders are counted once per period, so
 * their number is not a sum of days). Each license is counted as a row (day, department, route) with the
 * day of the same holder's previous license by the same route, county-wide and within the department.
 * A holder has a license in a period exactly once as "first in the period": the license whose previous one
 * is before the period or absent. So a period's holders are the sum of `n` over its days where the previous
 * day is null or before the period's start: additive rows, no distinct count over a year's licenses.
 * Licenses with the same previous days are one row, so the table is about days × departments × routes when
 * holders seldom repeat. Refreshed with `statistics_daily`, in the same transaction.
 */
export const statisticsHolders = pgTable(
  'statistics_holders',
  {
    day: isoDate('day').notNull(),
    departmentId: uuid('department_id').notNull(),
    /** Whether the case took a commitment route; null for a case without a mode (neither route). */
    commitment: boolean('commitment'),
    /** The day of the same holder's previous license by the same route, in the county; null: none. */
    prevCounty: isoDate('prev_county'),
    /** The same within the department. */
    prevDepartment: isoDate('prev_department'),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [index('statistics_holders_day_idx').on(t.day, t.departmentId)],
);
