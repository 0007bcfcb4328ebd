import { createHmac, randomBytes } from 'node:crypto';
import { entryCommitment } from '../../../domain/inspection-draw';
import type { Ctx } from '../../context';
import type { DataCrypto } from '../../security/crypto';
import { type PlanRow, type StoredCandidate, updatePlan } from './repository';

/**
 * Each candidate's salt is HMAC-SM3 of its code under the plan's own random key (kept SM4-encrypted with
 * the plan): 128 bits no one without the key can guess, one key to keep instead of a salt per candidate,
 * and the same subject's salts in two plans are unrelated.
 */
export const newEntryKey = (): string => randomBytes(32).toString('hex');

export const entrySalt = (entryKey: string, code: string): string =>
  createHmac('sm3', Buffer.from(entryKey, 'hex')).update(code, 'utf8').digest('hex').slice(0, 32);

export const withCommitments = (
  candidates: readonly StoredCandidate[],
  entryKey: string,
): StoredCandidate[] =>
  candidates.map((c) => ({
    ...c,
    commitment: entryCommitment(entrySalt(entryKey, c.code), c.code, c.grade),
  }));

/** The plan's entry key, or null for a plan made before commitments and not drawn since. */
export const planEntryKey = (crypto: DataCrypto, plan: Pick<PlanRow, 'entryKeyEnc'>): string | null =>
  plan.entryKeyEnc ? crypto.decrypt(plan.entryKeyEnc) : null;

/**
 * A plan made before commitments gets them before its next draw (its list hash was never published, so
 * nothing is lost): the draw is then made with the current algorithm.
 */
export async function ensureCommitments(ctx: Ctx, plan: PlanRow): Promise<PlanRow> {
  if (plan.entryKeyEnc) return plan;
  const key = newEntryKey();
  const candidates = withCommitments(plan.candidates as StoredCandidate[], key);
  const entryKeyEnc = ctx.crypto.encrypt(key);
  await updatePlan(ctx.tx, ctx.crypto, plan.id, { candidates, entryKeyEnc });
  return { ...plan, candidates, entryKeyEnc };
}
