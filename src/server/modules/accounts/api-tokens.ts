import { tokenScopes } from '../../../domain/access';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { randomToken, sm3 } from '../../security/crypto';
import { findDepartment, insertApiToken, revokeApiToken as revokeRow } from './repository';

export type CreateApiTokenInput = { name: string; departmentId: string; scopes: string[] };

/** A token for another department's system; only its SM3 is stored, so it is shown exactly once. */
export async function createApiToken(ctx: Ctx, input: CreateApiTokenInput) {
  const unknown = input.scopes.filter((s) => !(tokenScopes as readonly string[]).includes(s));
  if (unknown.length) {
    throw new DomainError('VALIDATION', `不支持的令牌权限：${unknown.join('、')}`, { allowed: tokenScopes });
  }
  if (!(await findDepartment(ctx.tx, input.departmentId))) throw new DomainError('NOT_FOUND', '部门不存在');
  const token = `xyp_${randomToken()}`;
  const row = await insertApiToken(ctx.tx, {
    name: input.name,
    departmentId: input.departmentId,
    tokenHash: sm3(token),
    scopes: input.scopes,
    createdBy: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
    createdAt: ctx.now,
  });
  await appendAudit(ctx, {
    action: 'api_token.create',
    targetType: 'api_token',
    targetId: row.id,
    after: { name: row.name, departmentId: row.departmentId, scopes: row.scopes },
  });
  return { id: row.id, name: row.name, departmentId: row.departmentId, scopes: row.scopes, token };
}

export async function revokeApiToken(ctx: Ctx, id: string): Promise<void> {
  const row = await revokeRow(ctx.tx, id, ctx.now);
  if (!row) throw new DomainError('NOT_FOUND', '令牌不存在或已吊销');
  await appendAudit(ctx, {
    action: 'api_token.revoke',
    targetType: 'api_token',
    targetId: id,
    after: { revokedAt: row.revokedAt },
  });
}
