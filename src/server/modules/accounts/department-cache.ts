import type { Executor } from '../../db/client';
import { type DepartmentRow, findDepartment } from './repository';

/**
 * Departments are created, never edited: a minute-old copy is good enough for documents, pushes and the
 * region a credit policy is chosen by. Bounded, as ids come from requests.
 */
const departmentCache = new Map<string, { at: number; row: DepartmentRow | undefined }>();

export async function cachedDepartment(db: Executor, id: string): Promise<DepartmentRow | undefined> {
  const hit = departmentCache.get(id);
  if (hit && Date.now() - hit.at < 60_000) return hit.row;
  const row = await findDepartment(db, id);
  if (departmentCache.size >= 1000) departmentCache.delete(departmentCache.keys().next().value!);
  departmentCache.set(id, { at: Date.now(), row });
  return row;
}
