import { countWorkingDays as count } from '../../../../domain/working-days';
import type { PublicReadCtx } from '../../../http/route';

/** Working days between two dates: the first not counted, the last counted. */
export async function countWorkingDays(ctx: PublicReadCtx, query: { from: string; to: string }) {
  const { from, to } = query;
  return { from, to, workingDays: count(await ctx.calendar.get(ctx.db), from, to) };
}
