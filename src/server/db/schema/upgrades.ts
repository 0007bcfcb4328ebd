import { jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';

/**
 * Data upgrades that need the application (a key the database does not hold) and so cannot be SQL
 * migrations: each runs at start-up until its row is here, then never again.
 */
export const dataUpgrade = pgTable('data_upgrade', {
  name: text('name').primaryKey(),
  doneAt: timestamptz('done_at').notNull(),
  /** What it changed, for the operator (rows per table). */
  counts: jsonb('counts').$type<Record<string, number>>().notNull(),
});
