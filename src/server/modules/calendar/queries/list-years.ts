import type { PublicReadCtx } from '../../../http/route';
import { listYears as listRows } from '../repository';

/** The years whose holidays and make-up working days have been loaded. */
export async function listCalendarYears(ctx: PublicReadCtx) {
  const years = await listRows(ctx.db);
  return { items: years.map((y) => ({ ...y, loadedAt: y.loadedAt.toISOString() })) };
}
