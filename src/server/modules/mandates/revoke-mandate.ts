import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { findUserById } from '../accounts/repository';
import { actorRef } from '../catalog/shared';
import { findMandate, insertMandateEvent, type MandateRow, revokeMandateRow } from './repository';

/** The principal withdraws a mandate; cases already decided stand, nothing new may be done under it. */
export async function revokeMandate(ctx: Ctx, id: string, version: number): Promise<MandateRow> {
  const actor = ctx.actor;
  if (actor.kind !== 'applicant') throw new DomainError('FORBIDDEN', '只有委托人可以撤销委托');
  const m = await findMandate(ctx.tx, id);
  const user = ctx.account?.id === actor.userId ? ctx.account : await findUserById(ctx.tx, actor.userId);
  const code =
    user?.applicantType === 'enterprise'
      ? user.uscc
      : user?.residentIdEnc
        ? ctx.crypto.decrypt(user.residentIdEnc)
        : null;
  // Somebody else's mandate is as unknown as one that does not exist.
  if (!m || !code || m.principalLookup !== ctx.crypto.lookupHash(code)) {
    throw new DomainError('NOT_FOUND', '委托不存在');
  }
  if (m.status === 'revoked') throw new DomainError('INVALID_TRANSITION', '该委托已经撤销');
  const after = await revokeMandateRow(ctx.tx, id, version, ctx.now);
  if (!after) throw new DomainError('CONFLICT', '委托已被修改，请刷新后重试');
  const who = actorRef(actor);
  await insertMandateEvent(ctx.tx, {
    mandateId: id,
    seq: version + 1,
    event: 'revoke',
    actorId: who.actorId,
    actorName: who.actorName ?? '委托人',
    comment: null,
    at: ctx.now,
  });
  await appendAudit(ctx, {
    action: 'mandate.revoke',
    targetType: 'mandate',
    targetId: id,
    before: { status: m.status, version: m.version },
    after: { status: after.status, version: after.version },
  });
  return after;
}
