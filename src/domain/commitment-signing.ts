import { sm2 } from 'sm-crypto-v2';

/**
 * The applicant's side of an electronic commitment signature (电子签名法 §13: the signature creation data
 * are under the signer's sole control). Pure JavaScript with WebCrypto only, so the same code runs in the
 * browser and in Node (API tests): the SM2 private key is made here, sealed with a key derived from the
 * applicant's PIN (PBKDF2-SHA-256, AES-GCM) and kept by the applicant; the platform only ever receives the
 * public key and signatures.
 */
export type SealedSigningKey = {
  /** Uncompressed SM2 public key (hex), the one bound to the account. */
  publicKey: string;
  /** base64 */
  salt: string;
  iv: string;
  ciphertext: string;
  iterations: number;
};

export const SIGNATURE_ALGORITHM = 'SM2-with-SM3';
const ITERATIONS = 210_000;

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

async function pinKey(pin: string, salt: Uint8Array, iterations: number) {
  const subtle = globalThis.crypto.subtle;
  const base = await subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveKey']);
  return subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export function checkPin(pin: string): string | null {
  return /^\d{6,12}$/.test(pin) ? null : '签名密码须为6至12位数字';
}

/** Makes a new key pair and seals its private half under the PIN; nothing here leaves the caller. */
export async function createSigningKey(pin: string): Promise<SealedSigningKey> {
  const problem = checkPin(pin);
  if (problem) throw new Error(problem);
  const { publicKey, privateKey } = sm2.generateKeyPairHex();
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const key = await pinKey(pin, salt, ITERATIONS);
  const ciphertext = new Uint8Array(
    await globalThis.crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: iv as BufferSource, additionalData: new TextEncoder().encode(publicKey) },
      key,
      new TextEncoder().encode(privateKey),
    ),
  );
  return { publicKey, salt: b64(salt), iv: b64(iv), ciphertext: b64(ciphertext), iterations: ITERATIONS };
}

/** Opens the sealed key with the PIN; a wrong PIN fails the AES-GCM tag check. */
export async function openSigningKey(sealed: SealedSigningKey, pin: string): Promise<string> {
  try {
    const key = await pinKey(pin, unb64(sealed.salt), sealed.iterations);
    const plain = await globalThis.crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: unb64(sealed.iv) as BufferSource,
        additionalData: new TextEncoder().encode(sealed.publicKey),
      },
      key,
      unb64(sealed.ciphertext) as BufferSource,
    );
    return new TextDecoder().decode(plain);
  } catch {
    throw new Error('签名密码不正确');
  }
}

/** SM2 over the exact UTF-8 text with the SM3 Z-value of the signer's public key (GM/T 0003, default user id). */
export function signCommitmentText(text: string, privateKey: string, publicKey: string): string {
  return sm2.doSignature(text, privateKey, { hash: true, publicKey });
}

export function verifyCommitmentText(text: string, signature: string, publicKey: string): boolean {
  try {
    return sm2.doVerifySignature(text, signature, publicKey, { hash: true });
  } catch {
    return false;
  }
}
