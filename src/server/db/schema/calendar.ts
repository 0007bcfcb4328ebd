import { integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { isoDate, timestamptz } from './columns';

/** A year whose official holiday arrangement is loaded; only these years may be computed over. */
export const calendarYear = pgTable('calendar_year', {
  year: integer('year').primaryKey(),
  source: text('source').notNull(),
  /** The State Council notice the year was taken from, when an administrator loaded it. */
  notice: text('notice'),
  loadedAt: timestamptz('loaded_at').notNull(),
  loadedBy: uuid('loaded_by'),
  /** Bumped on every correction, so caches in every server instance notice it. */
  revision: integer('revision').notNull().default(1),
});

/** Days that differ from Monday–Friday: statutory holidays and 调休 working weekends. */
export const calendarDay = pgTable('calendar_day', {
  day: isoDate('day').primaryKey(),
  kind: text('kind', { enum: ['holiday', 'workday'] }).notNull(),
  name: text('name').notNull(),
});

/**
 * Next year's arrangement was found missing from 1 November: the system administrators were told once
 * per year (the first instance to insert the row sends the notices).
 */
export const calendarWarning = pgTable('calendar_warning', {
  year: integer('year').primaryKey(),
  notifiedAt: timestamptz('notified_at').notNull(),
});
