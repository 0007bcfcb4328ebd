import { isWorkingDay } from '../../../../domain/working-days';
import type { PublicReadCtx } from '../../../http/route';

/** Whether a date is a working day, and why not when it is not. */
export async function workingDay(ctx: PublicReadCtx, date: string) {
  const data = await ctx.calendar.get(ctx.db);
  const working = isWorkingDay(data, date);
  const kind = data.exceptions.get(date);
  const note =
    kind === 'holiday' ? '法定节假日' : kind === 'workday' ? '调休上班日' : working ? null : '周末';
  return { date, workingDay: working, note };
}
