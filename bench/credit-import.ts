import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { completeUscc } from '../src/domain/codes';
import { DEMO_PASSWORD, migrateDatabase } from '../src/server/bootstrap';
import { systemActor } from '../src/server/context';
import { type Database, openPglite, openPostgres } from '../src/server/db/client';
import { copyLine, openCopy } from '../src/server/db/copy';
import { importRecords } from '../src/server/modules/credit/import-records';
import { openSheet } from '../src/server/modules/credit/import-sheet';
import { DataCrypto } from '../src/server/security/crypto';

/**
 * Credit import throughput and memory, as a ratio to a raw COPY of the same number of rows into the same
 * indexed table (credit_record, its primary key, indexes and foreign keys), measured in the same run on
 * the same database. Then the same file imported again (it must add nothing), through the command line as
 * a child process (its peak RSS is read from /proc), and, on PostgreSQL, uploaded to a real server process
 * as an import job (the server's peak RSS likewise).
 *
 * BENCH_IMPORT_ROWS rows (default 200,000; 6,660,000 is the 扬州 platform's size). PGlite in memory by
 * default; BENCH_DATABASE_URL=postgres://…/postgres runs on PostgreSQL in a database of its own
 * (BENCH_IMPORT_DB, default xyp_bench_import_<pid>; dropped before and after, kept with BENCH_IMPORT_KEEP=1).
 * BENCH_IMPORT_HTTP=0 skips the server upload; BENCH_IMPORT_AGAIN=0 skips both the re-import and the upload.
 */
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 200_000);
const SUBJECTS = Math.max(1, Math.floor(ROWS / 4));
const HTTP = process.env.BENCH_IMPORT_HTTP !== '0';
const PORT = 3207;
const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..');
const dir = mkdtempSync(join(tmpdir(), 'xyp-bench-import-'));
const DATA_KEY = '0123456789abcdef0123456789abcdef';

const ORG = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const uscc = (prefix: string, i: number): string => {
  let body = '';
  let n = i;
  for (let k = 0; k < 6; k++) {
    body = ORG[n % 31]! + body;
    n = Math.floor(n / 31);
  }
  return completeUscc('91321002', `${prefix}${body}`);
};
const kinds = ['行政处罚', '经营异常名录', '黑名单', '违诺', '虚假承诺'];
const kindCodes = [
  'administrative_penalty',
  'abnormal_operation',
  'blacklist',
  'broken_commitment',
  'false_commitment',
];

