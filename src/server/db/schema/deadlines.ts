import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { isoDate, timestamptz } from './columns';

/** A job that fires relative to a deadline: `before` working days ahead of it, in the morning or as it ends. */
export type DeadlineJobRef = {
  jobId: string;
  name: string;
  before: number;
  at: 'morning' | 'day_end';
  /** Its payload without the provisional flag, to set the flag again when it is moved. */
  data: object;
};

/**
 * Every deadline reckoned in working days that reached a year whose arrangement was not loaded: it was
 * computed provisionally (weekends and statutory holidays only), and is recomputed, its jobs moved and
 * its people told, when an administrator loads that year. Exact deadlines need no row.
 */
export const deadline = pgTable(
  'deadline',
  {
    id: uuid('id').primaryKey(),
    /** What the date belongs to, e.g. `application` + `legal_deadline`, `missing_material` + its name. */
    ownerType: text('owner_type').notNull(),
    ownerId: text('owner_id').notNull(),
    kind: text('kind').notNull(),
    /** A material's name for 容缺 due dates; empty otherwise. */
    label: text('label').notNull().default(''),
    startDate: isoDate('start_date').notNull(),
    workingDays: integer('working_days').notNull(),
    dueDate: isoDate('due_date').notNull(),
    provisional: boolean('provisional').notNull(),
    /** The years counted provisionally when it was last reckoned. */
    unloadedYears: integer('unloaded_years').array().notNull(),
    jobs: jsonb('jobs').$type<DeadlineJobRef[]>().notNull(),
    createdAt: timestamptz('created_at').notNull(),
    recomputedAt: timestamptz('recomputed_at'),
  },
  (t) => [
    uniqueIndex('deadline_owner_key').on(t.ownerType, t.ownerId, t.kind, t.label),
    index('deadline_provisional_idx').on(t.provisional),
  ],
);
