import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { findDelivery, findSubscription, requeueDeliveries } from './repository';

/**
 * Sends a delivery again (dead or already delivered), with a fresh attempt budget. The message keeps
 * its idempotency key, so a receiver that already has it can ignore the copy.
 */
export async function replayDelivery(ctx: Ctx, id: number) {
  const before = await findDelivery(ctx.tx, id);
  if (!before) throw new DomainError('NOT_FOUND', '推送记录不存在');
  if (before.status === 'pending') {
    throw new DomainError('CONFLICT', '该消息正在等待推送，无需重新推送', { status: before.status });
  }
  await requeueDeliveries(ctx.tx, { id, onlyDead: false }, ctx.now);
  await appendAudit(ctx, {
    action: 'push_delivery.replay',
    targetType: 'push_delivery',
    targetId: String(id),
    before: { status: before.status, attempts: before.attempts },
    after: { status: 'pending', attempts: 0 },
  });
  return { replayed: 1 };
}

/** Re-queues every dead letter of one subscription, e.g. after the receiving system is repaired. */
export async function replayDeadLetters(ctx: Ctx, subscriptionId: string) {
  if (!(await findSubscription(ctx.tx, subscriptionId))) throw new DomainError('NOT_FOUND', '推送订阅不存在');
  const rows = await requeueDeliveries(ctx.tx, { subscriptionId, onlyDead: true }, ctx.now);
  await appendAudit(ctx, {
    action: 'push_delivery.replay_dead',
    targetType: 'push_subscription',
    targetId: subscriptionId,
    after: { replayed: rows.length },
  });
  return { replayed: rows.length };
}
