import cd from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors';
import { missingStatutoryHolidays, statutoryHolidays } from '../../src/domain/statutory-holidays';
import {
  addWorkingDays,
  type CalendarData,
  reckonWorkingDays,
  reckonWorkingDaysBetween,
} from '../../src/domain/working-days';

const data = cd as unknown as { holidays: Record<string, string>; workdays: Record<string, string> };
const official: CalendarData = {
  years: new Set([2025, 2026]),
  exceptions: new Map([
    ...Object.keys(data.holidays).map((d) => [d, 'holiday'] as const),
    ...Object.keys(data.workdays).map((d) => [d, 'workday'] as const),
  ]),
};

describe('statutory holidays (全国年节及纪念日放假办法)', () => {
  it('fall on the days every State Council notice from 2008 to 2026 gave off', () => {
    // The notices arrange the holiday around the statutory days and never move one: each computed day
    // (lunar dates, 清明 as a solar term) must be a day off in the official data of its year.
    const holidays = new Set(Object.keys(data.holidays));
    const workdays = new Set(Object.keys(data.workdays));
    for (let year = 2008; year <= 2026; year++) {
      expect(statutoryHolidays(year).length).toBeGreaterThanOrEqual(11);
      expect(missingStatutoryHolidays(year, holidays, workdays), String(year)).toEqual([]);
    }
    // …and the check would see a day that was not given off.
    holidays.delete('2026-09-25');
    expect(missingStatutoryHolidays(2026, holidays, workdays)).toEqual([
      { date: '2026-09-25', name: '中秋节' },
    ]);
  });

  it('follows the 2024 amendment from 2025: 除夕 and a second day of 劳动节', () => {
    expect(statutoryHolidays(2025)).toHaveLength(13);
    expect(statutoryHolidays(2024)).toHaveLength(11);
    expect(statutoryHolidays(2027)).toEqual([
      { date: '2027-01-01', name: '元旦' },
      { date: '2027-02-05', name: '春节（除夕）' },
      { date: '2027-02-06', name: '春节（正月初一）' },
      { date: '2027-02-07', name: '春节（正月初二）' },
      { date: '2027-02-08', name: '春节（正月初三）' },
      { date: '2027-04-05', name: '清明节' },
      { date: '2027-05-01', name: '劳动节' },
      { date: '2027-05-02', name: '劳动节' },
      { date: '2027-06-09', name: '端午节' },
      { date: '2027-09-15', name: '中秋节' },
      { date: '2027-10-01', name: '国庆节' },
      { date: '2027-10-02', name: '国庆节' },
      { date: '2027-10-03', name: '国庆节' },
    ]);
    // 2033: the year whose leap month tables often get wrong; 正月初一 is 31 January.
    expect(statutoryHolidays(2033).find((h) => h.name === '春节（正月初一）')?.date).toBe('2033-01-31');
  });
});

describe('provisional reckoning in a year whose arrangement is not loaded', () => {
  it('a 20-working-day limit from 2026-12-04 ends on 4 January 2027, provisionally', () => {
    // 19 working days remain in December; 1 January 2027 (Friday) is 元旦, then a weekend.
    expect(reckonWorkingDays(official, '2026-12-04', 20)).toEqual({
      date: '2027-01-04',
      provisional: true,
      unloadedYears: [2027],
    });
    expect(() => addWorkingDays(official, '2026-12-04', 20)).toThrow(DomainError);
  });

  it('inside loaded years it is exact and says so', () => {
    expect(reckonWorkingDays(official, '2026-09-28', 10)).toEqual({
      date: '2026-10-16',
      provisional: false,
      unloadedYears: [],
    });
  });

  it('skips the statutory days and weekends only, with no 调休', () => {
    // 4 February 2027 (Thursday) + 1: 除夕 Friday, the weekend, 初三 Monday → Tuesday 9 February.
    expect(reckonWorkingDays(official, '2027-02-04', 1).date).toBe('2027-02-09');
    // 30 September 2027 (Thursday) + 1: 国庆 1–3 October, then Monday 4 October is counted as worked.
    expect(reckonWorkingDays(official, '2027-09-30', 1).date).toBe('2027-10-04');
    expect(reckonWorkingDaysBetween(official, '2026-12-31', '2027-01-04')).toEqual({
      days: 1,
      provisional: true,
    });
  });
});
