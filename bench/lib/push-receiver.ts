/**
 * The receiving system for bench/push.ts, in its own process (as a real one would be): verifies each
 * signature, counts deliveries per message id, and answers the parent's questions over IPC.
 */
import { createServer } from 'node:http';
import { verifyPushSignature } from '../../src/server/push/signing';

const secret = process.env.PUSH_SECRET ?? '';
const port = Number(process.env.RECEIVER_PORT ?? 3202);
const seen = new Map<string, number>();
let total = 0;
let badSignatures = 0;
let baseline = 0;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const check = verifyPushSignature({
      secret,
      body,
      timestamp: req.headers['x-xyp-timestamp'] as string | undefined,
      signature: req.headers['x-xyp-signature'] as string | undefined,
    });
    if (!check.ok) {
      badSignatures++;
      res.writeHead(401).end();
      return;
    }
    if (req.url === '/baseline') baseline++;
    else {
      const id = req.headers['idempotency-key'] as string;
      seen.set(id, (seen.get(id) ?? 0) + 1);
      total++;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => process.send!({ type: 'ready' }));

process.on('message', (m: { type: string; prefix?: string; n?: number }) => {
  if (m.type === 'stats') {
    let distinct = 0;
    for (const k of seen.keys()) if (!m.prefix || k.startsWith(m.prefix)) distinct++;
    process.send!({ type: 'stats', distinct, total, badSignatures, baseline });
  } else if (m.type === 'report') {
    let distinct = 0;
    let deliveries = 0;
    const missing: string[] = [];
    for (let i = 1; i <= m.n!; i++) {
      const c = seen.get(`${m.prefix}${i}`) ?? 0;
      if (c > 0) distinct++;
      else if (missing.length < 20) missing.push(`${m.prefix}${i}`);
      deliveries += c;
    }
    process.send!({ type: 'report', distinct, deliveries, duplicates: deliveries - distinct, missing });
  } else if (m.type === 'stop') server.close(() => process.exit(0));
});
