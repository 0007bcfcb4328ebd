import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { deleteSession } from './repository';

export async function logout(ctx: Ctx): Promise<void> {
  const { actor } = ctx;
  if ((actor.kind !== 'staff' && actor.kind !== 'applicant') || !actor.sessionId) return;
  await deleteSession(ctx.tx, actor.sessionId);
  await appendAudit(ctx, { action: 'session.logout', targetType: 'user_account', targetId: actor.userId });
}
