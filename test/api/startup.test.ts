import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { lockDataDir } from '../../src/server/runtime/data-dir-lock';
import { withDatabaseName } from '../helpers/database';

const dataDir = mkdtempSync(join(tmpdir(), 'xyp-start-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

type Started = {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
  port: Promise<number>;
};

/**
 * A port nobody listens on. With PORT=0 the local identity provider would default to PORT+1 = 1, which a
 * second suite running side by side takes too.
 */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `npm start` as a user runs it: the real entry point, by default the embedded database in DATA_DIR. */
async function start(env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: '',
      LOG_LEVEL: 'info',
      SEED_DEMO: 'true',
      IDENTITY_FAKE_PORT: String(await freePort()),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  const port = new Promise<number>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', () => reject(new Error(`exited before listening: ${out}`)));
  });
  port.catch(() => undefined);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exit, port };
}

describe('npm start on the embedded database', () => {
  it('migrates and seeds on first start, refuses a second server on the same folder, and stops gracefully', async () => {
    const first = await start();
    const port = await first.port;
    expect(first.output()).toContain('已载入演示数据');
    const health = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
    expect(health).toMatchObject({
      database: { kind: 'pglite', reachable: true },
      migrations: { current: true },
    });
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'clerk', password: 'xinyipi2026' }),
    });
    expect(login.status).toBe(200);
    const docs = await fetch(`http://127.0.0.1:${port}/openapi.json`);
    expect((await docs.json()).info.title).toBe('信易批 API');
    expect((await fetch(`http://127.0.0.1:${port}/docs`)).status).toBe(200);

    const second = await start();
    expect(await second.exit).toBe(1);
    expect(second.output()).toMatch(/数据目录 .* 正被进程 \d+ 使用/);

    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
    // The lock file stays (the kernel's lock on it is what counts) and names the last holder.
    expect(readFileSync(join(dataDir, 'xinyipi.lock'), 'utf8')).toBe(String(first.child.pid));

    // Restarted on the same folder: data kept, nothing seeded twice.
    const third = await start();
    const port3 = await third.port;
    expect(third.output()).not.toContain('已载入演示数据');
    expect((await fetch(`http://127.0.0.1:${port3}/health`)).status).toBe(200);
    third.child.kill('SIGKILL');
    await third.exit;

    // After a crash the stale lock does not block a restart.
    expect(existsSync(join(dataDir, 'xinyipi.lock'))).toBe(true);
    const fourth = await start();
    await fourth.port;
    fourth.child.kill('SIGTERM');
    expect(await fourth.exit).toBe(0);
    // Four real starts, the first with initdb, migrations and the demo seed: minutes on a loaded machine.
  }, 300_000);
});

const pgUrl = process.env.TEST_DATABASE_URL;

/** The serving processes the primary forked, from /proc (Linux). */
const childrenOf = (pid: number): number[] =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    // Not the `flock` child holding the data-directory lock.
    .filter((c) => {
      try {
        return readFileSync(`/proc/${c}/comm`, 'utf8').trim() !== 'flock';
      } catch {
        return true;
      }
    });

describe('several server processes', () => {
  it('refuses several processes on the embedded database', async () => {
    const s = await start({ PROCESSES: '2' });
    expect(await s.exit).toBe(1);
    expect(s.output()).toContain('内置数据库（PGlite）只能由一个进程使用');
  });

  it.skipIf(!pgUrl)(
    'on PostgreSQL: prepares the database once, serves from every process, replaces one that dies, stops all',
    async () => {
      const name = `xyp_start_${process.pid}`;
      const admin = new pg.Client({ connectionString: withDatabaseName(pgUrl!, 'postgres') });
      await admin.connect();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.query(`create database ${name}`);
      const dir = mkdtempSync(join(tmpdir(), 'xyp-start-pg-'));
      try {
        const s = await start({
          PROCESSES: '3',
          DATABASE_URL: withDatabaseName(pgUrl!, name),
          DATA_DIR: dir,
        });
        const port = await s.port;
        await vi.waitFor(() => expect(s.output()).toContain('信易批已启动（3 个进程）'), { timeout: 60_000 });
        expect(s.output().match(/已载入演示数据/g)).toHaveLength(1);
        const workers = childrenOf(s.child.pid!);
        expect(workers).toHaveLength(3);

        const logins = await Promise.all(
          Array.from({ length: 12 }, () =>
            fetch(`http://127.0.0.1:${port}/api/auth/login`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', connection: 'close' },
              body: JSON.stringify({ username: 'clerk', password: 'xinyipi2026' }),
            }),
          ),
        );
        expect(logins.map((r) => r.status)).toEqual(Array(12).fill(200));

        process.kill(workers[0]!, 'SIGKILL');
        await vi.waitFor(
          () => {
            expect(s.output()).toContain('一秒后重新启动');
            const now = childrenOf(s.child.pid!);
            expect(now).toHaveLength(3);
            expect(now).not.toContain(workers[0]);
          },
          { timeout: 60_000, interval: 200 },
        );
        expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

        const serving = childrenOf(s.child.pid!);
        s.child.kill('SIGTERM');
        expect(await s.exit).toBe(0);
        // The serving processes, and the child that held the data-directory lock, all end.
        await vi.waitFor(() => {
          for (const w of serving) expect(() => process.kill(w, 0)).toThrow();
        });
        (await lockDataDir(dir))();
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    },
    120_000,
  );
});
