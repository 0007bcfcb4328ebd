import type { ReadCtx } from '../../../context';
import { findRepair } from '../../credit/repository';
import { documentNotFound, mayReadCaseDocuments, mayReadRepairDocuments } from '../access';
import {
  renderCertificateHtml,
  renderCertificatePdf,
  renderLetterHtml,
  renderLetterPdf,
  type SealPlacement,
} from '../layout';
import { type DocumentCase, documentModel, loadDocumentCase } from '../models';
import { type DocumentRow, findDocument } from '../repository';
import { verifyUrlOf } from '../verify-url';

async function assertMayRead(ctx: ReadCtx, c: DocumentCase): Promise<void> {
  if (c.app) {
    if (!mayReadCaseDocuments(ctx.actor, c.app, c.version)) throw documentNotFound();
    return;
  }
  const repair = c.doc.repairRequestId ? await findRepair(ctx.db, c.doc.repairRequestId) : undefined;
  if (!repair || !(await mayReadRepairDocuments(ctx, repair, c.doc.departmentId))) throw documentNotFound();
}

export type RenderedDocument = {
  doc: DocumentRow;
  title: string;
  authority: string;
  body: Buffer | string;
  seal: SealPlacement | null;
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
