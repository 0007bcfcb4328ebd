import { applicationEventLabels } from '../../../../contracts/applications';
import type { ReadCtx } from '../../../context';
import { presentStep } from '../../../http/history';
import { listEvents } from '../repository';
import { assertMayRead, requireApplication } from '../shared';

/** The case's history, oldest first (append-only). */
export async function applicationHistory(ctx: ReadCtx, id: string) {
  const row = await requireApplication(ctx, id);
  assertMayRead(ctx.actor, row);
  const events = await listEvents(ctx.db, row.id);
  return {
    items: events.map((e) => presentStep(e, applicationEventLabels)),
  };
}
