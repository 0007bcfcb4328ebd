import type { CatalogDocument } from '../../../../contracts/catalog';
import { DomainError } from '../../../../domain/errors';
import type { Download, PublicReadCtx } from '../../../http/route';
import { documentFileName, documentModel, type Filler, renderHtml, renderPdf } from '../documents';
import { departmentsById, findPublishedByCode, getItemVersion, type VersionRow } from '../repository';

/** Which form (the notice or the commitment letter), in which format, filled with what. */
export type FormRequest = { doc: CatalogDocument; format: 'html' | 'pdf'; fill: Filler };

async function render(
  ctx: Pick<PublicReadCtx, 'db'>,
  v: VersionRow,
  { doc, format, fill }: FormRequest,
): Promise<Download> {
  const depts = await departmentsById(ctx.db, [v.departmentId]);
  const model = documentModel(doc, v, depts.get(v.departmentId)?.name ?? '', fill);
  const name = documentFileName(v, doc, format);
  // HTML to show in the browser, PDF to download.
  if (format === 'html') {
    return { type: 'text/html; charset=utf-8', name, how: 'inline', body: renderHtml(model) };
  }
  return { type: 'application/pdf', name, body: await renderPdf(model) };
}

/** The public form of a published item, blank or filled with what the visitor typed (not stored). */
export async function publishedItemDocument(
  ctx: PublicReadCtx,
  code: string,
  form: FormRequest,
): Promise<Download> {
  const v = await findPublishedByCode(ctx.db, code);
  if (!v) throw new DomainError('NOT_FOUND', '事项不存在或未发布');
  if (!v.modes.some((m) => m !== 'standard')) {
    throw new DomainError('NOT_FOUND', '该事项只适用一般程序，没有告知承诺书');
  }
  return render(ctx, v, form);
}

/** Any version's form, for staff reviewing a draft. */
export async function versionDocument(ctx: PublicReadCtx, id: string, form: FormRequest): Promise<Download> {
  const v = await getItemVersion(ctx.db, id);
  if (!v) throw new DomainError('NOT_FOUND', '事项版本不存在');
  return render(ctx, v, form);
}
