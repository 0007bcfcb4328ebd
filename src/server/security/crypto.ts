import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/** SM3 digest in hex (GB/T 32905), used for tamper evidence and token storage. */
export const sm3 = (data: string | Buffer): string => createHash('sm3').update(data).digest('hex');

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/**
 * Protects personal data at rest: SM4-CBC with a random IV, then HMAC-SM3 over IV and ciphertext
 * (encrypt-then-MAC, since Node offers no authenticated SM4 mode). `lookupHash` lets an exact match
 * be found by index without decrypting anything.
 */
export class DataCrypto {
  readonly #encKey: Buffer;
  readonly #macKey: Buffer;
  readonly #lookupKey: Buffer;
  readonly #master: Buffer;

  constructor(keyHex: string) {
    const master = Buffer.from(keyHex, 'hex');
    if (master.length !== 16) throw new Error('数据密钥应为32位十六进制字符');
    this.#master = master;
    this.#encKey = this.subkey('enc').subarray(0, 16);
    this.#macKey = this.subkey('mac');
    this.#lookupKey = this.subkey('lookup');
  }

  /**
   * A key for one purpose, derived from the data key (HMAC-SM3 of the label), so other secrets kept
   * out of the database (the audit log's MAC and checkpoint keys) need no file of their own.
   */
  subkey(label: string): Buffer {
    return createHmac('sm3', this.#master).update(label).digest();
  }

  encrypt(plain: string): string {
    const iv = randomBytes(16);
    const cipher = createCipheriv('sm4-cbc', this.#encKey, iv);
    const body = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = createHmac('sm3', this.#macKey).update(body).digest();
    return Buffer.concat([body, tag]).toString('base64');
  }

  decrypt(sealed: string): string {
    const buf = Buffer.from(sealed, 'base64');
    const body = buf.subarray(0, buf.length - 32);
    const tag = buf.subarray(buf.length - 32);
    const expected = createHmac('sm3', this.#macKey).update(body).digest();
    if (tag.length !== 32 || !timingSafeEqual(tag, expected)) throw new Error('密文校验失败');
    const decipher = createDecipheriv('sm4-cbc', this.#encKey, body.subarray(0, 16));
    return Buffer.concat([decipher.update(body.subarray(16)), decipher.final()]).toString('utf8');
  }

  lookupHash(value: string): string {
    return createHmac('sm3', this.#lookupKey).update(value).digest('hex');
  }
}
