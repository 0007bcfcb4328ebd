import { sql } from 'drizzle-orm';
import { formatCommitmentCode } from '../../domain/national-items';
import { chinaDate } from '../../domain/working-days';
import type { Ctx } from '../context';
import { queryRows } from '../db/client';

/**
 * Allocates the next 承诺编码 for a region on the current day (China time). On PostgreSQL the counter
 * row is incremented in a statement that commits on its own, so its lock lasts one statement instead of
 * the caller's whole transaction (every decision in a region would otherwise queue on it); a caller that
 * then rolls back leaves its serial unused. Codes are unique; they need not be gap-free. (ADR 0007)
 */
export async function allocateCommitmentCode(ctx: Ctx, regionCode: string): Promise<string> {
  const day = chinaDate(ctx.now).replaceAll('-', '');
  formatCommitmentCode(regionCode, day, 1); // validates region and day before touching the counter
  const [row] = await queryRows<{ last_serial: number }>(
    ctx.database.autocommit ?? ctx.tx,
    sql`insert into commitment_code_counter (region_code, day, last_serial) values (${regionCode}, ${day}, 1)
        on conflict (region_code, day) do update set last_serial = commitment_code_counter.last_serial + 1
        returning last_serial`,
  );
  return formatCommitmentCode(regionCode, day, Number(row!.last_serial));
}
