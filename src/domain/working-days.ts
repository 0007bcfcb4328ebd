import { DomainError } from './errors';
import { statutoryHolidays } from './statutory-holidays';

/**
 * Working days on the official calendar. A year is exact only when its data has been loaded (the State
 * Council announces each year's holidays and 调休 working weekends). Outside those years the strict
 * functions refuse with CALENDAR_YEAR_MISSING rather than guessing Monday–Friday; the `reckon…`
 * functions, which every deadline uses, count such a year provisionally from what the law already
 * fixes (weekends and the statutory holidays, no 调休) and say so, to be recomputed once it is loaded.
 */
export type DayKind = 'holiday' | 'workday';
export type CalendarData = {
  /** Years whose official arrangement is loaded. */
  years: ReadonlySet<number>;
  /** Dates (YYYY-MM-DD) that differ from the Monday–Friday rule, or restate it inside a holiday. */
  exceptions: ReadonlyMap<string, DayKind>;
};

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseDate(date: string): number {
  if (!ISO_DATE.test(date)) throw new DomainError('VALIDATION', `日期“${date}”格式应为YYYY-MM-DD`);
  const t = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== date) {
    throw new DomainError('VALIDATION', `日期“${date}”不存在`);
  }
  return t;
}

const formatDate = (t: number): string => new Date(t).toISOString().slice(0, 10);

function requireYear(cal: CalendarData, year: number): void {
  if (!cal.years.has(year)) {
    throw new DomainError('CALENDAR_YEAR_MISSING', `${year}年的法定节假日安排尚未载入，无法计算工作日`, {
      year,
    });
  }
}

/** The statutory days off of a year, as a set of dates; computed once per year and kept. */
const statutoryCache = new Map<number, ReadonlySet<string>>();
function statutoryDays(year: number): ReadonlySet<string> {
  let days = statutoryCache.get(year);
  if (!days) {
    days = new Set(statutoryHolidays(year).map((h) => h.date));
    statutoryCache.set(year, days);
  }
  return days;
}

/** Whether a day is worked; `guessed` collects each year answered provisionally instead of refused. */
function isWorking(cal: CalendarData, t: number, guessed?: Set<number>): boolean {
  const d = new Date(t);
  const year = d.getUTCFullYear();
  const dow = d.getUTCDay();
  if (!cal.years.has(year)) {
    if (!guessed) requireYear(cal, year);
    guessed!.add(year);
    return dow !== 0 && dow !== 6 && !statutoryDays(year).has(formatDate(t));
  }
  const kind = cal.exceptions.get(formatDate(t));
  if (kind) return kind === 'workday';
  return dow !== 0 && dow !== 6;
}

export const isWorkingDay = (cal: CalendarData, date: string): boolean => isWorking(cal, parseDate(date));

/**
 * The date that is `n` working days after `date`; the start day itself is not counted, so a
 * 10-working-day deadline from a Monday commitment falls on the tenth working day that follows.
 * n = 0 gives the start day if it is a working day, else the next one.
 */
export function addWorkingDays(cal: CalendarData, date: string, n: number): string {
  return add(cal, date, n);
}

function add(cal: CalendarData, date: string, n: number, guessed?: Set<number>): string {
  if (!Number.isInteger(n) || n < 0 || n > 3650)
    throw new DomainError('VALIDATION', '工作日数应为0至3650之间的整数');
  let t = parseDate(date);
  if (n === 0) {
    while (!isWorking(cal, t, guessed)) t += DAY_MS;
    return formatDate(t);
  }
  let left = n;
  while (left > 0) {
    t += DAY_MS;
    if (isWorking(cal, t, guessed)) left--;
  }
  return formatDate(t);
}

/** Working days in the half-open interval (from, to]: the days that elapse when moving from `from` to `to`. */
export function countWorkingDays(cal: CalendarData, from: string, to: string): number {
  return count(cal, from, to);
}

function count(cal: CalendarData, from: string, to: string, guessed?: Set<number>): number {
  const a = parseDate(from);
  const b = parseDate(to);
  if (b < a) return -count(cal, to, from, guessed);
  if ((b - a) / DAY_MS > 366 * 20) throw new DomainError('VALIDATION', '日期区间不能超过20年');
  let n = 0;
  for (let t = a + DAY_MS; t <= b; t += DAY_MS) if (isWorking(cal, t, guessed)) n++;
  return n;
}

/** What the people concerned read beside a provisional date. */
export const PROVISIONAL_NOTE = '暂按法定节假日计算';

/** A date reckoned in working days; provisional when it crossed a year whose arrangement is not loaded. */
export type Reckoned = { date: string; provisional: boolean; unloadedYears: number[] };

/** `addWorkingDays` that never refuses: an unloaded year is counted provisionally (see above). */
export function reckonWorkingDays(cal: CalendarData, date: string, n: number): Reckoned {
  const guessed = new Set<number>();
  const result = add(cal, date, n, guessed);
  return { date: result, provisional: guessed.size > 0, unloadedYears: [...guessed].sort() };
}

/** `countWorkingDays` that never refuses; for figures such as the time a case took. */
export function reckonWorkingDaysBetween(
  cal: CalendarData,
  from: string,
  to: string,
): { days: number; provisional: boolean } {
  const guessed = new Set<number>();
  const days = count(cal, from, to, guessed);
  return { days, provisional: guessed.size > 0 };
}

/** Today's date in China Standard Time, which has no daylight saving. */
/** The instant a China date begins (UTC+8 all year). */
export const chinaDayStart = (date: string): Date => new Date(`${date}T00:00:00+08:00`);
/** The instant a China date is over: when a deadline falling on it has passed. */
export const chinaDayEnd = (date: string): Date => new Date(chinaDayStart(date).getTime() + DAY_MS);

/** 9:00 in Beijing on a China date: when a reminder falling on that day goes out. */
export const chinaMorning = (date: string): Date => new Date(`${date}T09:00:00+08:00`);

export const chinaDate = (now: Date): string =>
  new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
