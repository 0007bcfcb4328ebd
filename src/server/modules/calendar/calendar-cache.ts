import { PgTransaction } from 'drizzle-orm/pg-core';
import type { CalendarData } from '../../../domain/working-days';
import type { Ctx } from '../../context';
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
export function calendarOf(ctx: Ctx): Promise<CalendarData> {
  if (!(ctx.tx instanceof PgTransaction)) return ctx.calendar.get(ctx.tx);
  let c = calendars.get(ctx.tx);
  if (!c) {
    c = ctx.calendar.get(ctx.tx);
    calendars.set(ctx.tx, c);
  }
  return c;
}
