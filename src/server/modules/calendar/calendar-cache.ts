import type { CalendarData } from '../../../domain/working-days';
import type { Executor } from '../../db/client';
import { calendarVersion, loadCalendarData } from './repository';

/**
 * The calendar is a few hundred rows read on every deadline computation. It is kept in memory and
 * revalidated with one tiny query, so a year loaded through another server instance is seen at once.
 */
export class CalendarCache {
  #version = '';
  #data: CalendarData | null = null;

  async get(db: Executor): Promise<CalendarData> {
    const version = await calendarVersion(db);
    if (!this.#data || version !== this.#version) {
      this.#data = await loadCalendarData(db);
      this.#version = version;
    }
    return this.#data;
  }
}
