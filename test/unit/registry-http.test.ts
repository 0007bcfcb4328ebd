import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/codes';
import { isDomainError } from '../../src/domain/errors';
import { HttpEnterpriseRegistry, type RegisteredEntity } from '../../src/server/modules/identity/registry';

const known: RegisteredEntity = {
  uscc: completeUscc('91150626', 'MA0HTTP1'),
  kind: 'enterprise',
  name: '乌审旗登记接口测试有限公司',
  legalRepresentative: '其木格',
  registeredOn: '2021-07-01',
  registrationAuthority: '乌审旗市场监督管理局',
  address: '内蒙古自治区鄂尔多斯市乌审旗',
  status: 'active',
};
const broken = completeUscc('91150626', 'MA0HTTP2');
const slow = completeUscc('91150626', 'MA0HTTP3');
const garbled = completeUscc('91150626', 'MA0HTTP4');

/** A registry served over HTTP as the shared-data platform serves it, checking the bearer token. */
let server: Server;
let base: string;
const seen: { path: string; authorization: string | undefined; socket: unknown }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', authorization: req.headers.authorization, socket: req.socket });
    if (req.headers.authorization !== 'Bearer t0ken') return res.writeHead(401).end();
    const code = decodeURIComponent((req.url ?? '').replace('/registry/entities/', ''));
    if (code === known.uscc)
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(known));
    if (code === broken) return res.writeHead(503).end('维护中');
    if (code === garbled) return res.writeHead(200).end('{"uscc":');
    if (code === slow) return void setTimeout(() => res.writeHead(404).end(), 1000);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/registry`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const unavailable = (e: unknown) => isDomainError(e) && e.code === 'UNAVAILABLE';

describe('the registry over HTTP', () => {
  it('answers a registered entity as the registry has it, and null for a code it does not hold', async () => {
    const registry = new HttpEnterpriseRegistry(base, 't0ken');
    expect(await registry.find(known.uscc)).toEqual(known);
    expect(await registry.find(completeUscc('91150626', 'MA0HTTP9'))).toBeNull();
    const mine = seen.slice(-2);
    expect(mine.map((s) => s.path)).toEqual([
      `/registry/entities/${known.uscc}`,
      `/registry/entities/${completeUscc('91150626', 'MA0HTTP9')}`,
    ]);
    expect(mine.every((s) => s.authorization === 'Bearer t0ken')).toBe(true);
    // The second question went over the connection the first one opened.
    expect(mine[0]!.socket).toBe(mine[1]!.socket);
  });

  it('is unavailable, never "not registered", when the registry refuses, fails, garbles or is too slow', async () => {
    const wrongToken = new HttpEnterpriseRegistry(base, 'other');
    await expect(wrongToken.find(known.uscc)).rejects.toSatisfy(unavailable);
    const registry = new HttpEnterpriseRegistry(`${base}/`, 't0ken', 200);
    await expect(registry.find(broken)).rejects.toSatisfy(unavailable);
    await expect(registry.find(garbled)).rejects.toSatisfy(unavailable);
    const started = Date.now();
    await expect(registry.find(slow)).rejects.toSatisfy(unavailable);
    expect(Date.now() - started).toBeLessThan(900);
    const nobody = new HttpEnterpriseRegistry('http://127.0.0.1:9/registry', null, 500);
    await expect(nobody.find(known.uscc)).rejects.toSatisfy(unavailable);
  });
});
