import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app';
import { migrateDatabase, seedCalendar, seedDemo } from './bootstrap';
import { type Config, loadConfig } from './config';
import { type Database, openPglite, openPostgres } from './db/client';
import { watchCalendar } from './modules/calendar/watch';
import { seedCreditPolicies } from './modules/credit/seed/seed-credit';
import { sealStoredResidentIds } from './modules/personal-data/seal-stored';
import { lockDataDir } from './runtime/data-dir-lock';
import { DataCrypto } from './security/crypto';

/** The data key protects resident IDs; embedded installs keep a generated one beside the data. */
function resolveDataKey(config: Config): string {
  if (config.dataKey) return config.dataKey;
  const file = join(config.dataDir, 'data.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(16).toString('hex');
  writeFileSync(file, key, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

/** Migrations, the official calendar, credit policies and demo data: once, before any request is served. */
async function prepare(database: Database, crypto: DataCrypto): Promise<boolean> {
  await migrateDatabase(database);
  const sealed = await sealStoredResidentIds(database.db, crypto);
  if (sealed.plans + sealed.inspections + sealed.messages) {
    console.log(
      `已加密存量公民身份号码：抽查计划 ${sealed.plans} 个、抽查对象 ${sealed.inspections} 个、推送消息 ${sealed.messages} 条`,
    );
  }
  const now = new Date();
  await seedCalendar(database.db, now);
  await seedCreditPolicies(database.db, crypto, now);
  return config.seedDemo ? await seedDemo(database, crypto, now) : false;
}

const config = (() => {
  try {
    return loadConfig();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
})();
const dataDir = resolve(config.dataDir);

/** Without the lock another server could open the same data: stop rather than risk two writers. */
function lockLost(): void {
  console.error(`数据目录 ${dataDir} 的进程锁意外丢失，为免数据损坏，服务立即停止`);
  process.exit(1);
}

/** One serving process: the whole app on the shared port; `serveJobs` says whether it runs the workers. */
async function serve(opts: {
  prepareFirst: boolean;
  serveJobs: boolean;
  release: () => void;
}): Promise<void> {
  let database: Database;
  try {
    database = config.databaseUrl
      ? openPostgres(config.databaseUrl, config.poolSize)
      : await openPglite(join(dataDir, 'pglite'));
  } catch (e) {
    opts.release();
    throw e;
  }
  const crypto = new DataCrypto(resolveDataKey({ ...config, dataDir }));
  const seeded = opts.prepareFirst ? await prepare(database, crypto) : false;

  const app = await buildApp({
    config: { ...config, dataDir },
    database,
    crypto,
    workers: opts.serveJobs,
    tickTestClock: true,
    webRoot: resolve(import.meta.dirname, '../../dist/web'),
  });
  if (config.testClock)
    app.log.warn('本部署使用测试时钟（TEST_CLOCK）：系统管理员可经 /api/admin/clock 拨动时间，不得用于生产');
  if (seeded) app.log.info('已载入演示数据（乌审旗各部门及各角色演示账号）');

  let timer: NodeJS.Timeout | undefined;
  if (opts.prepareFirst || opts.serveJobs) {
    // From 1 November, next year's arrangement missing is logged at warn level and told to every
    // system administrator (once); checked on the app's clock, so a test clock's date counts.
    const warnCalendar = () =>
      watchCalendar(app.deps).catch((err) => app.log.error({ err }, '节假日安排检查失败'));
    await warnCalendar();
    timer = setInterval(() => void warnCalendar(), 3_600_000);
    timer.unref();
  }

  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, '异常退出');
    else app.log.info({ signal }, '正在停止服务');
    clearInterval(timer);
    await app.close();
    await database.close();
    opts.release();
  });

  await app.listen({ port: config.port, host: config.host });
  if (cluster.isPrimary) {
    app.log.info(
      `信易批已启动：http://localhost:${config.port}  网站：/  接口文档：/docs  数据库：${database.kind}`,
    );
  }
}

/**
 * Several processes (PostgreSQL only): the primary prepares the database once, then forks the serving
 * processes, which share the port; a process that dies is replaced. Job workers run in the first one
 * (they are safe in several, but one is enough and polls less).
 */
async function supervise(): Promise<void> {
  const release = await lockDataDir(dataDir, lockLost);
  const database = openPostgres(config.databaseUrl!, 2);
  try {
    const seeded = await prepare(database, new DataCrypto(resolveDataKey({ ...config, dataDir })));
    if (seeded) console.log('已载入演示数据（乌审旗各部门及各角色演示账号）');
  } finally {
    await database.close();
  }
  let stopping = false;
  const fork = (index: number) => {
    const worker = cluster.fork({ XYP_PROCESS_INDEX: String(index) });
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      console.error(`服务进程 ${index} 退出（${signal ?? code}），一秒后重新启动`);
      // Not at once: a process that fails while starting (the database unreachable) would spin.
      setTimeout(() => !stopping && fork(index), 1000);
    });
  };
  for (let i = 0; i < config.processes; i++) fork(i);
  let online = 0;
  cluster.on('listening', () => {
    if (++online === config.processes) {
      console.log(
        `信易批已启动（${config.processes} 个进程）：http://localhost:${config.port}  网站：/  接口文档：/docs  数据库：postgres`,
      );
    }
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    let left = workers.length;
    const done = () => {
      release();
      process.exit(0);
    };
    if (left === 0) done();
    for (const w of workers) {
      w?.once('exit', () => --left === 0 && done());
      w?.kill('SIGTERM');
    }
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function main(): Promise<void> {
  if (config.processes === 1) {
    await serve({
      prepareFirst: true,
      serveJobs: config.workers,
      release: await lockDataDir(dataDir, lockLost),
    });
  } else if (cluster.isPrimary) {
    await supervise();
  } else {
    const index = Number(process.env.XYP_PROCESS_INDEX ?? 0);
    await serve({ prepareFirst: false, serveJobs: config.workers && index === 0, release: () => undefined });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
