import { PgTransaction } from 'drizzle-orm/pg-core';
import type { CalendarData } from '../../../domain/working-days';
import type { ReadCtx } from '../../context';
import { RevalidatedCache } from '../../db/revalidated-cache';
import { calendarVersion, loadCalendarData } from './repository';

/** The official calendar, a few hundred rows read on every deadline computation. */
export class CalendarCache extends RevalidatedCache<CalendarData> {
  constructor() {
    super(calendarVersion, loadCalendarData);
  }
}

/**
 * The calendar, read once per transaction however many deadlines the action computes. Only a real
 * transaction is a key: the pool behind a read-only context lives as long as the process.
 */
const calendars = new WeakMap<object, Promise<CalendarData>>();
export function calendarOf(ctx: ReadCtx): Promise<CalendarData> {
  // In an action `db` is its transaction.
  if (!(ctx.db instanceof PgTransaction)) return ctx.calendar.get(ctx.db);
  let c = calendars.get(ctx.db);
  if (!c) {
    c = ctx.calendar.get(ctx.db);
    calendars.set(ctx.db, c);
  }
  return c;
}
