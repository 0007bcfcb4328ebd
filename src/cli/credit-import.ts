import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { loadConfig } from '../server/config';
import { systemActor } from '../server/context';
import { openPglite, openPostgres } from '../server/db/client';
import { importRecords, parseCsv, parseXlsx } from '../server/modules/credit/import-records';
import { lockDataDir } from '../server/runtime/data-dir-lock';
import { DataCrypto } from '../server/security/crypto';

/**
 * `npm run credit:import -- <file.csv|file.xlsx> [--check]`: imports credit records exactly as the API
 * does (same checks, all or nothing, one audit entry), with a progress bar for large files. `--check`
 * validates and rolls back.
 */
const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const checkOnly = args.includes('--check');
if (!file) {
  console.error('用法：npm run credit:import -- <文件.csv|文件.xlsx> [--check]');
  process.exit(2);
}

const config = loadConfig();
const dataDir = resolve(config.dataDir);
const keyFile = join(dataDir, 'data.key');
const dataKey = config.dataKey ?? (existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : null);
if (!dataKey) {
  console.error('缺少数据密钥：请设置 DATA_KEY，或先启动一次服务生成 DATA_DIR/data.key');
  process.exit(2);
}

function bar(label: string, done: number, total: number): void {
  const width = 30;
  const ratio = total ? done / total : 1;
  const filled = Math.round(ratio * width);
  process.stderr.write(
    `\r${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${Math.floor(ratio * 100)}% ${done}/${total} 行`,
  );
}

const started = Date.now();
const data = readFileSync(resolve(file));
const sheet =
  extname(file).toLowerCase() === '.xlsx' ? await parseXlsx(data) : parseCsv(data.toString('utf8'));
process.stderr.write(`已读取 ${sheet.rows.length} 行（${Date.now() - started} 毫秒）\n`);

const release = config.databaseUrl ? () => undefined : await lockDataDir(dataDir);
const database = config.databaseUrl
  ? openPostgres(config.databaseUrl, 2)
  : await openPglite(join(dataDir, 'pglite'));
const ROLLBACK = Symbol('rollback');
try {
  let phase = '';
  const result = await database.db
    .transaction(async (tx) => {
      const r = await importRecords(
        {
          tx,
          actor: systemActor('信用记录导入命令'),
          now: new Date(),
          crypto: new DataCrypto(dataKey),
          requestId: null,
        },
        sheet,
        (p, done, total) => {
          if (p !== phase) {
            if (phase) process.stderr.write('\n');
            phase = p;
          }
          bar(p === 'checked' ? '校验' : '写入', done, total);
        },
      );
      if (checkOnly) throw ROLLBACK;
      return r;
    })
    .catch((e) => {
      if (e === ROLLBACK) return null;
      throw e;
    });
  process.stderr.write('\n');
  if (result) {
    console.log(
      `导入完成：${result.imported} 条记录，新建主体 ${result.subjectsCreated} 个，用时 ${Date.now() - started} 毫秒`,
    );
  } else {
    console.log(`校验通过：${sheet.rows.length} 行均可导入（未写入）`);
  }
} catch (e) {
  process.stderr.write('\n');
  const err = e as Error & {
    details?: { problems?: { row: number; field: string; message: string }[]; total?: number };
  };
  console.error(`导入失败，未导入任何记录：${err.message}`);
  for (const p of err.details?.problems?.slice(0, 50) ?? [])
    console.error(`  第${p.row}行 ${p.field}：${p.message}`);
  if ((err.details?.total ?? 0) > 50) console.error(`  ……共 ${err.details!.total} 处错误`);
  process.exitCode = 1;
} finally {
  await database.close();
  release();
}
