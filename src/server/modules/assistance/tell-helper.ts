import type { Ctx } from '../../context';
import { writeOutbox } from '../../outbox/outbox';
import { notify } from '../inbox/notify';
import { type AssistanceRow, handlersOf } from './repository';

/**
 * Tells the helper department about a request, the way the request was sent: another region's system
 * through the push channel, to that department alone (its answer comes back signed by its token,
 * receive-assistance-answer.ts); a department here through its handlers' inboxes.
 */
export async function tellHelper(
  ctx: Ctx,
  request: Pick<AssistanceRow, 'id' | 'channel' | 'helperDepartmentId'>,
  push: { payload: Record<string, unknown>; idempotencyKey?: string },
  inbox: { kind: string; title: string; body: string },
): Promise<void> {
  if (request.channel === 'push') {
    writeOutbox(ctx, {
      topic: 'assistance',
      aggregateType: 'assistance_request',
      aggregateId: request.id,
      idempotencyKey: push.idempotencyKey,
      recipientDepartmentId: request.helperDepartmentId,
      departmentIds: [request.helperDepartmentId],
      payload: push.payload,
    });
    return;
  }
  for (const user of await handlersOf(ctx.tx, request.helperDepartmentId)) {
    await notify(ctx, { userId: user.id, ...inbox, refType: 'assistance_request', refId: request.id });
  }
}
