import { createHmac, timingSafeEqual } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import type { DataCrypto } from '../security/crypto';

/** The order n of the SM2 curve (GM/T 0003.5): a private key is an integer in [1, n − 2]. */
const SM2_N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');

/**
 * The audit log's two keys, both derived from the data key, which is kept outside the database (the
 * DATA_KEY setting or DATA_DIR/data.key): whoever can write to the database alone can neither make a
 * row's MAC nor sign a checkpoint.
 * - The MAC key (HMAC-SM3) marks every row the application writes; the sealer chains no row without it.
 * - The checkpoint key (SM2) signs the chain's head from time to time; the signed heads are kept outside
 *   the database, so a chain cut short behind them is found.
 */
export class AuditKeys {
  readonly #macKey: Buffer;
  readonly #privateKey: string;
  readonly publicKey: string;

  constructor(crypto: DataCrypto) {
    this.#macKey = crypto.subkey('audit-mac');
    const d = (BigInt(`0x${crypto.subkey('audit-checkpoint').toString('hex')}`) % (SM2_N - 2n)) + 1n;
    this.#privateKey = d.toString(16).padStart(64, '0');
    this.publicKey = sm2.getPublicKeyFromPrivateKey(this.#privateKey);
  }

  mac(text: string): string {
    return createHmac('sm3', this.#macKey).update(text, 'utf8').digest('hex');
  }

  macMatches(text: string, mac: string | null): boolean {
    if (!mac || !/^[0-9a-f]{64}$/.test(mac)) return false;
    return timingSafeEqual(Buffer.from(this.mac(text), 'hex'), Buffer.from(mac, 'hex'));
  }

  sign(text: string): string {
    return sm2.doSignature(text, this.#privateKey, { hash: true, publicKey: this.publicKey });
  }

  /** Against this installation's key unless another public key is given. */
  verify(text: string, signature: string, publicKey = this.publicKey): boolean {
    try {
      return sm2.doVerifySignature(text, signature, publicKey, { hash: true });
    } catch {
      return false;
    }
  }
}

const cache = new WeakMap<DataCrypto, AuditKeys>();

/** One set of keys per data key: deriving the SM2 public key costs a point multiplication. */
export function auditKeys(crypto: DataCrypto): AuditKeys {
  let keys = cache.get(crypto);
  if (!keys) {
    keys = new AuditKeys(crypto);
    cache.set(crypto, keys);
  }
  return keys;
}
