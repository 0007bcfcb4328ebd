import { chinaDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import { type Deps, runAction, systemActor } from '../../context';
import { notify } from '../inbox/notify';
import { activeSystemAdminIds } from '../push/repository';
import { claimCalendarWarning, listYears } from './repository';

/** Warnings start on 1 November: the State Council usually announces next year in November or December. */
const WARN_FROM_MONTH = 11;

/** Calendar coverage and the operators' warning: next year's holidays should be loaded before they are needed. */
export function calendarCoverage(years: number[], now: Date) {
  const today = chinaDate(now);
  const current = Number(today.slice(0, 4));
  const lateInYear = Number(today.slice(5, 7)) >= WARN_FROM_MONTH;
  const has = (y: number) => years.includes(y);
  let warning: string | null = null;
  let missingYear: number | null = null;
  if (!has(current)) {
    missingYear = current;
    warning = `${current}年的法定节假日安排尚未载入，涉及该年的期限暂按法定节假日计算，请尽快载入`;
  } else if (lateInYear && !has(current + 1)) {
    missingYear = current + 1;
    warning = `${current + 1}年的法定节假日安排尚未载入，涉及该年的期限暂按法定节假日计算；请在国务院办公厅发布通知后及时载入（PUT /api/calendar/years/${current + 1}）`;
  }
  return {
    firstYear: years[0] ?? null,
    lastYear: years.at(-1) ?? null,
    currentYearLoaded: has(current),
    nextYearLoaded: has(current + 1),
    warning,
    missingYear,
  };
}

/**
 * Logs the warning at warn level each time it is checked, and tells every system administrator once
 * per missing year (the row in `calendar_warning` decides who sends it, on any number of instances).
 * Applicants are never told: their deadlines are reckoned provisionally and recomputed later.
 */
export async function watchCalendar(deps: Deps): Promise<string | null> {
  const years = (await listYears(deps.database.db)).map((y) => y.year);
  const { warning, missingYear } = calendarCoverage(years, deps.clock());
  if (!warning || missingYear === null) return null;
  deps.log.warn({ year: missingYear }, warning);
  await runAction(deps, { actor: systemActor('节假日安排检查'), requestId: null }, async (ctx) => {
    if (!(await claimCalendarWarning(ctx.tx, missingYear, ctx.now))) return;
    const admins = await activeSystemAdminIds(ctx.tx);
    for (const userId of admins) {
      await notify(ctx, {
        userId,
        kind: 'calendar.year_missing',
        title: `请载入${missingYear}年法定节假日安排`,
        body: warning,
        refType: 'calendar_year',
        refId: String(missingYear),
      });
    }
    await appendAudit(ctx, {
      action: 'calendar.year_missing_warning',
      targetType: 'calendar_year',
      targetId: String(missingYear),
      after: { notified: admins.length },
    });
  });
  return warning;
}
