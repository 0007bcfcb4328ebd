import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

const root = resolve(import.meta.dirname, '..');

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/**
 * Starts the real server (`npm start`'s entry point) on a free port and a fresh PGlite data directory,
 * with the demo data loaded as on a first start; the built web application is served from dist/web.
 */
export default async function setup(project: TestProject) {
  mkdirSync(join(root, 'e2e/screenshots'), { recursive: true });
  // While writing a journey: point at a server already running (it must have the demo data).
  if (process.env.E2E_BASE_URL) {
    project.provide('baseURL', process.env.E2E_BASE_URL);
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'xyp-e2e-'));
  const port = await freePort();
  const identityPort = await freePort();
  const server: ChildProcess = spawn(join(root, 'node_modules/.bin/tsx'), ['src/server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      // The browser reaches the server as 127.0.0.1: the identity platform must send it back to the same
      // origin, or the cookie holding the login's state is not sent with the callback.
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      // The local fake identity platform (统一身份认证) on its own free port; no IDENTITY_ISSUER.
      IDENTITY_ISSUER: '',
      IDENTITY_FAKE_PORT: String(identityPort),
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
      // Many logins from one address in a few minutes.
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let stopping = false;
  server.on('exit', (code, signal) => {
    if (!stopping) console.error(`测试用服务意外退出（退出码 ${code}，信号 ${signal}）`);
  });
  const baseURL = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (server.exitCode !== null) throw new Error(`服务未能启动（退出码 ${server.exitCode}）`);
    try {
      const r = await fetch(`${baseURL}/health`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 200_000) throw new Error('服务启动超时');
    await new Promise((r) => setTimeout(r, 500));
  }
  project.provide('baseURL', baseURL);
  return async () => {
    stopping = true;
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  };
}
