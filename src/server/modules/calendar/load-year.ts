import type { Static } from 'typebox';
import type { LoadCalendarYear } from '../../../contracts/calendar';
import { DomainError } from '../../../domain/errors';
import { parseDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { daysOfYear, findYear, replaceYear } from './repository';

/**
 * Loads a newly announced year (or corrects one, with `replace`). Holidays are the days off; workdays
 * are the 调休 weekends worked. Validated in full before anything is written.
 */
export async function loadCalendarYear(ctx: Ctx, year: number, input: Static<typeof LoadCalendarYear>) {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const check = (day: string, kind: string) => {
    try {
      parseDate(day);
    } catch {
      problems.push(`${kind}日期“${day}”无效`);
      return;
    }
    if (!day.startsWith(`${year}-`)) problems.push(`${kind}日期${day}不属于${year}年`);
    if (seen.has(day)) problems.push(`日期${day}重复出现`);
    seen.set(day, kind);
  };
  for (const h of input.holidays) check(h.date, '放假');
  for (const w of input.workdays) {
    check(w.date, '调休上班');
    const dow = new Date(`${w.date}T00:00:00Z`).getUTCDay();
    if (!Number.isNaN(dow) && dow !== 0 && dow !== 6) problems.push(`调休上班日${w.date}不是周末`);
  }
  if (problems.length) {
    throw new DomainError('VALIDATION', `节假日安排有误：${problems[0]}`, { problems });
  }
  const existing = await findYear(ctx.tx, year);
  if (existing && !input.replace) {
    throw new DomainError('CONFLICT', `${year}年的节假日安排已载入；如需更正，请设置replace为true`);
  }
  const before = existing ? { ...existing, days: await daysOfYear(ctx.tx, year) } : null;
  const days = [
    ...input.holidays.map((h) => ({ day: h.date, kind: 'holiday' as const, name: h.name })),
    ...input.workdays.map((w) => ({ day: w.date, kind: 'workday' as const, name: w.name })),
  ];
  const row = {
    year,
    source: 'manual',
    notice: input.notice,
    loadedAt: ctx.now,
    loadedBy: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
  };
  await replaceYear(ctx.tx, row, days);
  await appendAudit(ctx, {
    action: existing ? 'calendar.year_replace' : 'calendar.year_load',
    targetType: 'calendar_year',
    targetId: String(year),
    before,
    after: { ...row, days },
  });
  return { year, holidays: input.holidays.length, workdays: input.workdays.length };
}
