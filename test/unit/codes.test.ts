import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkResidentId,
  checkUscc,
  completeResidentId,
  completeUscc,
  maskPersonName,
  maskPhone,
  maskResidentId,
  orgCodeCheckChar,
} from '../../src/domain/codes';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts published codes', () => {
    // The standard's own example and codes printed on well-known companies' licences.
    for (const code of [
      '91350100M000100Y43',
      '914403001922038216',
      '91110108551385082Q',
      '91110000802100433B',
    ]) {
      expect(checkUscc(code)).toEqual({ ok: true, value: code });
    }
  });

  it('accepts lower case and surrounding spaces, normalised', () => {
    expect(checkUscc(' 91350100m000100y43 ')).toEqual({ ok: true, value: '91350100M000100Y43' });
  });

  it('names what is wrong', () => {
    expect(checkUscc('9135010')).toMatchObject({ ok: false, reason: expect.stringContaining('18位') });
    expect(checkUscc('91350100M000100Y4I')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('第18位字符“I”'),
    });
    expect(checkUscc('H1350100M000100Y43')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('登记管理部门'),
    });
    expect(checkUscc('9135A100M000100Y43')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('行政区划'),
    });
    expect(checkUscc('91350100M000100Y44')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('第18位应为“3”'),
    });
  });

  it('checks the inner organisation code (GB 11714) on characters 9–17', () => {
    // Same code with the organisation check character changed and the outer check recomputed:
    // only the inner check can catch it.
    const good = completeUscc('91150626', 'MA0N8K2Q');
    const innerWrong = `${good.slice(0, 16)}${good[16] === '1' ? '2' : '1'}`;
    const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const withOuter = (first17: string) => {
      const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
      let s = 0;
      for (let i = 0; i < 17; i++) s += chars.indexOf(first17[i]!) * w[i]!;
      return `${first17}${chars[(31 - (s % 31)) % 31]}`;
    };
    const bad = withOuter(innerWrong);
    expect(checkUscc(good).ok).toBe(true);
    expect(checkUscc(bad)).toMatchObject({ ok: false, reason: expect.stringContaining('组织机构代码') });
  });

  it('organisation code check characters per GB 11714', () => {
    expect(orgCodeCheckChar('D2143569')).toBe('X'); // the standard's worked example: D2143569-X
  });

  it('every completed code passes and any single-character change fails', () => {
    const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const body = fc.string({ unit: fc.constantFrom(...chars.split('')), minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(
        body,
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...chars.split('')),
        (b, pos, ch) => {
          const code = completeUscc('91150626', b);
          expect(checkUscc(code).ok).toBe(true);
          if (code[pos] === ch) return;
          const changed = `${code.slice(0, pos)}${ch}${code.slice(pos + 1)}`;
          expect(checkUscc(changed).ok).toBe(false);
        },
      ),
    );
  });
});

describe('公民身份号码 (GB 11643-1999)', () => {
  const today = '2026-11-23';
  it('accepts the standard example', () => {
    expect(checkResidentId('11010519491231002X', today)).toEqual({ ok: true, value: '11010519491231002X' });
    expect(checkResidentId('11010519491231002x', today).ok).toBe(true);
  });
  it('names what is wrong', () => {
    expect(checkResidentId('1101051949123100', today)).toMatchObject({
      reason: expect.stringContaining('18位'),
    });
    expect(checkResidentId('99010519491231002X', today)).toMatchObject({
      reason: expect.stringContaining('省级行政区划码'),
    });
    expect(checkResidentId(completeResidentId('11010519490230002'), today)).toMatchObject({
      reason: expect.stringContaining('出生日期'),
    });
    expect(checkResidentId(completeResidentId('11010520300101002'), today)).toMatchObject({
      reason: expect.stringContaining('晚于今天'),
    });
    expect(checkResidentId('110105194912310021', today)).toMatchObject({
      reason: expect.stringContaining('应为“X”'),
    });
  });
  it('any single-digit change is caught', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 0, max: 9 }), (pos, d) => {
        const id = '150626199003081528';
        const good = completeResidentId(id.slice(0, 17));
        if (good[pos] === String(d)) return;
        const changed = `${good.slice(0, pos)}${d}${good.slice(pos + 1)}`;
        const r = checkResidentId(changed, today);
        expect(r.ok).toBe(false);
      }),
    );
  });
});

describe('masking', () => {
  it('hides the middle of IDs, phones and names', () => {
    expect(maskResidentId('11010519491231002X')).toBe('110***********002X');
    expect(maskPhone('13947700001')).toBe('139****0001');
    expect(maskPersonName('张三')).toBe('张*');
    expect(maskPersonName('欧阳娜娜')).toBe('欧**娜');
  });
});
