import type { Actor } from '../../../domain/access';
import { DomainError } from '../../../domain/errors';
import type { ReadCtx } from '../../context';
import type { ApplicationRow } from '../applications/repository';
import { mayRead } from '../applications/shared';
import type { VersionRow } from '../catalog/repository';
import { ownSubject } from '../credit/access';

/**
 * Who may see the documents of a case: the applicant (or agent) who follows it, the comprehensive window
 * and auditors, and staff of the departments concerned: the deciding one and the item's supervising one.
 * Anyone else is told the document does not exist.
 */
export function mayReadCaseDocuments(actor: Actor, app: ApplicationRow, v: VersionRow | null): boolean {
  // An API token reads its department's cases (mayRead), but no documents.
  if (actor.kind === 'token') return false;
  if (mayRead(actor, app)) return true;
  return (
    actor.kind === 'staff' && !!v?.supervisingDepartmentId && actor.departmentId === v.supervisingDepartmentId
  );
}

/** A credit-repair decision: the subject itself, the credit department that decided, auditors. */
export async function mayReadRepairDocuments(
  ctx: ReadCtx,
  repair: { subjectId: string },
  issuingDepartmentId: string | null,
): Promise<boolean> {
  const a = ctx.actor;
  if (a.kind === 'system') return true;
  if (a.kind === 'applicant')
    return (await ownSubject({ db: ctx.db, crypto: ctx.crypto, actor: ctx.actor }))?.id === repair.subjectId;
  if (a.kind === 'staff') {
    return (
      a.roles.includes('auditor') || (issuingDepartmentId !== null && a.departmentId === issuingDepartmentId)
    );
  }
  return false;
}

export const documentNotFound = () => new DomainError('NOT_FOUND', '文书不存在');
