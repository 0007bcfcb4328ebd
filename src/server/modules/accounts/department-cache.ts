import type { CacheReader } from '../../runtime/caches';
import { type DepartmentRow, findDepartment } from './repository';

/**
 * Departments are created, never edited: a minute-old copy is good enough for documents, pushes and the
 * region a credit policy is chosen by. Bounded, as ids come from requests.
 */
export async function cachedDepartment(ctx: CacheReader, id: string): Promise<DepartmentRow | undefined> {
  const hit = ctx.caches?.departments.get(id);
  if (hit && Date.now() - hit.at < 60_000) return hit.row;
  const row = await findDepartment(ctx.db, id);
  ctx.caches?.departments.set(id, { at: Date.now(), row });
  return row;
}