async function writeLines(path: string, lines: (i: number) => string, header?: string): Promise<void> {
  const out = createWriteStream(path);
  if (header) out.write(`${header}\n`);
  let buf = '';
  for (let i = 0; i < ROWS; i++) {
    buf += lines(i);
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise<void>((r) => out.on('finish', () => r()));
}

const day = (i: number) => `2026-0${(i % 9) + 1}-${String((i % 28) + 1).padStart(2, '0')}`;
const csvFile = join(dir, 'records.csv');
const copyFile = join(dir, 'baseline.tsv');
const subjectId = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
let t = performance.now();
await writeLines(
  csvFile,
  (i) =>
    `企业及其他组织,${uscc('BK', i % SUBJECTS)},扬州基准企业${i % SUBJECTS},${kinds[i % 5]},一般,扬州市某局,${day(i)},基准事由第${i}号,${i % 5 === 0 ? '否' : ''},,YZ-${i}\n`,
  '主体类型,主体代码,主体名称,记录类别,失信程度,认定机关,认定日期,事由,处罚是否履行,有效期至,来源编号',
);
const createdAt = new Date().toISOString();
// Ids spread over the key space as the import's name-based ids are, and the same in both baseline files.
const recordId = (i: number) => {
  const h = createHash('md5').update(String(i)).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
await writeLines(copyFile, (i) =>
  copyLine([
    recordId(i),
    subjectId(i % SUBJECTS),
    kindCodes[i % 5]!,
    'general',
    '扬州市某局',
    day(i),
    `基准事由第${i}号`,
    i % 5 === 0 ? false : null,
    'import',
    `YZ-${i}`,
    true,
    null,
    'active',
    false,
    createdAt,
    createdAt,
  ]),
);
const eventsFile = join(dir, 'baseline-events.tsv');
await writeLines(eventsFile, (i) =>
  copyLine([recordId(i), 'create', null, 'active', false, '基准测试', createdAt]),
);
const fileMb = statSync(csvFile).size / 1024 / 1024;
console.log(
  `生成 ${ROWS} 行（CSV ${fileMb.toFixed(0)} MB，${SUBJECTS} 个主体）：${((performance.now() - t) / 1000).toFixed(1)} 秒`,
);

const url = process.env.BENCH_DATABASE_URL;
const dbName = process.env.BENCH_IMPORT_DB ?? `xyp_bench_import_${process.pid}`;
const withDb = (u: string, name: string) => {
  const x = new URL(u);
  x.pathname = `/${name}`;
  return x.toString();
};
async function admin(statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(statement);
  await c.end();
}
if (url) {
  await admin(`drop database if exists ${dbName} with (force)`);
  await admin(`create database ${dbName}`);
}
const dbUrl = url ? withDb(url, dbName) : null;
const database: Database = dbUrl ? openPostgres(dbUrl, 4) : await openPglite(null);
await migrateDatabase(database);

// Baseline: the subjects exist (not timed); then a raw COPY of the records into credit_record.
await database.db.execute(sql`
  insert into credit_subject (id, kind, uscc, name, created_at)
  select ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, 'enterprise', 'BASE' || i, '基线企业' || i, now()
    from generate_series(0, ${SUBJECTS - 1}) i`);
await database.db.execute(sql`checkpoint`);
const recordsTarget =
  'credit_record (id, subject_id, kind, severity, authority, decided_on, summary, penalty_fulfilled, source, source_ref, published, valid_until, status, under_objection, created_at, updated_at)';
const eventsTarget =
  'credit_record_event (record_id, event, from_status, to_status, under_objection, actor_name, at)';
async function rawCopy(target: string, file: string): Promise<number> {
  const started = performance.now();
  if (database.pool) {
    const client = await database.pool.connect();
    try {
      await pipeline(createReadStream(file), client.query(copyFrom(`copy ${target} from stdin`)));
    } finally {
      client.release();
    }
  } else {
    await database.db.transaction(async (tx) => {
      const sink = openCopy(tx, 'pglite', target);
      const text = readFileSync(file, 'utf8');
      let start = 0;
      while (start < text.length) {
        const end = text.indexOf('\n', start + (1 << 20));
        const stop = end < 0 ? text.length : end + 1;
        await sink.write(text.slice(start, stop));
        start = stop;
      }
      await sink.end();
    });
  }
  return performance.now() - started;
}
const copyMs = await rawCopy(recordsTarget, copyFile);
// The import also starts each record's history (credit_record_event): the same rows' second table.
// BENCH_IMPORT_EVENTS_BASELINE=0 leaves it out (a long run at full scale).
const copyEventsMs =
  process.env.BENCH_IMPORT_EVENTS_BASELINE === '0' ? Number.NaN : await rawCopy(eventsTarget, eventsFile);

const copyRate = (ROWS / copyMs) * 1000;
const copyBothRate = (ROWS / (copyMs + copyEventsMs)) * 1000;
console.log(
  `基线：裸 COPY ${ROWS} 行进 credit_record（同样的主键、索引和外键）：${(copyMs / 1000).toFixed(1)} 秒，${copyRate.toFixed(0)} 行/秒；再裸 COPY 同样行数的历史进 credit_record_event：${(copyEventsMs / 1000).toFixed(1)} 秒（两表合计 ${copyBothRate.toFixed(0)} 行/秒）`,
);
await database.db.execute(sql`truncate credit_record cascade`);
await database.db.execute(sql`checkpoint`);

// The import, in this process, as the job runner runs it.
const dataCrypto = new DataCrypto(DATA_KEY);
t = performance.now();
const cpuBefore = process.cpuUsage();
const sheet = await openSheet(csvFile);
const phases: Record<string, number> = {};
let phaseStart = t;
let phase = 'reading';
const result = await database.db.transaction((tx) =>
  importRecords(
    {
      tx,
      actor: systemActor('基准测试'),
      now: new Date(),
      crypto: dataCrypto,
      requestId: null,
      databaseKind: database.kind,
    },
    sheet,
    { source: '基准测试', skipInvalid: false },
    (p) => {
      if (p.phase !== phase) {
        const now = performance.now();
        phases[phase] = now - phaseStart;
        phase = p.phase;
        phaseStart = now;
      }
    },
  ),
);
const importMs = performance.now() - t;
const cpu = process.cpuUsage(cpuBefore);
const importCpuMs = (cpu.user + cpu.system) / 1000;
const importRate = (ROWS / importMs) * 1000;
const rssInProcess = process.resourceUsage().maxRSS / 1024;
console.log(
  `导入 ${ROWS} 行：新增 ${result.added}，新建主体 ${result.subjectsCreated}，${(importMs / 1000).toFixed(1)} 秒，${importRate.toFixed(0)} 行/秒（${Object.entries(
    phases,
  )
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} 秒`)
    .join('，')}）`,
);
console.log(
  `  导入 / 裸 COPY（行/秒）= ${(importRate / copyRate).toFixed(2)}（目标 ≥ 0.5）；导入 / 两表裸 COPY = ${(importRate / copyBothRate).toFixed(2)}；每条记录都须有第一条历史（架构规则 5），两表裸 COPY 本身只有记录裸 COPY 的 ${(copyBothRate / copyRate).toFixed(2)}，即任何导入对记录裸 COPY 的上限；导入期间本进程 CPU ${(importCpuMs / 1000).toFixed(1)} 秒（墙钟的 ${((importCpuMs / importMs) * 100).toFixed(0)}%）`,
);

/** Peak resident memory of a child process (VmHWM), read just before it ends. */
function watchPeak(child: ChildProcess): () => number {
  let peak = 0;
  const read = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      // gone
    }
  };
  const timer = setInterval(read, 200);
  child.on('exit', () => clearInterval(timer));
  return () => {
    read();
    return peak;
  };
}

const out: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: `${cpus().length} 核 ${cpus()[0]?.model ?? ''}，${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  database: database.kind,
  rows: ROWS,
  fileMb: Math.round(fileMb),
  copyRowsPerSecond: Math.round(copyRate),
  importRowsPerSecond: Math.round(importRate),
  importSeconds: Math.round(importMs / 100) / 10,
  ratioToCopy: Math.round((importRate / copyRate) * 100) / 100,
  copyEventsSeconds: Math.round(copyEventsMs / 100) / 10,
  ratioToCopyWithEvents: Math.round((importRate / copyBothRate) * 100) / 100,
  /** What any import that writes both tables could reach against the records-only COPY: the two-table COPY's own ratio. */
  ceilingRatioToCopy: Math.round((copyBothRate / copyRate) * 100) / 100,
  importProcessCpuSeconds: Math.round(importCpuMs / 100) / 10,
  phasesSeconds: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v / 100) / 10])),
  benchProcessPeakRssMb: Math.round(rssInProcess),
};

