import { chinaDate } from '../../../../domain/working-days';
import type { ReadCtx } from '../../../context';
import { presentNotice } from '../present';
import { partyNotice } from '../task-access';

export async function getMyNotice(ctx: ReadCtx, id: string) {
  return presentNotice(await partyNotice(ctx, id), chinaDate(ctx.now));
}
