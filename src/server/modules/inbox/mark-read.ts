import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { inboxOwner } from './own-user';
import { findNotification, markRead as markRow } from './repository';

export async function markRead(ctx: Ctx, id: string): Promise<void> {
  const userId = inboxOwner(ctx.actor);
  const row = await markRow(ctx.tx, id, userId, ctx.now);
  if (!row) {
    const existing = await findNotification(ctx.tx, id);
    // Someone else's notice is reported as absent, so ids reveal nothing.
    if (!existing || existing.userId !== userId) throw new DomainError('NOT_FOUND', '消息不存在');
    return;
  }
  await appendAudit(ctx, { action: 'notification.read', targetType: 'notification', targetId: row.id });
}
