import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/bootstrap';
import { loadConfig } from '../../src/server/config';

const dataDir = mkdtempSync(join(tmpdir(), 'xyp-clock-'));
let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('TEST_CLOCK', () => {
  it('is off unless set, and refused with several processes', () => {
    expect(loadConfig({}).testClock).toBe(false);
    expect(loadConfig({ TEST_CLOCK: 'true' }).testClock).toBe(true);
    expect(() => loadConfig({ TEST_CLOCK: 'true', PROCESSES: '2', DATABASE_URL: 'postgres://x/y' })).toThrow(
      /TEST_CLOCK/,
    );
  });

  it('a server started with it runs on the test clock, which keeps time with the real one and moves forward on request', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: '',
        LOG_LEVEL: 'info',
        SEED_DEMO: 'true',
        TEST_CLOCK: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const port = await new Promise<number>((resolve, reject) => {
      const onData = (d: Buffer) => {
        out += d.toString();
        const m = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      };
      child!.stdout!.on('data', onData);
      child!.stderr!.on('data', onData);
      child!.on('exit', () => reject(new Error(`exited before listening: ${out}`)));
    });
    expect(out).toContain('测试时钟');
    const base = `http://127.0.0.1:${port}`;
    const health = async () => (await (await fetch(`${base}/health`)).json()).clock;
    const first = await health();
    expect(first.mode).toBe('test');
    expect(Math.abs(Date.parse(first.now) - Date.now())).toBeLessThan(60_000);

    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'sysadmin', password: DEMO_PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = (await login.json()).csrfToken;
    const advanced = await fetch(`${base}/api/admin/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
      body: JSON.stringify({ hours: 2 }),
    });
    expect(advanced.status).toBe(200);
    const moved = Date.parse((await advanced.json()).now);
    expect(moved - Date.parse(first.now)).toBeGreaterThanOrEqual(2 * 3_600_000);
    // It runs on with real time from there, so the workers keep polling.
    await expect
      .poll(async () => Date.parse((await health()).now) - moved, { timeout: 10_000, interval: 500 })
      .toBeGreaterThanOrEqual(1000);
  }, 120_000);
});
