import type { EscalationStatus } from '../../../../contracts/escalation';
import type { ReadCtx } from '../../../context';
import { presentEscalation } from '../present';
import { listEscalations as listRows } from '../repository';
import { assertSteward } from '../steward';

/** The service centre's queue, newest first; only the centre's stewards see it. */
export async function listEscalations(
  ctx: ReadCtx,
  query: { status?: EscalationStatus; page: number; pageSize: number },
) {
  await assertSteward(ctx, ctx.actor);
  const { status, page, pageSize } = query;
  const { rows, total } = await listRows(ctx.db, status, page, pageSize);
  return { items: rows.map(presentEscalation), total, page, pageSize };
}
