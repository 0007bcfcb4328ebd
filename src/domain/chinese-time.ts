import { chinaDate } from './working-days';

/** 10:00:00 on the clock in Beijing, whatever the server's time zone: the party reads local time. */
export const chinaClock = (d: Date): string =>
  new Date(d.getTime() + 8 * 3600_000).toISOString().slice(11, 19);

/** 2026年11月23日: GB/T 9704 writes dates in Arabic numerals, without leading zeros. */
export function chineseDate(d: Date | string): string {
  const [y, m, day] = (typeof d === 'string' ? d : chinaDate(d)).split('-');
  return `${y}年${Number(m)}月${Number(day)}日`;
}

/** 2026年11月23日 10:00:00, Beijing time. */
export const chineseDateTime = (d: Date): string => `${chineseDate(d)} ${chinaClock(d)}`;
