import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpCreditPlatform, parsePlatformAnswer } from '../../src/server/modules/credit/sources';

// A real HTTP server whose answer depends on the code asked about.
let calls = 0;
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => {
    body += c;
  });
  req.on('end', () => {
    calls++;
    const { code } = JSON.parse(body) as { code: string };
    if (code === 'refuse') return void res.writeHead(403).end();
    if (code === 'garbage')
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{not json');
    if (code === 'down') return void res.writeHead(502).end();
    if (code === 'odd')
      return void res
        .writeHead(200)
        .end(JSON.stringify({ records: [{ kind: 'parking', severity: 'x', decidedOn: '1' }] }));
    res.writeHead(200).end(
      JSON.stringify({
        records: [
          {
            ref: 'R1',
            kind: 'blacklist',
            severity: 'serious',
            authority: '某委',
            decidedOn: '2026-01-01',
            summary: '列入',
          },
        ],
        grade: { scale: 'national', value: 'B', gradedOn: '2026-06-30' },
      }),
    );
  });
});
// Any free port: two suites may run side by side, and a taken port would leave the listen pending forever.
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const PORT = (server.address() as AddressInfo).port;
afterAll(() => new Promise((r) => server.close(r)));

const platform = new HttpCreditPlatform({
  id: 'p',
  name: '测试平台',
  url: `http://127.0.0.1:${PORT}/`,
  token: null,
  timeoutMs: 500,
  retries: 2,
});
const ask = (code: string) => platform.query({ kind: 'enterprise', code, name: '某企业' });

describe('the HTTP credit platform adapter', () => {
  it('reads records and the grade', async () => {
    const a = await ask('ok');
    expect(a.records).toEqual([
      expect.objectContaining({ ref: 'R1', kind: 'blacklist', penaltyFulfilled: null }),
    ]);
    expect(a.grade).toEqual({ scale: 'national', value: 'B', gradedOn: '2026-06-30' });
  });

  it('does not retry a refusal or a malformed answer', async () => {
    for (const [code, words] of [
      ['refuse', '拒绝'],
      ['garbage', 'JSON'],
      ['odd', '无法识别'],
    ] as const) {
      const before = calls;
      await expect(ask(code)).rejects.toThrow(words);
      expect(calls - before).toBe(1);
    }
  });

  it('retries a 5xx up to the limit, then says so', async () => {
    const before = calls;
    await expect(ask('down')).rejects.toThrow('已重试2次');
    expect(calls - before).toBe(3);
  });

  it('a connection refused is a failure, not an empty answer', async () => {
    const closed = new HttpCreditPlatform({
      id: 'x',
      name: '关闭的平台',
      url: 'http://127.0.0.1:3109',
      token: null,
      timeoutMs: 300,
      retries: 0,
    });
    await expect(closed.query({ kind: 'enterprise', code: 'A', name: 'B' })).rejects.toThrow('无法连接平台');
  });

  it('refuses an answer without records', () => {
    expect(() => parsePlatformAnswer({ grade: null })).toThrow('records');
  });
});
