import type { CatalogDocument } from '../../../../contracts/catalog';
import { DomainError } from '../../../../domain/errors';
import type { PublicReadCtx } from '../../../http/route';
import { documentFileName, documentModel, type Filler, renderHtml, renderPdf } from '../documents';
import { departmentsById, findPublishedByCode, getItemVersion, type VersionRow } from '../repository';

/** A rendered notice or commitment form: HTML to show in the browser, PDF to download. */
export type RenderedForm = { type: string; disposition: string; body: string | Buffer };

async function render(
  ctx: Pick<PublicReadCtx, 'db'>,
  v: VersionRow,
  doc: CatalogDocument,
  format: 'html' | 'pdf',
  fill: Filler,
): Promise<RenderedForm> {
  const depts = await departmentsById(ctx.db, [v.departmentId]);
  const model = documentModel(doc, v, depts.get(v.departmentId)?.name ?? '', fill);
  const name = encodeURIComponent(documentFileName(v, doc, format));
  if (format === 'html') {
    return {
      type: 'text/html; charset=utf-8',
      disposition: `inline; filename*=UTF-8''${name}`,
      body: renderHtml(model),
    };
  }
  return {
    type: 'application/pdf',
    disposition: `attachment; filename*=UTF-8''${name}`,
    body: await renderPdf(model),
  };
}

/** The public form of a published item, blank or filled with what the visitor typed (not stored). */
export async function publishedItemDocument(
  ctx: PublicReadCtx,
  code: string,
  doc: CatalogDocument,
  format: 'html' | 'pdf',
  fill: Filler,
): Promise<RenderedForm> {
  const v = await findPublishedByCode(ctx.db, code);
  if (!v) throw new DomainError('NOT_FOUND', '事项不存在或未发布');
  if (!v.modes.some((m) => m !== 'standard')) {
    throw new DomainError('NOT_FOUND', '该事项只适用一般程序，没有告知承诺书');
  }
  return render(ctx, v, doc, format, fill);
}

/** Any version's form, for staff reviewing a draft. */
export async function versionDocument(
  ctx: PublicReadCtx,
  id: string,
  doc: CatalogDocument,
  format: 'html' | 'pdf',
  fill: Filler,
): Promise<RenderedForm> {
  const v = await getItemVersion(ctx.db, id);
  if (!v) throw new DomainError('NOT_FOUND', '事项版本不存在');
  return render(ctx, v, doc, format, fill);
}
