import { type Actor, hasPermission } from '../../../domain/access';
import { DomainError } from '../../../domain/errors';
import type { Ctx, ReadCtx } from '../../context';
import { findDepartment, findUserById } from '../accounts/repository';
import {
  type CheckRow,
  findRecord,
  findSubjectByResidentHash,
  type RecordRow,
  type SubjectRow,
} from './repository';
import { findSubjectByCode } from './subjects';

/**
 * Credit records are kept by the credit department (信用主管部门) only: a credit officer's role counts
 * there and nowhere else.
 */
export async function assertCreditDepartment(ctx: Pick<ReadCtx, 'db' | 'actor'>): Promise<void> {
  const a = ctx.actor;
  if (a.kind === 'system') return;
  if (a.kind !== 'staff' || !hasPermission(a, 'credit.manage')) {
    throw new DomainError('FORBIDDEN', '只有信用主管部门的信用管理人员可以管理信用记录');
  }
  const dept = await findDepartment(ctx.db, a.departmentId);
  if (dept?.kind !== 'credit')
    throw new DomainError('FORBIDDEN', '只有信用主管部门的信用管理人员可以管理信用记录');
}

export async function isCreditDepartment(ctx: Pick<ReadCtx, 'db' | 'actor'>): Promise<boolean> {
  try {
    await assertCreditDepartment(ctx);
    return true;
  } catch {
    return false;
  }
}

/** The credit subject an applicant account stands for (by its USCC or resident ID), if any. */
export async function ownSubject(
  ctx: Pick<ReadCtx, 'db' | 'crypto' | 'actor'>,
): Promise<SubjectRow | undefined> {
  const a = ctx.actor;
  if (a.kind !== 'applicant') return undefined;
  const user = await findUserById(ctx.db, a.userId);
  if (!user) return undefined;
  if (user.uscc) {
    return (
      (await findSubjectByCode(ctx, 'enterprise', user.uscc)) ??
      (await findSubjectByCode(ctx, 'individual_business', user.uscc))
    );
  }
  if (user.residentIdHash && user.applicantType === 'individual') {
    return findSubjectByResidentHash(ctx.db, user.residentIdHash);
  }
  return undefined;
}

export async function requireOwnSubject(ctx: Pick<ReadCtx, 'db' | 'crypto' | 'actor'>): Promise<SubjectRow> {
  const s = await ownSubject(ctx);
  if (!s) throw new DomainError('NOT_FOUND', '未找到本账号对应的信用主体');
  return s;
}

/**
 * The record a subject asks about in a repair request or an objection: only an applicant account that
 * stands for a credit subject may ask, and only about that subject's own records (`refusal` says which
 * request was refused).
 */
export async function ownRecord(ctx: Ctx, recordId: string, refusal: string): Promise<RecordRow> {
  const own = await requireOwnSubject(ctx);
  const record = await findRecord(ctx.tx, recordId);
  if (!record) throw new DomainError('NOT_FOUND', '信用记录不存在');
  if (own.id !== record.subjectId) throw new DomainError('FORBIDDEN', refusal);
  return record;
}

/** The name a repair request or an objection records as who raised or decided it; none for system work. */
export const requesterName = (ctx: Ctx): string | null =>
  ctx.actor.kind === 'staff' || ctx.actor.kind === 'applicant' ? ctx.actor.username : null;

/**
 * Who reads a recorded check: the credit department and the service centre's clerks (who take every
 * application), an approver for its own department's items, an applicant for itself. To anyone else it
 * does not exist (404, as every other object they may not see), so its id tells them nothing.
 */
export async function assertMayReadCheck(ctx: ReadCtx, check: CheckRow): Promise<void> {
  const a: Actor = ctx.actor;
  if (a.kind === 'system') return;
  if (a.kind === 'applicant') {
    const own = await ownSubject(ctx);
    if (own?.id === check.subjectId) return;
    throw new DomainError('NOT_FOUND', '信用核查记录不存在');
  }
  if (a.kind === 'staff') {
    if (await isCreditDepartment(ctx)) return;
    if (a.roles.includes('window_clerk')) return;
    if (
      a.roles.includes('approver') &&
      (check.itemDepartmentId === a.departmentId || check.departmentId === a.departmentId)
    )
      return;
  }
  throw new DomainError('NOT_FOUND', '信用核查记录不存在');
}
