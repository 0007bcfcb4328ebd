// Plain-JavaScript SM3, as the 双随机 draw uses, so that a browser re-checks a draw with this same code.
import { sm3 } from 'sm-crypto-v2';

/**
 * Whether a decided commitment is sampled for verification (抽查). The draw must be unknowable to the
 * applicant before submission, or one could abandon the drafts that would be sampled; so it takes a
 * secret that exists only after the decision is made public: the seed of the decision's day, whose SM3
 * is published before the day's first draw and the seed itself after the day ends (commit–reveal, as
 * the 双随机 plans do). Anyone holding the published inputs recomputes the same answer.
 *
 * Algorithm `sm3-daily-seed-v1`, written out so that it can be re-implemented without this code:
 * 1. digest = SM3 (hex) of the UTF-8 text `sm3-daily-seed-v1|<seed>|<application number>|<decided at>`,
 *    the decision time written as ISO 8601 in UTC with milliseconds (`2026-11-23T02:00:00.000Z`);
 * 2. value = the first 8 hex digits of the digest, an unsigned 32-bit integer;
 * 3. sampled when value × 100 < percent × 2^32: exactly `percent` in a hundred, without the bias of
 *    a remainder.
 */
export const SAMPLING_ALGORITHM = 'sm3-daily-seed-v1';

const TWO_32 = 2 ** 32;

export type SamplingInput = {
  seed: string;
  applicationNumber: string;
  decidedAt: Date;
  /** The plan's sampling ratio for the committer's grade, 0–100. */
  percent: number;
};

export type SamplingOutcome = {
  algorithm: typeof SAMPLING_ALGORITHM;
  digest: string;
  value: number;
  /** The value below which a case is sampled. */
  threshold: number;
  sampled: boolean;
};

export const seedCommitment = (seed: string): string => sm3(seed);

export function drawSample(input: SamplingInput): SamplingOutcome {
  if (!Number.isFinite(input.percent) || input.percent < 0 || input.percent > 100) {
    throw new RangeError('sampling percent must be within 0–100');
  }
  const text = `${SAMPLING_ALGORITHM}|${input.seed}|${input.applicationNumber}|${input.decidedAt.toISOString()}`;
  const digest = sm3(text);
  const value = Number.parseInt(digest.slice(0, 8), 16);
  // percent × 2^32 / 100 is below 2^53: exact in a double.
  const threshold = Math.ceil((input.percent * TWO_32) / 100);
  return {
    algorithm: SAMPLING_ALGORITHM,
    digest,
    value,
    threshold,
    sampled: value * 100 < input.percent * TWO_32,
  };
}
