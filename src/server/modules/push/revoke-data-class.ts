import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { findDataGrant, revokeDataGrantRow } from './repository';

/**
 * Withdraws a grant: from the dispatcher's next batch the subscription gets the data masked again, messages
 * already waiting included. The grant row stays, with who revoked it, when and why.
 */
export async function revokeDataClass(ctx: Ctx, grantId: string, input: { reason: string }) {
  const actor = ctx.actor;
  if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN', '只有合法性审查人员可以撤销明文推送授权');
  const reason = input.reason.trim();
  if (!reason) throw new DomainError('VALIDATION', '请填写撤销理由', { field: 'reason' });
  const before = await findDataGrant(ctx.tx, grantId);
  if (!before) throw new DomainError('NOT_FOUND', '授权不存在');
  if (before.revokedAt) throw new DomainError('INVALID_TRANSITION', '该授权已经撤销');
  const row = await revokeDataGrantRow(ctx.tx, grantId, {
    revokedBy: actor.userId,
    revokedAt: ctx.now,
    revokeReason: reason,
  });
  if (!row) throw new DomainError('CONFLICT', '该授权刚被他人撤销，请刷新后查看');
  await appendAudit(ctx, {
    action: 'push_data_grant.revoke',
    targetType: 'push_data_grant',
    targetId: grantId,
    before: { subscriptionId: before.subscriptionId, dataClass: before.dataClass, revokedAt: null },
    after: { revokedAt: ctx.now.toISOString(), revokeReason: reason },
  });
  return row;
}
