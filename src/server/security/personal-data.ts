import { maskResidentId } from '../../domain/codes';
import { replaceResidentIds } from '../../domain/personal-data';
import type { DataCrypto } from './crypto';

/** A resident ID as stored: SM4-sealed, its keyed lookup hash for exact matches, and its masked form. */
export type SealedResidentId = { enc: string; hash: string; masked: string };

export const sealResidentId = (crypto: DataCrypto, id: string): SealedResidentId => ({
  enc: crypto.encrypt(id),
  hash: crypto.lookupHash(id),
  masked: maskResidentId(id),
});

/**
 * In messages kept for other systems (the outbox) a resident ID is replaced by this marker around its
 * SM4-sealed form; the dispatcher turns it back into the ID in clear, or its masked form, per subscription
 * (ADR 0019). Base64 holds no `]`, so the marker ends unambiguously even inside free text.
 */
const MARKER = /\[\[rid:([A-Za-z0-9+/=]+)\]\]/g;

export const hasSealedIds = (text: string): boolean => text.includes('[[rid:');

/** Every resident ID in every string of a JSON value, sealed (keys are left as they are). */
export function sealIdsIn<T>(crypto: DataCrypto, value: T): T {
  if (typeof value === 'string')
    return replaceResidentIds(value, (id) => `[[rid:${crypto.encrypt(id)}]]`) as T;
  if (Array.isArray(value)) return value.map((v) => sealIdsIn(crypto, v)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = sealIdsIn(crypto, v);
    return out as T;
  }
  return value;
}

/**
 * The stored JSON text with each sealed ID opened: in clear when the receiver has been granted resident
 * IDs, masked otherwise. A marker that no longer opens (another data key) goes out as a fixed mask.
 */
export function openIdsInText(crypto: DataCrypto, text: string, clear: boolean): string {
  if (!hasSealedIds(text)) return text;
  return text.replace(MARKER, (_, enc: string) => {
    try {
      const id = crypto.decrypt(enc);
      return clear ? id : maskResidentId(id);
    } catch {
      return '******************';
    }
  });
}
