import type { Static } from 'typebox';
import type { LoadCalendarYear } from '../../../contracts/calendar';
import { DomainError } from '../../../domain/errors';
import { missingStatutoryHolidays } from '../../../domain/statutory-holidays';
import { parseDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { recomputeProvisionalDeadlines } from '../deadlines/recompute';
import { daysOfYear, findYear, loadCalendarData, replaceYear } from './repository';

/**
 * Loads a newly announced year (or corrects one, with `replace`). Holidays are the days off; workdays
 * are the 调休 weekends worked. Validated in full before anything is written: an arrangement that does
 * not give every statutory holiday off is a mistyped notice and is refused. Once written, every deadline
 * reckoned provisionally is recomputed on it in the same transaction.
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
  const missing = missingStatutoryHolidays(
    year,
    new Set(input.holidays.map((h) => h.date)),
    new Set(input.workdays.map((w) => w.date)),
  );
  if (missing.length) {
    const list = missing.map((h) => `${h.name}（${h.date}）`).join('、');
    throw new DomainError(
      'VALIDATION',
      `${year}年的节假日安排不完整，缺少法定节假日：${list}。法定节假日须全部列为放假日，请核对国务院办公厅通知`,
      { missing },
    );
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
  const deadlines = await recomputeProvisionalDeadlines(ctx, await loadCalendarData(ctx.tx));
  return { year, holidays: input.holidays.length, workdays: input.workdays.length, deadlines };
}
