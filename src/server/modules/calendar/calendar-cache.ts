import { PgTransaction } from 'drizzle-orm/pg-core';
import type { CalendarData } from '../../../domain/working-days';
import type { Ctx } from '../../context';
import type { Executor } from '../../db/client';
import { calendarVersion, loadCalendarData } from './repository';

/**
 * The calendar is a few hundred rows read on every deadline computation. It is kept in memory and
 * revalidated with one tiny query at most once a second, so a year loaded through another server
 * instance is seen within a second; one loaded through this instance at once (`invalidate`).
 */
export class CalendarCache {
  #version = '';
  #data: CalendarData | null = null;
  #checkedAt = 0;

  async get(db: Executor): Promise<CalendarData> {
    if (this.#data && Date.now() - this.#checkedAt < 1000) return this.#data;
    const version = await calendarVersion(db);
    if (!this.#data || version !== this.#version) {
      this.#data = await loadCalendarData(db);
      this.#version = version;
    }
    this.#checkedAt = Date.now();
    return this.#data;
  }

  invalidate(): void {
    this.#checkedAt = 0;
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
