import { formatCommitmentCode } from '../../domain/national-items';
import { chinaDate } from '../../domain/working-days';
import type { Ctx } from '../context';
import { nextCommitmentSerial } from './repository';

/**
 * Allocates the next 承诺编码 for a region on the current day (China time). On PostgreSQL the counter
 * row is incremented in a statement that commits on its own, so its lock lasts one statement instead of
 * the caller's whole transaction (every decision in a region would otherwise queue on it); a caller that
 * then rolls back leaves its serial unused. Codes are unique; they need not be gap-free. (ADR 0007)
 */
export async function allocateCommitmentCode(ctx: Ctx, regionCode: string): Promise<string> {
  const day = chinaDate(ctx.now).replaceAll('-', '');
  formatCommitmentCode(regionCode, day, 1); // validates region and day before touching the counter
  const serial = await nextCommitmentSerial(ctx.database.autocommit ?? ctx.tx, regionCode, day);
  return formatCommitmentCode(regionCode, day, serial);
}
