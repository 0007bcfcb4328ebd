import { sm2 as referenceSm2 } from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import { sm3 } from '../../src/server/security/crypto';
import { generateSigningKey, signText, verifyText } from '../../src/server/security/signature';

const letter = '本人已知晓告知书全部内容，承诺符合许可条件，愿意承担虚假承诺的法律责任。';

describe('SM2 signatures over commitment text', () => {
  it('verifies the exact text and nothing else', () => {
    const key = generateSigningKey();
    const s = signText(letter, key);
    expect(verifyText(letter, s.signature, key.publicKey)).toBe(true);
    expect(verifyText(`${letter} `, s.signature, key.publicKey)).toBe(false);
    expect(verifyText(letter, s.signature, generateSigningKey().publicKey)).toBe(false);
    expect(verifyText(letter, 'zz', key.publicKey)).toBe(false);
    expect(s.digest).toBe(sm3(Buffer.from(letter, 'utf8')));
  });

  it('interoperates with an independent GM/T 0003 implementation both ways', () => {
    const key = generateSigningKey();
    const ours = signText(letter, key);
    expect(referenceSm2.doVerifySignature(letter, ours.signature, key.publicKey, { hash: true })).toBe(true);
    const theirs = referenceSm2.doSignature(letter, key.privateKey, { hash: true, publicKey: key.publicKey });
    expect(verifyText(letter, theirs, key.publicKey)).toBe(true);
  });

  it('SM3 matches the GB/T 32905 example', () => {
    expect(sm3('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
});
