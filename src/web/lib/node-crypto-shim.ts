/**
 * The two node:crypto calls the 双随机 draw (src/domain/inspection-draw.ts) makes, for the browser, so
 * that the very code the server draws with re-runs a published draw on the reader's own machine:
 * SM3 digests and the SM4-CTR keystream, from sm-crypto-v2 (ECB over successive counter blocks is CTR).
 */
import { Buffer } from 'buffer';
import { sm3, sm4 } from 'sm-crypto-v2';

// The draw module reads big-endian words from Buffers; the browser has none of its own.
(globalThis as { Buffer?: unknown }).Buffer ??= Buffer;

const utf8 = new TextEncoder();

export type Cipher = { update(data: Uint8Array): Buffer };

export function createHash(algorithm: string) {
  if (algorithm !== 'sm3') throw new Error(`unsupported hash ${algorithm}`);
  const parts: Uint8Array[] = [];
  const hash = {
    update(data: string | Uint8Array, _encoding?: string) {
      parts.push(typeof data === 'string' ? utf8.encode(data) : data);
      return hash;
    },
    digest(_encoding: 'hex'): string {
      const total = parts.reduce((n, p) => n + p.length, 0);
      const all = new Uint8Array(total);
      let at = 0;
      for (const p of parts) {
        all.set(p, at);
        at += p.length;
      }
      return sm3(all);
    },
  };
  return hash;
}

export function createCipheriv(algorithm: string, key: Uint8Array, iv: Uint8Array): Cipher {
  if (algorithm !== 'sm4-ctr') throw new Error(`unsupported cipher ${algorithm}`);
  const counter = Uint8Array.from(iv);
  const increment = () => {
    for (let i = 15; i >= 0; i--) {
      counter[i] = (counter[i]! + 1) & 0xff;
      if (counter[i] !== 0) break;
    }
  };
  return {
    update(data: Uint8Array): Buffer {
      const blocks = Math.ceil(data.length / 16);
      const counters = new Uint8Array(blocks * 16);
      for (let b = 0; b < blocks; b++) {
        counters.set(counter, b * 16);
        increment();
      }
      const stream = sm4.encrypt(counters, Uint8Array.from(key), {
        mode: 'ecb',
        padding: 'none',
        output: 'array',
      });
      const out = Buffer.alloc(data.length);
      for (let i = 0; i < data.length; i++) out[i] = data[i]! ^ stream[i]!;
      return out;
    },
  };
}
