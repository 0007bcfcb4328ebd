import { describe, expect, it } from 'vitest';
import { addYears, licenseStatus, newLicenseValidity, validityLabel } from '../../src/domain/licenses';

const standing = { validFrom: '2026-11-23', validUntil: '2031-11-22', revokedAt: null, supersededAt: null };

describe('license standing and validity', () => {
  it('is valid through its last day, expired after; revoked and superseded are final', () => {
    expect(licenseStatus(standing, '2031-11-22')).toBe('valid');
    expect(licenseStatus(standing, '2031-11-23')).toBe('expired');
    expect(licenseStatus({ ...standing, validUntil: null }, '2099-12-31')).toBe('valid');
    expect(licenseStatus({ ...standing, revokedAt: new Date() }, '2027-01-01')).toBe('revoked');
    expect(licenseStatus({ ...standing, supersededAt: new Date() }, '2027-01-01')).toBe('superseded');
    expect(
      licenseStatus({ ...standing, revokedAt: new Date(), supersededAt: new Date() }, '2040-01-01'),
    ).toBe('revoked');
  });

  it('counts years to the day before, leap days included', () => {
    expect(addYears('2026-11-23', 5)).toBe('2031-11-22');
    expect(addYears('2028-02-29', 1)).toBe('2029-02-27');
    expect(addYears('2027-03-01', 1)).toBe('2028-02-29');
    expect(addYears('2026-01-01', 3)).toBe('2028-12-31');
  });

  it('issues fresh, without end, renewed after the old period, or changed within it', () => {
    expect(newLicenseValidity({ today: '2026-11-23', years: 5 })).toEqual({
      validFrom: '2026-11-23',
      validUntil: '2031-11-22',
    });
    expect(newLicenseValidity({ today: '2026-11-23', years: null })).toEqual({
      validFrom: '2026-11-23',
      validUntil: null,
    });
    // 延续: the new years run from the day after the old license ends.
    expect(
      newLicenseValidity({
        today: '2031-10-20',
        years: 5,
        replaces: { kind: 'renewal', validUntil: '2031-11-22' },
      }),
    ).toEqual({ validFrom: '2031-10-20', validUntil: '2036-11-22' });
    // 变更: what the license says changes, not how long it runs.
    expect(
      newLicenseValidity({
        today: '2027-05-01',
        years: 5,
        replaces: { kind: 'change', validUntil: '2031-11-22' },
      }),
    ).toEqual({ validFrom: '2027-05-01', validUntil: '2031-11-22' });
    expect(
      newLicenseValidity({
        today: '2027-05-01',
        years: null,
        replaces: { kind: 'renewal', validUntil: null },
      }),
    ).toEqual({ validFrom: '2027-05-01', validUntil: null });
    expect(validityLabel('2026-11-23', null)).toBe('2026-11-23起长期有效');
    expect(validityLabel('2026-11-23', '2031-11-22')).toBe('2026-11-23至2031-11-22');
  });
});
