import type { Actor } from '../../../domain/access';
import { DomainError } from '../../../domain/errors';
import type { TaskRow } from '../verification/repository';
import type { AssistanceRow } from './repository';

/**
 * Requests and answers are visible to the two departments only (004: 部门间协助 keeps what it learns
 * to those who need it). To anyone else a request does not exist.
 */
export function assertSide(actor: Actor, request: AssistanceRow): 'requester' | 'helper' {
  if (actor.kind === 'staff') {
    if (actor.departmentId === request.requestingDepartmentId) return 'requester';
    if (actor.departmentId === request.helperDepartmentId) return 'helper';
  }
  throw new DomainError('NOT_FOUND', '协助核查请求不存在');
}

/** Who works the task may ask for help: its supervising department's administrator or an assigned inspector. */
export function assertWorksTask(actor: Actor, task: TaskRow): Extract<Actor, { kind: 'staff' }> {
  if (actor.kind === 'staff' && actor.departmentId === task.supervisingDepartmentId) {
    if (actor.roles.includes('supervision_admin')) return actor;
    if (actor.roles.includes('inspector') && task.inspectorIds.includes(actor.userId)) return actor;
  }
  throw new DomainError('FORBIDDEN', '只有承担该核查任务的监管管理员或被分派的核查人员可以请求协助核查');
}
