import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../src/server/runtime/data-dir-lock';

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'xyp-lock-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the data-directory lock', () => {
  it('lets one holder in, names it to the next, and is free again once released', async () => {
    const dir = fresh();
    const release = await lockDataDir(dir);
    expect(readFileSync(join(dir, 'xinyipi.lock'), 'utf8')).toBe(String(process.pid));
    await expect(lockDataDir(dir)).rejects.toThrow(`数据目录 ${dir} 正被进程 ${process.pid} 使用`);
    release();
    // The child holding the lock sees its input close and exits; give it a moment.
    for (let i = 0; i < 50; i++) {
      try {
        (await lockDataDir(dir))();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    throw new Error('lock not free after release');
  });

  it('of many taking it at once, exactly one wins', async () => {
    const dir = fresh();
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => lockDataDir(dir)));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    (won[0] as PromiseFulfilledResult<() => void>).value();
  });

  it('a stale file naming a dead process, or this very process, does not refuse a start', async () => {
    const dir = fresh();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(join(dir, 'xinyipi.lock'), String(dead));
    (await lockDataDir(dir))();
    // A restarted container runs as the same PID as the process that wrote the file.
    const again = fresh();
    writeFileSync(join(again, 'xinyipi.lock'), String(process.pid));
    (await lockDataDir(again))();
  });

  it('is dropped by the kernel when its holder is killed with SIGKILL', async () => {
    const dir = fresh();
    const holder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('./src/server/runtime/data-dir-lock.ts').then(async (m) => { await m.lockDataDir(${JSON.stringify(dir)}); console.log('held'); setInterval(() => {}, 1000); })`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) =>
      holder.stdout!.on('data', (d) => String(d).includes('held') && resolve()),
    );
    await expect(lockDataDir(dir)).rejects.toThrow(`正被进程 ${holder.pid} 使用`);
    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('exit', r));
    for (let i = 0; i < 100; i++) {
      try {
        (await lockDataDir(dir))();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    throw new Error('lock still held after its holder was killed');
  });
});
