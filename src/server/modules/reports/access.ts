import type { Actor } from '../../../domain/access';
import { DomainError } from '../../../domain/errors';

/** The supervising department's administrators handle its reports; to anyone else a report does not exist. */
export function assertHandles(actor: Actor, supervisingDepartmentId: string): void {
  if (
    actor.kind === 'staff' &&
    actor.departmentId === supervisingDepartmentId &&
    actor.roles.includes('supervision_admin')
  )
    return;
  throw new DomainError('NOT_FOUND', '举报不存在');
}
