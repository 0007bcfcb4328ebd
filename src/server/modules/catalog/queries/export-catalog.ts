import type { ImportItem } from '../../../../contracts/catalog';
import type { ReadCtx } from '../../../context';
import { versionToImportItem, writeWorkbook } from '../excel';
import { departmentsById, listLatestVersions, searchPublished } from '../repository';

/**
 * The catalog in the import format, as JSON or as an Excel workbook: the published versions, or every
 * item's latest.
 */
export async function exportCatalog(
  ctx: ReadCtx,
  query: { format: 'json' | 'xlsx'; scope?: 'published' | 'latest' | undefined },
): Promise<{ items: ImportItem[] } | Buffer> {
  const { format, scope = 'published' } = query;
  const chosen =
    scope === 'published'
      ? (await searchPublished(ctx.db, {}, 1, 100_000)).rows
      : (await listLatestVersions(ctx.db, {}, 1, 100_000)).rows;
  const depts = await departmentsById(
    ctx.db,
    chosen.flatMap((r) => [r.departmentId, r.supervisingDepartmentId]),
  );
  const items = chosen.map((v) => versionToImportItem(v, depts));
  return format === 'json' ? { items } : writeWorkbook(items);
}
