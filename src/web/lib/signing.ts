import {
  createSigningKey,
  openSigningKey,
  type SealedSigningKey,
  signCommitmentText,
} from '../../domain/commitment-signing';
import { ApiError, api } from '../api/client';

/**
 * The applicant's signing key lives in this browser only: sealed under the applicant's PIN in localStorage,
 * opened for one signature and dropped. The platform is sent the public key and the signature, never the PIN.
 */
const storageKey = (userId: string) => `xyp.signingKey.${userId}`;

export function localSigningKey(userId: string): SealedSigningKey | null {
  const raw = localStorage.getItem(storageKey(userId));
  return raw ? (JSON.parse(raw) as SealedSigningKey) : null;
}

/** Whether this browser holds the key the account is bound to (else a new one must be made here). */
export async function holdsBoundKey(userId: string): Promise<boolean> {
  const local = localSigningKey(userId);
  if (!local) return false;
  try {
    const bound = await api.get<{ publicKey: string }>('/api/signing-key');
    return bound.publicKey === local.publicKey;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return false;
    throw e;
  }
}

/** First signature on this device: a new key pair, sealed under the PIN, its public half bound to the account. */
export async function makeSigningKey(userId: string, pin: string): Promise<void> {
  const sealed = await createSigningKey(pin);
  await api.put('/api/signing-key', { publicKey: sealed.publicKey });
  localStorage.setItem(storageKey(userId), JSON.stringify(sealed));
}

export async function signWithPin(userId: string, pin: string, text: string): Promise<string> {
  const sealed = localSigningKey(userId);
  if (!sealed) throw new Error('本机没有签名密钥，请先设置签名密码');
  const privateKey = await openSigningKey(sealed, pin);
  return signCommitmentText(text, privateKey, sealed.publicKey);
}
