import { DomainError } from './errors';

/**
 * Working days on the official calendar. A year is usable only when its data has been loaded (the
 * State Council announces each year's holidays and 调休 working weekends); outside those years every
 * computation refuses with CALENDAR_YEAR_MISSING rather than guessing Monday–Friday.
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

function isWorking(cal: CalendarData, t: number): boolean {
  const d = new Date(t);
  requireYear(cal, d.getUTCFullYear());
  const kind = cal.exceptions.get(formatDate(t));
  if (kind) return kind === 'workday';
  const dow = d.getUTCDay();
  return dow !== 0 && dow !== 6;
}

export const isWorkingDay = (cal: CalendarData, date: string): boolean => isWorking(cal, parseDate(date));

/**
 * The date that is `n` working days after `date`; the start day itself is not counted, so a
 * 10-working-day deadline from a Monday commitment falls on the tenth working day that follows.
 * n = 0 gives the start day if it is a working day, else the next one.
 */
export function addWorkingDays(cal: CalendarData, date: string, n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 3650)
    throw new DomainError('VALIDATION', '工作日数应为0至3650之间的整数');
  let t = parseDate(date);
  if (n === 0) {
    while (!isWorking(cal, t)) t += DAY_MS;
    return formatDate(t);
  }
  let left = n;
  while (left > 0) {
    t += DAY_MS;
    if (isWorking(cal, t)) left--;
  }
  return formatDate(t);
}

/** Working days in the half-open interval (from, to]: the days that elapse when moving from `from` to `to`. */
export function countWorkingDays(cal: CalendarData, from: string, to: string): number {
  const a = parseDate(from);
  const b = parseDate(to);
  if (b < a) return -countWorkingDays(cal, to, from);
  if ((b - a) / DAY_MS > 366 * 20) throw new DomainError('VALIDATION', '日期区间不能超过20年');
  let count = 0;
  for (let t = a + DAY_MS; t <= b; t += DAY_MS) if (isWorking(cal, t)) count++;
  return count;
}

/** Today's date in China Standard Time, which has no daylight saving. */
/** The instant a China date begins (UTC+8 all year). */
export const chinaDayStart = (date: string): Date => new Date(`${date}T00:00:00+08:00`);
/** The instant a China date is over: when a deadline falling on it has passed. */
export const chinaDayEnd = (date: string): Date => new Date(chinaDayStart(date).getTime() + DAY_MS);

export const chinaDate = (now: Date): string =>
  new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
