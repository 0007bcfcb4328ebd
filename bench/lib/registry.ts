/**
 * 市场主体登记 for bench/applications.ts, in its own process as the shared-data platform would be: it
 * answers `GET /entities/<统一社会信用代码>` as the server's HTTP registry adapter asks
 * (src/server/modules/identity/registry.ts, REGISTRY_URL and REGISTRY_TOKEN), 404 for a code it does not
 * hold, 401 without the token. The parent tells it over IPC which enterprises the run registers, and asks
 * how many lookups it has answered.
 */
import { createServer } from 'node:http';
import type { RegisteredEntity } from '../../src/server/modules/identity/registry';

const token = process.env.REGISTRY_TOKEN ?? '';
const port = Number(process.env.REGISTRY_PORT ?? 3303);
const entities = new Map<string, RegisteredEntity>();
let lookups = 0;
let unknown = 0;
let refused = 0;

const server = createServer((req, res) => {
  if (req.headers.authorization !== `Bearer ${token}`) {
    refused++;
    res.writeHead(401).end();
    return;
  }
  const m = /^\/entities\/([^/?]+)$/.exec(req.url ?? '');
  if (req.method !== 'GET' || !m) {
    res.writeHead(404).end();
    return;
  }
  lookups++;
  const e = entities.get(decodeURIComponent(m[1]!));
  if (!e) {
    unknown++;
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(e));
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => process.send!({ type: 'ready' }));

process.on('message', (m: { type: string; entities?: RegisteredEntity[] }) => {
  if (m.type === 'add') {
    for (const e of m.entities!) entities.set(e.uscc, e);
    process.send!({ type: 'added', size: entities.size });
  } else if (m.type === 'stats') {
    process.send!({ type: 'stats', lookups, unknown, refused });
  } else if (m.type === 'stop') server.close(() => process.exit(0));
});
// The parent gone (killed, failed): nothing is left listening.
process.on('disconnect', () => process.exit(0));
