import { statutoryHolidays } from '../../src/domain/statutory-holidays';

type NamedDay = { date: string; name: string };
type Arrangement = { notice: string; holidays: NamedDay[]; workdays: NamedDay[]; replace?: boolean };

/**
 * A test's abridged arrangement of a year, completed with the statutory holidays it leaves out: a year
 * is only loaded when every statutory holiday is given off. The days a test relies on stay as it wrote them.
 */
export function withStatutoryHolidays<T extends Arrangement>(year: number, arrangement: T): T {
  const listed = new Set(arrangement.holidays.map((h) => h.date));
  const added: NamedDay[] = [];
  for (const h of statutoryHolidays(year)) {
    if (listed.has(h.date)) continue;
    listed.add(h.date);
    added.push(h);
  }
  return { ...arrangement, holidays: [...arrangement.holidays, ...added] };
}
