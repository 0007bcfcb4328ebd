import type { LicenseStatus, SupersedeKind } from '../contracts/applications';

/** The parts of a license its standing depends on. */
export type LicenseStanding = {
  validFrom: string;
  validUntil: string | null;
  revokedAt: Date | null;
  supersededAt: Date | null;
};

/** Revoked and superseded are final; otherwise a license is valid through its last day, or forever (长期). */
export function licenseStatus(l: LicenseStanding, today: string): LicenseStatus {
  if (l.revokedAt) return 'revoked';
  if (l.supersededAt) return 'superseded';
  if (l.validUntil !== null && l.validUntil < today) return 'expired';
  return 'valid';
}

export const isLive = (l: LicenseStanding, today: string): boolean => licenseStatus(l, today) === 'valid';

/** The day before the same date `years` later: a license issued 2026-11-23 for 5 years ends 2031-11-22. */
export function addYears(from: string, years: number): string {
  const d = new Date(`${from}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  // 29 February of a leap year runs to 28 February (not 1 March) of a common year.
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

const nextDay = (date: string): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/**
 * The validity of a new license. Issued fresh: from today for the item's years, or without end (长期, null
 * years). 延续 extends the old period: the new years count from the day after the old one ends. 变更 changes
 * what the license says, not how long it runs: it keeps the old end date.
 */
export function newLicenseValidity(opts: {
  today: string;
  years: number | null;
  replaces?: { kind: SupersedeKind; validUntil: string | null } | null;
}): { validFrom: string; validUntil: string | null } {
  const { today, years, replaces } = opts;
  if (replaces?.kind === 'change') return { validFrom: today, validUntil: replaces.validUntil };
  if (years === null) return { validFrom: today, validUntil: null };
  if (replaces?.kind === 'renewal' && replaces.validUntil !== null && replaces.validUntil >= today) {
    return { validFrom: today, validUntil: addYears(nextDay(replaces.validUntil), years) };
  }
  return { validFrom: today, validUntil: addYears(today, years) };
}

/** “2026-11-23至2031-11-22”, or “长期” for a license without end. */
export const validityLabel = (validFrom: string, validUntil: string | null): string =>
  validUntil === null ? `${validFrom}起长期有效` : `${validFrom}至${validUntil}`;
