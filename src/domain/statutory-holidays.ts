import lunar from 'lunar-javascript';

/**
 * The days off fixed by law, year by year: 《全国年节及纪念日放假办法》. The State Council's yearly notice
 * arranges the holiday around them (bridging days, 调休 weekends), but can neither drop one nor move it,
 * so these days are known decades ahead while the notice comes out each November or December.
 */
export type StatutoryHoliday = { date: string; name: string };

const ymd = (y: number, m: number, d: number): string =>
  `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** 正月初一 and the days around it, as solar dates; `from` is relative to 初一 (-1 is 除夕). */
function springFestival(year: number, from: number, to: number): StatutoryHoliday[] {
  const first = lunar.Lunar.fromYmd(year, 1, 1);
  const names: Record<number, string> = { [-1]: '除夕', 0: '正月初一', 1: '正月初二', 2: '正月初三' };
  const out: StatutoryHoliday[] = [];
  for (let i = from; i <= to; i++) {
    out.push({ date: first.next(i).getSolar().toYmd(), name: `春节（${names[i]}）` });
  }
  return out;
}

/** 清明 is a solar term, not a fixed date: 4 or 5 April. */
const qingming = (year: number): string =>
  lunar.Solar.fromYmd(year, 5, 1).getLunar().getJieQiTable().清明!.toYmd();

const lunarDay = (year: number, month: number, day: number): string =>
  lunar.Lunar.fromYmd(year, month, day).getSolar().toYmd();

/**
 * The statutory holidays of a year, in date order, under the version of the 办法 in force that year:
 * the 2024 amendment (from 2025: 春节 four days from 除夕, 劳动节 two days), the 2013 amendment (from 2014:
 * 春节 初一 to 初三) and the 2007 amendment (from 2008: 清明, 端午 and 中秋 added, 劳动节 one day).
 * Earlier years give none: the calendar of those years is loaded and never reckoned provisionally.
 */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  if (!Number.isInteger(year) || year < 2008 || year > 2099) return [];
  const days: StatutoryHoliday[] = [{ date: ymd(year, 1, 1), name: '元旦' }];
  if (year >= 2025) days.push(...springFestival(year, -1, 2));
  else if (year >= 2014) days.push(...springFestival(year, 0, 2));
  else days.push(...springFestival(year, -1, 1));
  days.push({ date: qingming(year), name: '清明节' });
  days.push({ date: ymd(year, 5, 1), name: '劳动节' });
  if (year >= 2025) days.push({ date: ymd(year, 5, 2), name: '劳动节' });
  days.push({ date: lunarDay(year, 5, 5), name: '端午节' });
  days.push({ date: lunarDay(year, 8, 15), name: '中秋节' });
  for (const d of [1, 2, 3]) days.push({ date: ymd(year, 10, d), name: '国庆节' });
  // 正月初一 falls between 21 January and 20 February, so 除夕 never leaves the year. 中秋 may fall on or
  // after 1 October (2020: the same day as 国庆), hence the sort; a shared date stays listed under both names.
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * The statutory holidays an arrangement for `year` fails to give off. A day is off when the arrangement
 * lists it as a holiday, or when it is a weekend the arrangement does not make a working day (some
 * notices list only the weekdays of a holiday).
 */
export function missingStatutoryHolidays(
  year: number,
  holidays: ReadonlySet<string>,
  workdays: ReadonlySet<string>,
): StatutoryHoliday[] {
  return statutoryHolidays(year).filter((h) => {
    if (holidays.has(h.date)) return false;
    const dow = new Date(`${h.date}T00:00:00Z`).getUTCDay();
    return !((dow === 0 || dow === 6) && !workdays.has(h.date));
  });
}
