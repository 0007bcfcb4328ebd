import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';

/** Whether the database answers at all. */
export async function databaseReachable(db: Executor): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
