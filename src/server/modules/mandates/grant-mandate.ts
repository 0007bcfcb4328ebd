import type { GrantMandate } from '../../../contracts/identity';
import { DomainError } from '../../../domain/errors';
import type { Ctx } from '../../context';
import { findUserById } from '../accounts/repository';
import type { MandateRow } from './repository';
import { createMandate } from './shared';

/** 委托: a proven enterprise or person lets an agent act in its name online (items or all, until a date). */
export async function grantMandate(ctx: Ctx, input: GrantMandate): Promise<MandateRow> {
  const actor = ctx.actor;
  if (actor.kind !== 'applicant' || actor.applicantType === 'agent') {
    throw new DomainError('FORBIDDEN', '只有企业或自然人本人可以授权委托');
  }
  const user = ctx.account?.id === actor.userId ? ctx.account : await findUserById(ctx.tx, actor.userId);
  if (!user) throw new DomainError('UNAUTHENTICATED', '账号不存在');
  const principal =
    user.applicantType === 'enterprise'
      ? { kind: 'enterprise' as const, name: user.displayName, code: user.uscc!, userId: user.id }
      : {
          kind: 'individual' as const,
          name: user.displayName,
          code: ctx.crypto.decrypt(user.residentIdEnc!),
          userId: user.id,
        };
  return createMandate(ctx, principal, input, { source: 'online' });
}
