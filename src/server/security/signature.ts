import { sm2 } from 'sm-crypto-v2';
import { sm3 } from './crypto';

/**
 * SM2 electronic signatures (GM/T 0003, with the SM3 Z-value of the signer's public key and the default
 * user id). sm-crypto-v2 signs in well under a millisecond, so signing a commitment at decision time
 * does not cap throughput; verification (~5 ms) is only done on request.
 */
export type SigningKey = { publicKey: string; privateKey: string };
export type TextSignature = {
  digest: string;
  signature: string;
  publicKey: string;
  algorithm: 'SM2-with-SM3';
};

export const generateSigningKey = (): SigningKey => {
  const { publicKey, privateKey } = sm2.generateKeyPairHex();
  return { publicKey, privateKey };
};

/** Signs the exact text; `digest` (SM3 of the UTF-8 text) is stored beside it for tamper checks. */
export function signText(text: string, key: SigningKey): TextSignature {
  const signature = sm2.doSignature(text, key.privateKey, { hash: true, publicKey: key.publicKey });
  return {
    digest: sm3(Buffer.from(text, 'utf8')),
    signature,
    publicKey: key.publicKey,
    algorithm: 'SM2-with-SM3',
  };
}

export function verifyText(text: string, signature: string, publicKey: string): boolean {
  try {
    return sm2.doVerifySignature(text, signature, publicKey, { hash: true });
  } catch {
    return false;
  }
}
