import type { DocumentCheck, DocumentStatus } from '../../../../contracts/documents';
import { documentStatusLabels } from '../../../../contracts/documents';
import { maskPersonName } from '../../../../domain/codes';
import { DomainError } from '../../../../domain/errors';
import { chinaDate } from '../../../../domain/working-days';
import type { PublicReadCtx } from '../../../http/route';
import { type DocumentCase, documentTitle, loadDocumentCase } from '../models';
import { findDocument, latestDocumentOf } from '../repository';

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
export async function checkDocument(ctx: PublicReadCtx, id: string): Promise<DocumentCheck> {
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
