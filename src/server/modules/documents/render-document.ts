import type { DocumentCheck, DocumentStatus, DocumentView } from '../../../contracts/documents';
import { documentKinds, documentStatusLabels } from '../../../contracts/documents';
import { maskPersonName } from '../../../domain/codes';
import { DomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import type { ReadCtx } from '../../context';
import { cachedDepartment } from '../accounts/department-cache';
import { findApplication } from '../applications/repository';
import { cachedVersion } from '../applications/shared';
import { findRepair } from '../credit/repository';
import { documentNotFound, mayReadCaseDocuments, mayReadRepairDocuments } from './access';
import { renderCertificateHtml, renderCertificatePdf, renderLetterHtml, renderLetterPdf } from './layout';
import { type DocumentCase, documentModel, documentTitle, loadDocumentCase } from './models';
import { type DocumentRow, findDocument, latestDocumentOf, listDocuments } from './repository';

export const verifyPath = (id: string) => `/api/public/documents/verify/${id}`;
export const verifyUrlOf = (ctx: ReadCtx, id: string) =>
  `${ctx.config.publicBaseUrl.replace(/\/+$/, '')}${verifyPath(id)}`;

async function assertMayRead(ctx: ReadCtx, c: DocumentCase): Promise<void> {
  if (c.app) {
    if (!mayReadCaseDocuments(ctx.actor, c.app, c.version)) throw documentNotFound();
    return;
  }
  const repair = c.doc.repairRequestId ? await findRepair(ctx.db, c.doc.repairRequestId) : undefined;
  if (!repair || !(await mayReadRepairDocuments(ctx, repair, c.doc.departmentId))) throw documentNotFound();
}

async function present(ctx: ReadCtx, d: DocumentRow): Promise<DocumentView> {
  const dept = await cachedDepartment(ctx, d.departmentId);
  return {
    id: d.id,
    kind: d.kind,
    title: documentTitle(d.kind, d.facts),
    number: d.number,
    departmentName: dept?.name ?? '',
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
  return Promise.all(rows.map((d) => present(ctx, d)));
}

export type RenderedDocument = {
  doc: DocumentRow;
  title: string;
  authority: string;
  body: Buffer | string;
  seal: import('./layout').SealPlacement | null;
};

export async function renderDocument(
  ctx: ReadCtx,
  id: string,
  format: 'pdf' | 'html',
): Promise<RenderedDocument> {
  const doc = await findDocument(ctx.db, id);
  if (!doc) throw documentNotFound();
  const c = await loadDocumentCase(ctx, doc);
  await assertMayRead(ctx, c);
  const model = await documentModel(ctx, c, verifyUrlOf(ctx, doc.id));
  const title = 'letter' in model ? model.letter.title : model.certificate.title;
  if (format === 'html') {
    const body =
      'letter' in model
        ? await renderLetterHtml(model.letter)
        : await renderCertificateHtml(model.certificate);
    return { doc, title, authority: c.authority, body, seal: null };
  }
  const r =
    'letter' in model
      ? await renderLetterPdf(model.letter, { title })
      : await renderCertificatePdf(model.certificate);
  let body = r.pdf;
  if (r.seal && ctx.seal) {
    body = await ctx.seal.stamp(r.pdf, {
      documentId: doc.id,
      number: doc.number,
      title,
      departmentId: doc.departmentId,
      departmentName: c.authority,
      placement: r.seal,
    });
  }
  return { doc, title, authority: c.authority, body, seal: r.seal };
}

/** Valid, revoked (when and why) or expired; a decision falls with its license. */
function statusOf(
  c: DocumentCase,
  today: string,
): { status: DocumentStatus; revokedAt: Date | null; reason: string | null } {
  const lic = c.license;
  const followsLicense = c.doc.kind === 'license' || c.doc.kind === 'approval';
  if (followsLicense && c.app) {
    if (lic?.revokedAt) return { status: 'revoked', revokedAt: lic.revokedAt, reason: lic.revocationReason };
    if (c.app.status === 'revoked') return { status: 'revoked', revokedAt: c.app.updatedAt, reason: null };
    // A license replaced by its renewal or change is no longer the one in force (15.7).
    if (lic?.supersededAt && c.doc.kind === 'license') {
      return { status: 'superseded', revokedAt: null, reason: null };
    }
    if (lic && lic.validUntil !== null && lic.validUntil < today) {
      return { status: 'expired', revokedAt: null, reason: null };
    }
  }
  return { status: 'valid', revokedAt: null, reason: null };
}

/** The public check behind a document's QR code: the minimum, a person's name masked. */
export async function checkDocument(ctx: ReadCtx, id: string): Promise<DocumentCheck> {
  const doc = await findDocument(ctx.db, id);
  if (!doc) throw new DomainError('NOT_FOUND', '未找到该文书：编号有误或并非本系统出具');
  const c = await loadDocumentCase(ctx, doc);
  const s = statusOf(c, chinaDate(ctx.now));
  let reason = s.reason;
  if (s.status === 'revoked' && !reason && c.app) {
    const rev = await latestDocumentOf(ctx.db, c.app.id, ['revocation']);
    reason = (rev?.facts.reason as string | undefined) ?? null;
  }
  const person = c.holder.kind === 'individual';
  const lic = c.doc.kind === 'license' || c.doc.kind === 'approval' ? c.license : null;
  return {
    status: s.status,
    statusLabel: documentStatusLabels[s.status],
    kind: doc.kind,
    title: documentTitle(doc.kind, doc.facts),
    number: doc.number,
    holderName: person ? maskPersonName(c.holder.name) : c.holder.name,
    itemName: c.itemName,
    issuedBy: c.authority,
    issuedOn: chinaDate(doc.issuedAt),
    validFrom: lic?.validFrom ?? null,
    validUntil: lic?.validUntil ?? null,
    revokedAt: s.revokedAt?.toISOString() ?? null,
    revocationReason: reason,
    checkedAt: ctx.now.toISOString(),
  };
}
