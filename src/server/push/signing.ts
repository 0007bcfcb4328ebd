import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a push is signed, and the check a receiving system runs. HMAC-SM3 (a shared secret per
 * subscription) rather than SM2: at thousands of deliveries a second an SM2 signature in pure JS
 * (≈ 9 ms) would be the bottleneck, and the receiver is a known partner holding the secret.
 *
 *   x-xyp-timestamp: Unix seconds when the attempt was made
 *   x-xyp-signature: hmac-sm3=<hex of HMAC-SM3(secret, timestamp + "." + raw body)>
 *   idempotency-key: the message's key, identical across retries and replays
 *
 * This file depends on node:crypto only, so a receiver written in Node can copy it as it is.
 */
export const SIGNATURE_HEADER = 'x-xyp-signature';
export const TIMESTAMP_HEADER = 'x-xyp-timestamp';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
const SCHEME = 'hmac-sm3=';

export function signPush(secret: string, timestamp: number, body: string): string {
  return `${SCHEME}${createHmac('sm3', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/**
 * For receivers: checks the signature over the raw body as received, and that the timestamp is within
 * `toleranceSeconds` of the receiver's clock (a replayed old request is refused).
 */
export function verifyPushSignature(opts: {
  secret: string;
  body: string | Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  nowSeconds?: number;
  toleranceSeconds?: number;
}): VerifyResult {
  const { timestamp, signature } = opts;
  if (!timestamp || !/^\d+$/.test(timestamp)) return { ok: false, reason: '缺少或错误的时间戳' };
  if (!signature?.startsWith(SCHEME)) return { ok: false, reason: '缺少签名或签名算法不是 hmac-sm3' };
  const now = opts.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (opts.toleranceSeconds ?? 300)) {
    return { ok: false, reason: '时间戳超出允许范围' };
  }
  const expected = Buffer.from(
    createHmac('sm3', opts.secret).update(`${timestamp}.`).update(opts.body).digest('hex'),
  );
  const got = Buffer.from(signature.slice(SCHEME.length));
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
    return { ok: false, reason: '签名不符' };
  }
  return { ok: true };
}
