import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config';

describe('configuration', () => {
  it('verifies signatures unless told otherwise, and skips them only on a benchmark database', () => {
    expect(loadConfig({}).signatureVerification).toBe('sm2');
    const skip = { SIGNATURE_VERIFICATION: 'skip-for-benchmark' };
    expect(() => loadConfig(skip)).toThrow(/只能用于压测/);
    expect(() => loadConfig({ ...skip, DATABASE_URL: 'postgres://postgres@db/xinyipi' })).toThrow(
      /只能用于压测/,
    );
    expect(
      loadConfig({
        ...skip,
        DATABASE_URL: 'postgres://postgres@localhost/xyp_h_apps_bench?host=%2Fvar%2Frun',
      }).signatureVerification,
    ).toBe('skip-for-benchmark');
  });
});
