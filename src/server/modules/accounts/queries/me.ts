import { hasPermission, permissions } from '../../../../domain/access';
import { maskPhone } from '../../../../domain/codes';
import { DomainError } from '../../../../domain/errors';
import type { ReadCtx } from '../../../context';
import { findDepartment, findUserById } from '../repository';

/** Who the caller is and what it may do; `csrfToken` is the session's, for the browser to send back. */
export async function me(ctx: ReadCtx, csrfToken: string | null) {
  const { actor } = ctx;
  const granted = permissions.filter((p) => hasPermission(actor, p));
  if (actor.kind === 'token') {
    const dept = await findDepartment(ctx.db, actor.departmentId);
    return {
      kind: 'token' as const,
      id: actor.tokenId,
      username: actor.name,
      displayName: actor.name,
      departmentId: actor.departmentId,
      departmentName: dept?.name ?? null,
      roles: [],
      applicantType: null,
      uscc: null,
      residentIdMasked: null,
      phoneMasked: null,
      permissions: granted,
      csrfToken: null,
    };
  }
  if (actor.kind === 'system') throw new DomainError('FORBIDDEN', '系统身份没有用户信息');
  const user = await findUserById(ctx.db, actor.userId);
  if (!user) throw new DomainError('NOT_FOUND', '账号不存在');
  const dept = user.departmentId ? await findDepartment(ctx.db, user.departmentId) : undefined;
  return {
    kind: user.kind,
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    departmentId: user.departmentId,
    departmentName: dept?.name ?? null,
    roles: user.roles,
    applicantType: user.applicantType,
    uscc: user.uscc,
    residentIdMasked: user.residentIdMasked,
    phoneMasked: user.phone ? maskPhone(user.phone) : null,
    permissions: granted,
    csrfToken,
  };
}
