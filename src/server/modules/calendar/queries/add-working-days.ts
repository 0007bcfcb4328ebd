import { addWorkingDays as add } from '../../../../domain/working-days';
import type { PublicReadCtx } from '../../../http/route';

/** The Nth working day after a date (the date itself not counted). */
export async function addWorkingDays(ctx: PublicReadCtx, query: { date: string; days: number }) {
  const { date, days } = query;
  return { date, days, result: add(await ctx.calendar.get(ctx.db), date, days) };
}
