import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { findSigningKey, upsertSigningKey } from './repository';

/**
 * 绑定签名公钥: an applicant account binds the public half of a key pair it made and keeps itself. Only the
 * account's own session may do so (never a clerk or a token), so the key is the signer's alone; a new key
 * replaces the old one (a forgotten PIN), and commitments already signed keep the key they were signed with.
 */
export async function bindSigningKey(ctx: Ctx, publicKey: string) {
  if (ctx.actor.kind !== 'applicant') {
    throw new DomainError('FORBIDDEN', '签名密钥只能由申请人本人在本人设备上设置');
  }
  const userId = ctx.actor.userId;
  const before = await findSigningKey(ctx.tx, userId);
  const row = await upsertSigningKey(ctx.tx, {
    userId,
    publicKey: publicKey.toLowerCase(),
    createdAt: ctx.now,
  });
  await appendAudit(ctx, {
    action: before ? 'signing_key.replace' : 'signing_key.bind',
    targetType: 'user_account',
    targetId: userId,
    before: before ? { publicKey: before.publicKey } : null,
    after: { publicKey: row.publicKey },
  });
  return { publicKey: row.publicKey, boundAt: row.createdAt.toISOString() };
}
