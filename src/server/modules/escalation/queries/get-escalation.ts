import type { ReadCtx } from '../../../context';
import { presentEscalation } from '../present';
import { requireEscalation } from '../steward';

export async function getEscalation(ctx: ReadCtx, id: string) {
  return presentEscalation(await requireEscalation(ctx, id));
}
