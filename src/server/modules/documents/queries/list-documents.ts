import type { DocumentView } from '../../../../contracts/documents';
import { documentKinds } from '../../../../contracts/documents';
import { DomainError } from '../../../../domain/errors';
import type { ReadCtx } from '../../../context';
import { departmentNames } from '../../accounts/queries/department-names';
import { findApplication } from '../../applications/repository';
import { cachedVersion } from '../../applications/shared';
import { findRepair } from '../../credit/repository';
import { mayReadCaseDocuments, mayReadRepairDocuments } from '../access';
import { documentTitle } from '../models';
import { type DocumentRow, listDocuments } from '../repository';
import { verifyUrlOf } from '../verify-url';

function present(ctx: ReadCtx, d: DocumentRow, departmentName: string): DocumentView {
  return {
    id: d.id,
    kind: d.kind,
    title: documentTitle(d.kind, d.facts),
    number: d.number,
    departmentName,
    applicationId: d.applicationId,
    repairRequestId: d.repairRequestId,
    issuedAt: d.issuedAt.toISOString(),
    pdfUrl: `/api/documents/${d.id}?format=pdf`,
    htmlUrl: `/api/documents/${d.id}?format=html`,
    verifyUrl: verifyUrlOf(ctx, d.id),
  };
}

/** The documents of a case, for those who may see the case. */
export async function listCaseDocuments(
  ctx: ReadCtx,
  by: { applicationId?: string | undefined; repairRequestId?: string | undefined },
): Promise<DocumentView[]> {
  if (!!by.applicationId === !!by.repairRequestId) {
    throw new DomainError('VALIDATION', '请指定办件（applicationId）或信用修复申请（repairRequestId）之一');
  }
  if (by.applicationId) {
    const app = await findApplication(ctx.db, by.applicationId);
    const v = app ? ((await cachedVersion(ctx, app.itemVersionId)) ?? null) : null;
    if (!app || !mayReadCaseDocuments(ctx.actor, app, v)) throw new DomainError('NOT_FOUND', '办件不存在');
  } else {
    const repair = await findRepair(ctx.db, by.repairRequestId!);
    const docs = repair ? await listDocuments(ctx.db, { repairRequestId: repair.id }) : [];
    const creditStaff =
      ctx.actor.kind === 'staff' && ctx.actor.roles.includes('credit_officer')
        ? ctx.actor.departmentId
        : null;
    if (!repair || !(await mayReadRepairDocuments(ctx, repair, docs[0]?.departmentId ?? creditStaff))) {
      throw new DomainError('NOT_FOUND', '信用修复申请不存在');
    }
  }
  // Documents of one action share their moment: the order of the procedure decides among them.
  const rows = (await listDocuments(ctx.db, by)).sort(
    (a, b) =>
      a.issuedAt.getTime() - b.issuedAt.getTime() ||
      documentKinds.indexOf(a.kind) - documentKinds.indexOf(b.kind),
  );
  const names = await departmentNames(
    ctx,
    rows.map((d) => d.departmentId),
  );
  return rows.map((d) => present(ctx, d, names.get(d.departmentId) ?? ''));
}
