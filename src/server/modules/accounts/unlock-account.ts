import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { findUserById, updateLoginState } from './repository';

export async function unlockAccount(ctx: Ctx, userId: string): Promise<void> {
  const user = await findUserById(ctx.tx, userId);
  if (!user) throw new DomainError('NOT_FOUND', '账号不存在');
  await updateLoginState(ctx.tx, userId, { failedLogins: 0, lockedUntil: null });
  await appendAudit(ctx, {
    action: 'account.unlock',
    targetType: 'user_account',
    targetId: userId,
    before: { failedLogins: user.failedLogins, lockedUntil: user.lockedUntil },
    after: { failedLogins: 0, lockedUntil: null },
  });
}