if (database.kind === 'postgres' && process.env.BENCH_IMPORT_AGAIN !== '0') {
  // The same file again, through the command line while nothing else holds the database: adds nothing.
  t = performance.now();
  const cli = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'src/cli/credit-import.ts'), csvFile, '--source=基准测试'],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: dbUrl!, DATA_KEY, DATA_DIR: join(dir, 'data') },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const peak = watchPeak(cli);
  let said = '';
  cli.stdout!.on('data', (c) => {
    said += c;
  });
  const code = await new Promise<number>((r) => cli.on('exit', (c) => r(c ?? 1)));
  const cliMs = performance.now() - t;
  console.log(
    `命令行再次导入同一文件：${said.trim()}（退出码 ${code}，${(cliMs / 1000).toFixed(1)} 秒，峰值 RSS ${peak().toFixed(0)} MB）`,
  );
  Object.assign(out, {
    cliReimportSeconds: Math.round(cliMs / 100) / 10,
    cliPeakRssMb: Math.round(peak()),
    cliSaid: said.trim(),
  });

  if (HTTP) {
    // A real server process: upload as a job under another source (so every row is new), poll to the end.
    const dataDir = join(dir, 'server');
    mkdirSync(dataDir, { recursive: true });
    const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/server/main.ts')], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(PORT),
        HOST: '127.0.0.1',
        DATABASE_URL: dbUrl!,
        DATA_KEY,
        DATA_DIR: dataDir,
        SEED_DEMO: 'true',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const peakServer = watchPeak(server);
    process.on('exit', () => server.kill('SIGTERM'));
    const call = (
      method: string,
      path: string,
      headers: Record<string, string>,
      body?: string | NodeJS.ReadableStream,
    ) =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: PORT, method, path, headers }, (res) => {
          let b = '';
          res.on('data', (c) => {
            b += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: b }));
        });
        req.on('error', reject);
        if (typeof body === 'string' || body === undefined) req.end(body);
        else body.pipe(req);
      });
    for (let i = 0; ; i++) {
      // Any answer will do: the server is listening (health may say 503 for reasons of its own).
      const up = await call('GET', '/api/health', {}).catch(() => null);
      if (up) break;
      if (i > 600) throw new Error('server did not start');
      await new Promise((r) => setTimeout(r, 500));
    }
    const login = await call(
      'POST',
      '/api/auth/login',
      { 'content-type': 'application/json' },
      JSON.stringify({ username: 'credit', password: DEMO_PASSWORD }),
    );
    const cookie = String((login.headers['set-cookie'] as string[])[0]).split(';')[0]!;
    const csrf = JSON.parse(login.body).csrfToken as string;
    t = performance.now();
    const started = await call(
      'POST',
      `/api/credit/import-jobs?source=${encodeURIComponent('基准测试（上传）')}&fileName=records.csv`,
      {
        cookie,
        'x-csrf-token': csrf,
        'content-type': 'text/csv',
        'content-length': String(statSync(csvFile).size),
      },
      createReadStream(csvFile),
    );
    const uploadMs = performance.now() - t;
    if (started.status !== 202) throw new Error(`upload: ${started.status} ${started.body}`);
    const id = JSON.parse(started.body).id as string;
    let job: {
      status: string;
      phaseLabel: string;
      rowsRead: number;
      percent: number;
      result: unknown;
      error: string | null;
    };
    let shown = '';
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      job = JSON.parse((await call('GET', `/api/credit/import-jobs/${id}`, { cookie })).body);
      const line = `${job.phaseLabel} ${job.percent}% ${job.rowsRead} 行`;
      if (line !== shown) process.stderr.write(`\r  服务端任务：${line}      `);
      shown = line;
      if (job.status === 'succeeded' || job.status === 'failed') break;
    }
    const httpMs = performance.now() - t;
    process.stderr.write('\n');
    const serverPeak = peakServer();
    server.kill('SIGTERM');
    await new Promise((r) => server.on('exit', r));
    console.log(
      `经 HTTP 上传为后台任务（真实服务进程）：${job.status} ${JSON.stringify(job.result ?? job.error)}，上传 ${(uploadMs / 1000).toFixed(1)} 秒，共 ${(httpMs / 1000).toFixed(1)} 秒，服务进程峰值 RSS ${serverPeak.toFixed(0)} MB`,
    );
    Object.assign(out, {
      httpStatus: job.status,
      httpSeconds: Math.round(httpMs / 100) / 10,
      httpUploadSeconds: Math.round(uploadMs / 100) / 10,
      serverPeakRssMb: Math.round(serverPeak),
    });
  }
}

await database.close();
if (url && process.env.BENCH_IMPORT_KEEP !== '1')
  await admin(`drop database if exists ${dbName} with (force)`);
rmSync(dir, { recursive: true, force: true });
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'credit-import.json'), `${JSON.stringify(out)}\n`);
