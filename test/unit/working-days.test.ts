import cd from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors';
import {
  addWorkingDays,
  type CalendarData,
  countWorkingDays,
  isWorkingDay,
} from '../../src/domain/working-days';

const data = cd as unknown as { holidays: Record<string, string>; workdays: Record<string, string> };
const cal: CalendarData = {
  years: new Set([2025, 2026]),
  exceptions: new Map([
    ...Object.keys(data.holidays).map((d) => [d, 'holiday'] as const),
    ...Object.keys(data.workdays).map((d) => [d, 'workday'] as const),
  ]),
};

describe('working days on the official calendar', () => {
  it('knows holidays, weekends and 调休 working weekends', () => {
    expect(isWorkingDay(cal, '2026-10-01')).toBe(false); // National Day
    expect(isWorkingDay(cal, '2026-10-10')).toBe(true); // Saturday worked in lieu
    expect(isWorkingDay(cal, '2026-11-21')).toBe(false); // ordinary Saturday
    expect(isWorkingDay(cal, '2026-11-23')).toBe(true);
    expect(isWorkingDay(cal, '2026-02-14')).toBe(true); // Saturday before Spring Festival, worked
    expect(isWorkingDay(cal, '2026-02-18')).toBe(false);
  });

  it('adds working days across National Day 2026 as the State Council notice arranges it', () => {
    expect(addWorkingDays(cal, '2026-09-28', 10)).toBe('2026-10-16');
    expect(addWorkingDays(cal, '2026-09-30', 1)).toBe('2026-10-08'); // holiday is 1–7 October
  });

  it('adds working days across the Spring Festival 2026', () => {
    // 2026-02-13 Fri → 14 Sat (worked) → 15–23 holiday → 24 Tue; 28 Sat is worked too
    expect(addWorkingDays(cal, '2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkingDays(cal, '2026-02-13', 2)).toBe('2026-02-24');
    expect(addWorkingDays(cal, '2026-02-13', 6)).toBe('2026-02-28');
    expect(addWorkingDays(cal, '2026-02-13', 20)).toBe('2026-03-19');
  });

  it('zero days gives the same day if it is a working day, else the next', () => {
    expect(addWorkingDays(cal, '2026-11-23', 0)).toBe('2026-11-23');
    expect(addWorkingDays(cal, '2026-10-01', 0)).toBe('2026-10-08');
  });

  it('counts working days between dates and is the inverse of adding', () => {
    expect(countWorkingDays(cal, '2026-09-28', '2026-10-16')).toBe(10);
    expect(countWorkingDays(cal, '2026-10-16', '2026-09-28')).toBe(-10);
    for (const n of [1, 5, 20, 60, 200]) {
      expect(countWorkingDays(cal, '2025-01-02', addWorkingDays(cal, '2025-01-02', n))).toBe(n);
    }
    // 2025: 261 weekdays − 18 weekday holidays + 5 worked weekends = 248
    expect(countWorkingDays(cal, '2025-01-01', '2025-12-31')).toBe(248);
  });

  it('refuses to guess a year that is not loaded, naming the year', () => {
    let err: unknown;
    try {
      addWorkingDays(cal, '2026-12-20', 20);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('CALENDAR_YEAR_MISSING');
    expect((err as DomainError).details).toEqual({ year: 2027 });
    expect(() => isWorkingDay(cal, '2024-05-01')).toThrow(/2024年/);
  });

  it('rejects malformed and impossible dates', () => {
    expect(() => isWorkingDay(cal, '2026-02-30')).toThrow(/不存在/);
    expect(() => isWorkingDay(cal, '20260101')).toThrow(/格式/);
    expect(() => addWorkingDays(cal, '2026-01-05', -1)).toThrow(/整数/);
  });
});
