import type { Deps } from '../../context';
import { findDelivery, markDelivery } from './repository';

/**
 * The delivery job: sends one message through the gateway. A failure is recorded and rethrown so the
 * queue retries with back-off; a delivery already sent is not sent again.
 */
export async function deliverMessage(deps: Deps, deliveryId: string): Promise<void> {
  const db = deps.database.db;
  const found = await findDelivery(db, deliveryId);
  if (!found || found.delivery.status === 'sent' || !deps.messages) return;
  const { delivery } = found;
  const attempts = delivery.attempts + 1;
  try {
    await deps.messages.send({
      channel: delivery.channel,
      address: delivery.address,
      title: found.title,
      body: found.body,
      idempotencyKey: delivery.id,
    });
  } catch (e) {
    await markDelivery(db, delivery.id, {
      status: 'failed',
      attempts,
      lastError: e instanceof Error ? e.message : String(e),
      sentAt: null,
    });
    throw e;
  }
  await markDelivery(db, delivery.id, { status: 'sent', attempts, lastError: null, sentAt: deps.clock() });
}
