import type { Actor } from '../../../domain/access';
import { DomainError } from '../../../domain/errors';
import type { ReadCtx } from '../../context';
import type { ApplicationRow } from '../applications/repository';
import type { VersionRow } from '../catalog/repository';
import { ownSubject } from '../credit/access';

/**
 * Who may see the documents of a case: the applicant (or agent) who follows it, the comprehensive window
 * and auditors, and staff of the departments concerned: the deciding one and the item's supervising one.
 * Anyone else is told the document does not exist.
 */
export function mayReadCaseDocuments(actor: Actor, app: ApplicationRow, v: VersionRow | null): boolean {
  switch (actor.kind) {
    case 'system':
      return true;
    case 'applicant':
      return app.applicantUserId === actor.userId;
    case 'staff':
      return (
        actor.roles.includes('window_clerk') ||
        actor.roles.includes('auditor') ||
        actor.departmentId === app.departmentId ||
        (!!v?.supervisingDepartmentId && actor.departmentId === v.supervisingDepartmentId)
      );
    case 'token':
      return false;
  }
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
