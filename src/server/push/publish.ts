import {
  type CommitmentSource,
  type LicenseSource,
  toCommitmentDataItems,
  toLicenseDataItems,
} from '../../domain/national-items';
import { chinaDate } from '../../domain/working-days';
import type { Ctx } from '../context';
import { writeOutbox } from '../outbox/outbox';

/**
 * What the applications module calls when a commitment is made or changes, or a license is decided:
 * maps to the national data items (refusing incomplete ones in Chinese) and writes the outbox row in
 * the caller's transaction. Receiving departments are government systems, so codes go unmasked.
 * `version` distinguishes later pushes of the same aggregate (e.g. a changed 履行状态).
 */
export async function pushCommitment(
  ctx: Ctx,
  src: CommitmentSource,
  opts: { aggregateId: string; version?: number },
) {
  const items = toCommitmentDataItems(src, { audience: 'government', today: chinaDate(ctx.now) });
  return writeOutbox(ctx, {
    topic: 'commitment',
    aggregateType: 'commitment',
    aggregateId: opts.aggregateId,
    payload: items,
    idempotencyKey: `commitment:${src.code}:${opts.version ?? 1}`,
  });
}

export async function pushLicense(
  ctx: Ctx,
  src: LicenseSource,
  opts: { aggregateId: string; version?: number },
) {
  const items = toLicenseDataItems(src, { audience: 'government', today: chinaDate(ctx.now) });
  return writeOutbox(ctx, {
    topic: 'license',
    aggregateType: 'license',
    aggregateId: opts.aggregateId,
    payload: items,
    idempotencyKey: `license:${opts.aggregateId}:${opts.version ?? 1}`,
  });
}
