import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { importPhaseLabels } from '../contracts/credit';
import { loadConfig } from '../server/config';
import { systemActor } from '../server/context';
import { openPglite, openPostgres } from '../server/db/client';
import { createImportJob, ImportJobs } from '../server/modules/credit/import-jobs';
import {
  type ImportProgress,
  type ImportResult,
  importRecords,
} from '../server/modules/credit/import-records';
import { encodingLabel, openSheet } from '../server/modules/credit/import-sheet';
import { lockDataDir } from '../server/runtime/data-dir-lock';
import { DataCrypto } from '../server/security/crypto';

/**
 * `npm run credit:import -- <file.csv|file.xlsx> [--source=来源] [--skip-invalid] [--check]`: imports
 * credit records exactly as an upload does (same reading, checks and merge, an import job with its audit
 * entries), showing the same progress the job reports. `--check` reads, checks and merges in a
 * transaction that is then rolled back: it says what would be added and writes nothing.
 *
 * On PostgreSQL it runs while the server runs. On the embedded database (PGlite) the server holds the
 * data folder's lock and this command refuses to start: stop the server first, or upload the file.
 */
const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const checkOnly = args.includes('--check');
const skipInvalid = args.includes('--skip-invalid');
const sourceArg = args
  .find((a) => a.startsWith('--source='))
  ?.slice('--source='.length)
  .trim();
if (!file || !existsSync(file)) {
  console.error(
    file
      ? `文件不存在：${file}`
      : '用法：npm run credit:import -- <文件.csv|文件.xlsx> [--source=来源] [--skip-invalid] [--check]',
  );
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

const started = Date.now();
const tty = process.stderr.isTTY;
let lastLine = 0;
let lastPhase = '';
/** The phases and figures an upload's job shows, as a bar on a terminal and a line every 5 s otherwise. */
function show(p: ImportProgress & { encoding?: string | null }): void {
  const now = Date.now();
  const seconds = (now - started) / 1000;
  const ratio = p.totalBytes ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
  const rate = seconds > 0 ? Math.round(p.rowsRead / seconds) : 0;
  const label = importPhaseLabels[p.phase];
  if (!tty) {
    if (p.phase === lastPhase && now - lastLine < 5000) return;
    lastPhase = p.phase;
    lastLine = now;
    process.stderr.write(`${label}：已读 ${p.rowsRead} 行（${Math.floor(ratio * 100)}%），${rate} 行/秒\n`);
    return;
  }
  if (p.phase !== lastPhase && lastPhase) process.stderr.write('\n');
  lastPhase = p.phase;
  const width = 30;
  const filled = Math.round(ratio * width);
  process.stderr.write(
    `\r${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${Math.floor(ratio * 100)}% 已读 ${p.rowsRead} 行，${rate} 行/秒，${seconds.toFixed(0)} 秒   `,
  );
}

function printResult(
  r: Pick<ImportResult, 'rows' | 'added' | 'alreadyPresent' | 'subjectsCreated'>,
  verb: string,
) {
  console.log(
    `${verb}：读取 ${r.rows} 行，新增 ${r.added} 条记录，已存在 ${r.alreadyPresent} 条（未重复写入），新建主体 ${r.subjectsCreated} 个，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`,
  );
}

type Problem = { row: number; column: string; message: string };
function printProblems(problems: Problem[] | null | undefined, total: number): void {
  for (const p of (problems ?? []).slice(0, 50))
    console.error(`  第${p.row}行${p.column ? `【${p.column}】` : ''}：${p.message}`);
  if (total > 50) console.error(`  ……共 ${total} 处问题`);
}

const release = config.databaseUrl ? () => undefined : await lockDataDir(dataDir);
const database = config.databaseUrl
  ? openPostgres(config.databaseUrl, 3)
  : await openPglite(join(dataDir, 'pglite'));
const crypto = new DataCrypto(dataKey);
const actor = systemActor('信用记录导入命令');
const source = sourceArg || '信用记录导入命令';
try {
  if (checkOnly) {
    const sheet = await openSheet(resolve(file));
    if (sheet.encoding) process.stderr.write(`文件编码：${encodingLabel(sheet.encoding)}\n`);
    const ROLLBACK = Symbol('rollback');
    let result: ImportResult | null = null;
    await database.db
      .transaction(async (tx) => {
        result = await importRecords(
          { tx, actor, now: new Date(), crypto, requestId: null, databaseKind: database.kind },
          sheet,
          { source, skipInvalid },
          show,
        );
        throw ROLLBACK;
      })
      .catch((e) => {
        if (e !== ROLLBACK) throw e;
      });
    process.stderr.write('\n');
    printResult(result!, '校验通过（未写入）');
    if (result!.problemCount) printProblems(result!.problems, result!.problemCount);
  } else {
    const path = resolve(file);
    const sheet = await openSheet(path);
    if (sheet.encoding) process.stderr.write(`文件编码：${encodingLabel(sheet.encoding)}\n`);
    const now = new Date();
    const job = await database.db.transaction((tx) =>
      createImportJob(
        { tx, crypto, actor, now, requestId: null },
        {
          fileName: basename(path),
          format: sheet.format,
          sizeBytes: statSync(path).size,
          source,
          skipInvalid,
        },
      ),
    );
    const jobs = new ImportJobs({
      database,
      crypto,
      clock: () => new Date(),
      log: { warn: () => undefined, error: (o: unknown) => console.error(o) } as never,
    });
    const done = await jobs.run(job, actor, { path, removeFile: false }, show);
    process.stderr.write('\n');
    if (done.status === 'succeeded') {
      printResult(done.result!, `导入完成（任务 ${job.id}）`);
      if (done.problemCount) {
        console.error(`跳过有误的行 ${done.problemCount} 处：`);
        printProblems(done.problems, done.problemCount);
      }
    } else {
      console.error(`导入失败，未导入任何记录：${done.error}`);
      printProblems(done.problems, done.problemCount);
      process.exitCode = 1;
    }
  }
} catch (e) {
  process.stderr.write('\n');
  const err = e as Error & { details?: { problems?: Problem[]; total?: number } };
  console.error(`导入失败，未导入任何记录：${err.message}`);
  printProblems(err.details?.problems, err.details?.total ?? 0);
  process.exitCode = 1;
} finally {
  await database.close();
  release();
}
