import type { CacheReader } from '../../../runtime/caches';
import { cachedDepartment } from '../department-cache';

/** The names of the departments a page of rows refers to, each looked up once (from the cache where it holds). */
export async function departmentNames(ctx: CacheReader, ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const rows = await Promise.all(unique.map((id) => cachedDepartment(ctx, id)));
  return new Map(unique.map((id, i) => [id, rows[i]?.name ?? '']));
}
