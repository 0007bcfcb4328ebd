import { and, asc, count, eq, gte, lte, sql, sum } from 'drizzle-orm';
import type { CalendarData, DayKind } from '../../../domain/working-days';
import type { Executor } from '../../db/client';
import { listRows } from '../../db/rows';
import { calendarDay, calendarWarning, calendarYear } from '../../db/schema';

export type CalendarYearRow = typeof calendarYear.$inferSelect;

export async function listYears(db: Executor): Promise<CalendarYearRow[]> {
  return db.select().from(calendarYear).orderBy(asc(calendarYear.year));
}

export async function findYear(db: Executor, year: number): Promise<CalendarYearRow | undefined> {
  const [row] = await db.select().from(calendarYear).where(eq(calendarYear.year, year));
  return row;
}

/** A cheap fingerprint of the calendar tables: it changes whenever a year is loaded or replaced. */
export async function calendarVersion(db: Executor): Promise<string> {
  const [row] = await db.select({ n: count(), revisions: sum(calendarYear.revision) }).from(calendarYear);
  return `${row?.n ?? 0}:${row?.revisions ?? 0}`;
}

export async function loadCalendarData(db: Executor): Promise<CalendarData> {
  const years = await db.select({ year: calendarYear.year }).from(calendarYear);
  const days = await db.select({ day: calendarDay.day, kind: calendarDay.kind }).from(calendarDay);
  return {
    years: new Set(years.map((y) => y.year)),
    exceptions: new Map(days.map((d) => [d.day, d.kind as DayKind])),
  };
}

export async function daysOfYear(db: Executor, year: number) {
  return listRows(
    db,
    calendarDay,
    and(gte(calendarDay.day, `${year}-01-01`), lte(calendarDay.day, `${year}-12-31`)),
    asc(calendarDay.day),
  );
}

export async function replaceYear(
  db: Executor,
  year: Omit<CalendarYearRow, 'revision'>,
  days: { day: string; kind: DayKind; name: string }[],
): Promise<void> {
  await db
    .delete(calendarDay)
    .where(and(gte(calendarDay.day, `${year.year}-01-01`), lte(calendarDay.day, `${year.year}-12-31`)));
  if (days.length) await db.insert(calendarDay).values(days);
  await db
    .insert(calendarYear)
    .values(year)
    .onConflictDoUpdate({
      target: calendarYear.year,
      set: {
        source: year.source,
        notice: year.notice,
        loadedAt: year.loadedAt,
        loadedBy: year.loadedBy,
        revision: sql`${calendarYear.revision} + 1`,
      },
    });
}

export async function insertDays(
  db: Executor,
  days: { day: string; kind: DayKind; name: string }[],
): Promise<void> {
  for (let i = 0; i < days.length; i += 1000) {
    await db
      .insert(calendarDay)
      .values(days.slice(i, i + 1000))
      .onConflictDoNothing();
  }
}

export async function insertYears(db: Executor, years: Omit<CalendarYearRow, 'revision'>[]): Promise<void> {
  if (years.length) await db.insert(calendarYear).values(years).onConflictDoNothing();
}

/** True for the one caller that records the warning for `year` first. */
export async function claimCalendarWarning(db: Executor, year: number, now: Date): Promise<boolean> {
  const rows = await db
    .insert(calendarWarning)
    .values({ year, notifiedAt: now })
    .onConflictDoNothing()
    .returning({ year: calendarWarning.year });
  return rows.length > 0;
}
