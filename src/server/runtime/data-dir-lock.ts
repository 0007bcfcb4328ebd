import { spawn } from 'node:child_process';
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

const LOCK_FILE = 'xinyipi.lock';
/** flock(1)'s exit code when the lock is held elsewhere (chosen so it cannot be confused with others). */
const HELD = 75;

const inUse = (dir: string, holder: string) =>
  new Error(
    `数据目录 ${dir} 正被${/^\d+$/.test(holder) ? `进程 ${holder}` : '另一个进程'} 使用，拒绝启动第二个服务以免损坏数据`,
  );

/**
 * PGlite lets two processes open one data folder and then loses writes, so the server takes this lock
 * first and holds it while it runs.
 *
 * The lock is the kernel's: an exclusive flock(2) on `xinyipi.lock`, held by a small `flock` child whose
 * standard input is a pipe from this process. The kernel decides who gets it (two starting at once cannot
 * both win) and drops it the moment this process ends in any way, kill -9 included, because the pipe
 * closes and the child exits. No PID is judged alive or dead, so neither a stale file nor a PID this
 * process happens to share with the one that wrote it (a container restarted as PID 1) can refuse a
 * restart. The file is never deleted (a process that had it open would lock a file no longer there) and
 * holds the owner's PID only to name it in the refusal.
 *
 * Where `flock` is not installed (not Linux) a PID file is used instead; see `lockWithPidFile`.
 *
 * `onLost` is called if the lock ends while the server runs (the child was killed): the server must stop.
 */
export async function lockDataDir(dir: string, onLost?: () => void): Promise<() => void> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  const child = spawn(
    'flock',
    [
      '--nonblock',
      '--conflict-exit-code',
      String(HELD),
      file,
      'sh',
      '-c',
      'echo locked; exec cat >/dev/null',
    ],
    { stdio: ['pipe', 'pipe', 'ignore'] },
  );
  const outcome = await new Promise<'locked' | 'held' | 'missing' | Error>((resolve) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('locked')) resolve('locked');
    });
    child.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ENOENT' ? 'missing' : e));
    child.once('exit', (code) =>
      resolve(code === HELD ? 'held' : new Error(`无法锁定数据目录 ${dir}（flock 退出码 ${code}）`)),
    );
  });
  if (outcome === 'missing') return lockWithPidFile(dir);
  if (outcome === 'held') throw inUse(dir, readHolder(file));
  if (outcome instanceof Error) throw outcome;

  writeFileSync(file, String(process.pid));
  let released = false;
  child.once('exit', () => {
    if (!released) onLost?.();
  });
  // Neither the child nor its pipes keep this process alive; the pipe closing is what ends the child.
  child.unref();
  (child.stdin as unknown as { unref(): void }).unref();
  (child.stdout as unknown as { unref(): void }).unref();
  return () => {
    if (released) return;
    released = true;
    child.stdin.end();
  };
}

function readHolder(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Without flock: a PID file, created complete in one step (written to a private name, then hard-linked
 * to the lock name, which fails if it exists). A file naming a dead process, or this very process (a PID
 * reused after a restart), is stale: it is replaced by renaming a complete file of ours over it, and the
 * lock is read back, so that of several processes taking over at once those that find another's PID
 * there give up. This narrows the window of a simultaneous takeover without closing it: flock is what
 * guarantees one writer.
 */
function lockWithPidFile(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  const mine = join(dir, `${LOCK_FILE}.${process.pid}`);
  const fd = openSync(mine, 'w');
  writeSync(fd, String(process.pid));
  closeSync(fd);
  try {
    try {
      linkSync(mine, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(readHolder(file));
      if (holder && holder !== process.pid && isAlive(holder)) throw inUse(dir, String(holder));
      renameSync(mine, file);
    }
    if (readHolder(file) !== String(process.pid)) throw inUse(dir, readHolder(file));
  } finally {
    try {
      unlinkSync(mine);
    } catch {
      // renamed over the lock: nothing left to remove
    }
  }
  return () => {
    try {
      if (readHolder(file) === String(process.pid)) unlinkSync(file);
    } catch {
      // already gone: nothing to release
    }
  };
}
