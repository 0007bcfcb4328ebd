import { DomainError } from '../../../../domain/errors';
import type { ReadCtx } from '../../../context';
import { findSigningKey } from '../repository';

/** The public key bound to the caller's own applicant account. */
export async function getSigningKey(ctx: ReadCtx) {
  if (ctx.actor.kind !== 'applicant') throw new DomainError('FORBIDDEN', '只有申请人账户有签名密钥');
  const row = await findSigningKey(ctx.db, ctx.actor.userId);
  if (!row) throw new DomainError('NOT_FOUND', '尚未设置签名密钥');
  return { publicKey: row.publicKey, boundAt: row.createdAt.toISOString() };
}
