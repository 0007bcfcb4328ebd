import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app';
import { migrateDatabase, seedCalendar, seedDemo } from './bootstrap';
import { type Config, loadConfig } from './config';
import { type Database, openPglite, openPostgres } from './db/client';
import { listYears } from './modules/calendar/repository';
import { seedCreditPolicies } from './modules/credit/seed';
import { calendarCoverage } from './modules/health/routes';
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

async function main(): Promise<void> {
  const config = loadConfig();
  const dataDir = resolve(config.dataDir);
  const release = lockDataDir(dataDir);
  let database: Database;
  try {
    database = config.databaseUrl
      ? openPostgres(config.databaseUrl)
      : await openPglite(join(dataDir, 'pglite'));
  } catch (e) {
    release();
    throw e;
  }
  const crypto = new DataCrypto(resolveDataKey({ ...config, dataDir }));
  await migrateDatabase(database);
  const now = new Date();
  await seedCalendar(database.db, now);
  await seedCreditPolicies(database.db, now);
  const seeded = config.seedDemo ? await seedDemo(database, crypto, now) : false;

  const app = await buildApp({ config: { ...config, dataDir }, database, crypto, workers: config.workers });
  if (seeded) app.log.info('已载入演示数据（乌审旗各部门及各角色演示账号）');

  const warnCalendar = async () => {
    const years = (await listYears(database.db)).map((y) => y.year);
    const { warning } = calendarCoverage(years, new Date());
    if (warning) app.log.warn({ years: [years[0], years.at(-1)] }, warning);
  };
  await warnCalendar();
  const timer = setInterval(() => void warnCalendar().catch(() => undefined), 6 * 3_600_000);
  timer.unref();

  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, '异常退出');
    else app.log.info({ signal }, '正在停止服务');
    clearInterval(timer);
    await app.close();
    await database.close();
    release();
  });

  await app.listen({ port: config.port, host: config.host });
  app.log.info(`信易批已启动：http://localhost:${config.port}  接口文档：/docs  数据库：${database.kind}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
