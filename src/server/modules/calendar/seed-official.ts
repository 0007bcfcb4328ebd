import cd from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { DayKind } from '../../../domain/working-days';
import type { Executor } from '../../db/client';
import { insertDays, insertYears } from './repository';

type Source = Record<string, string>;
const data = cd as unknown as { holidays: Source; workdays: Source };

/** "Spring Festival,春节,4" → "春节" */
const chineseName = (v: string): string => v.split(',')[1] ?? v;

/**
 * Seeds the years the chinese-days package knows (2004 to its last year). Later years must be loaded
 * by an administrator from the State Council notice; the package would silently treat them as Mon–Fri.
 */
export async function seedOfficialCalendar(
  db: Executor,
  now: Date,
  skip: ReadonlySet<number>,
): Promise<number[]> {
  const days: { day: string; kind: DayKind; name: string }[] = [];
  const years = new Set<number>();
  for (const [day, v] of Object.entries(data.holidays)) {
    if (skip.has(Number(day.slice(0, 4)))) continue;
    days.push({ day, kind: 'holiday', name: chineseName(v) });
    years.add(Number(day.slice(0, 4)));
  }
  for (const [day, v] of Object.entries(data.workdays)) {
    if (skip.has(Number(day.slice(0, 4)))) continue;
    days.push({ day, kind: 'workday', name: `${chineseName(v)}调休上班` });
    years.add(Number(day.slice(0, 4)));
  }
  const sorted = [...years].sort((a, b) => a - b);
  await insertDays(db, days);
  await insertYears(
    db,
    sorted.map((year) => ({
      year,
      source: 'chinese-days',
      notice: '国务院办公厅关于部分节假日安排的通知',
      loadedAt: now,
      loadedBy: null,
    })),
  );
  return sorted;
}
