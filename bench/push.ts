/**
 * Push delivery throughput and crash safety, on PostgreSQL with the real server as a child process.
 *
 *   npx tsx bench/push.ts [messages]      (DATABASE_URL, or a local database it creates)
 *
 * 1. Throughput: N messages committed at once for one subscription; a receiver process (signature
 *    checked on every request) counts them. Baseline in the same run: the same receiver hit directly
 *    by a plain keep-alive HTTP client loop at the same concurrency with the same signed body size.
 * 2. Crash: another N messages; the server is killed with SIGKILL part-way, restarted, and every
 *    message id must arrive at least once (duplicates are allowed and reported; losses must be 0).
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { signPush } from '../src/server/push/signing';

const N = Number(process.argv[2] ?? 20_000);
const SERVER_PORT = Number(process.env.BENCH_SERVER_PORT ?? 3201);
const RECEIVER_PORT = Number(process.env.BENCH_RECEIVER_PORT ?? 3202);
const CONNECTIONS = 64;
const LEASE_SECONDS = 3;
const root = fileURLToPath(new URL('..', import.meta.url));
const secret = randomBytes(32).toString('base64url');
const run = `bench-${Date.now().toString(36)}`;

async function ensureDatabase(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const admin = 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = 'xyp_bench_push';
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`drop database if exists ${name} with (force)`);
  await c.query(`create database ${name}`);
  await c.end();
  return admin.replace(/\/postgres$/, `/${name}`);
}

const databaseUrl = await ensureDatabase();
const dataDir = mkdtempSync(join(tmpdir(), 'xyp-bench-push-'));
const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });

function startServer(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(SERVER_PORT),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATA_KEY: '00112233445566778899aabbccddeeff',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      WORKERS: 'true',
      PUSH_CONNECTIONS: String(CONNECTIONS),
      PUSH_ALLOWED_HOSTS: '127.0.0.1',
      PUSH_LEASE_SECONDS: String(LEASE_SECONDS),
      PUSH_TIMEOUT_MS: '2000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

async function waitHealthy(timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`服务启动失败，退出码 ${server.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${SERVER_PORT}/health`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('服务未能启动');
}

const receiver = fork(fileURLToPath(new URL('./lib/push-receiver.ts', import.meta.url)), [], {
  execArgv: ['--import', 'tsx'],
  env: { ...process.env, PUSH_SECRET: secret, RECEIVER_PORT: String(RECEIVER_PORT) },
});
const ask = <T>(msg: object, type: string) =>
  new Promise<T>((resolve) => {
    const on = (m: { type: string }) => {
      if (m.type === type) {
        receiver.off('message', on);
        resolve(m as T);
      }
    };
    receiver.on('message', on);
    receiver.send(msg);
  });
await new Promise<void>((r) => receiver.once('message', () => r()));

type Stats = { distinct: number; total: number; badSignatures: number; baseline: number };
const stats = (prefix: string) => ask<Stats>({ type: 'stats', prefix }, 'stats');

let server = startServer();
// Whatever happens, leave no server or receiver behind.
process.on('exit', () => {
  for (const c of [server, receiver]) if (c.exitCode === null && !c.killed) c.kill('SIGKILL');
});
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

await waitHealthy();

// A system administrator registers the receiver through the API.
const login = await fetch(`http://127.0.0.1:${SERVER_PORT}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'sysadmin', password: 'xinyipi2026' }),
});
const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
const { csrfToken } = (await login.json()) as { csrfToken: string };
const api = (method: string, path: string, body?: object) =>
  fetch(`http://127.0.0.1:${SERVER_PORT}${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: body ? JSON.stringify(body) : undefined,
  });
const depts = (await (await api('GET', '/api/departments')).json()) as
  | { id: string }[]
  | { items: { id: string }[] };
const departmentId = (Array.isArray(depts) ? depts : depts.items)[0]!.id;
const sub = await api('POST', '/api/push/subscriptions', {
  systemName: '压测接收系统',
  departmentId,
  url: `http://127.0.0.1:${RECEIVER_PORT}/hook`,
  topics: ['commitment'],
  secret,
});
if (sub.status !== 201) throw new Error(`订阅失败：${sub.status} ${await sub.text()}`);
const subscriptionId = ((await sub.json()) as { id: string }).id;

/** N commitments in one transaction: the outbox rows and their deliveries, as writeOutbox writes them. */
async function enqueue(prefix: string, n: number): Promise<void> {
  await pool.query(
    `with m as (
       insert into outbox_message (idempotency_key, topic, aggregate_type, aggregate_id, payload, created_at)
       select $1 || g, 'commitment', 'commitment', $1 || g,
         jsonb_build_object(
           '承诺编码', '15062620261123' || lpad(g::text, 6, '0'), '承诺人名称', '乌审旗测试企业' || g || '有限公司',
           '承诺人类别', '法人及非法人组织', '承诺人代码', '91150626MA0N7X2K3P', '承诺类型', '审批替代型',
           '承诺事由', '申请食品经营许可', '承诺内容', '本单位已符合食品经营许可条件，所填信息真实有效。',
           '违诺责任', '承诺不实的，依法撤销许可并记入信用记录。', '承诺作出日期', '2026-11-23',
           '承诺履行状态', '全部履行', '承诺受理单位', '乌审旗政务服务中心', '承诺受理单位代码', '11150626011500018X',
           '公开类型', '社会公开'),
         now()
       from generate_series(1, $2::int) g
       returning seq)
     insert into push_delivery (message_seq, subscription_id, status, attempts, next_attempt_at, created_at)
     select seq, $3, 'pending', 0, now(), now() from m`,
    [prefix, n, subscriptionId],
  );
}

async function waitFor(prefix: string, n: number, timeoutMs: number, onTick?: (s: Stats) => boolean) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = await stats(prefix);
    if (onTick?.(s)) return s;
    if (s.distinct >= n || Date.now() > until) return s;
    await new Promise((r) => setTimeout(r, 20));
  }
}

// ---- 1. throughput
const prefix1 = `${run}-a-`;
const t0 = performance.now();
await enqueue(prefix1, N);
const tEnq = performance.now();
const s1 = await waitFor(prefix1, N, 300_000);
const pushSeconds = (performance.now() - tEnq) / 1000;
const pushRate = s1.distinct / pushSeconds;

// ---- baseline: the receiver hit directly, same concurrency, same signed body size
const sample = await pool.query(`select payload::text as p from outbox_message where idempotency_key = $1`, [
  `${prefix1}1`,
]);
const body = `{"id":"${prefix1}1","seq":1,"topic":"commitment","aggregateType":"commitment","aggregateId":"x","createdAt":"${new Date().toISOString()}","payload":${sample.rows[0].p}}`;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
const sendOne = () =>
  new Promise<void>((resolve, reject) => {
    const ts = Math.floor(Date.now() / 1000);
    const req = http.request(
      {
        host: '127.0.0.1',
        port: RECEIVER_PORT,
        path: '/baseline',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
          'idempotency-key': 'baseline',
          'x-xyp-timestamp': String(ts),
          'x-xyp-signature': signPush(secret, ts, body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', resolve);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
let next = 0;
const b0 = performance.now();
await Promise.all(
  Array.from({ length: CONNECTIONS }, async () => {
    while (next < N) {
      next++;
      await sendOne();
    }
  }),
);
const baselineSeconds = (performance.now() - b0) / 1000;
const baselineRate = N / baselineSeconds;
agent.destroy();

// ---- 2. kill -9 mid-run, restart, count
const prefix2 = `${run}-b-`;
await enqueue(prefix2, N);
const atKill = await waitFor(prefix2, N, 300_000, (s) => s.distinct >= N * 0.3);
server.kill('SIGKILL');
await new Promise((r) => server.once('exit', r));
const killedAt = (await stats(prefix2)).distinct;
server = startServer();
await waitHealthy();
await waitFor(prefix2, N, 120_000);
const crash = await ask<{ distinct: number; deliveries: number; duplicates: number; missing: string[] }>(
  { type: 'report', prefix: prefix2, n: N },
  'report',
);
// The receiver may have every message before the server has recorded its last batch: wait for that too.
const countUndelivered = async () =>
  (
    await pool.query(
      `select count(*)::int as n from push_delivery d join outbox_message m on m.seq = d.message_seq
       where m.idempotency_key like $1 and d.status <> 'delivered'`,
      [`${prefix2}%`],
    )
  ).rows[0].n as number;
let undeliveredRows = await countUndelivered();
for (let i = 0; i < 300 && undeliveredRows > 0; i++) {
  await new Promise((r) => setTimeout(r, 100));
  undeliveredRows = await countUndelivered();
}
const finalStats = await stats('');

server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
receiver.send({ type: 'stop' });
await pool.end();
rmSync(dataDir, { recursive: true, force: true });

const result = {
  messages: N,
  connections: CONNECTIONS,
  database: 'postgresql',
  throughput: {
    delivered: s1.distinct,
    seconds: Number(pushSeconds.toFixed(2)),
    deliveriesPerSecond: Math.round(pushRate),
    enqueueSeconds: Number(((tEnq - t0) / 1000).toFixed(2)),
    baselineDirectHttpPerSecond: Math.round(baselineRate),
    ratioToBaseline: Number((pushRate / baselineRate).toFixed(2)),
    targetMet: pushRate >= 2000,
  },
  crash: {
    killedAfterDistinct: Math.max(atKill.distinct, killedAt),
    distinct: crash.distinct,
    deliveries: crash.deliveries,
    duplicates: crash.duplicates,
    losses: N - crash.distinct,
    undeliveredRowsInDatabase: undeliveredRows,
    missingSample: crash.missing,
  },
  badSignatures: finalStats.badSignatures,
  node: process.version,
};
console.log(`推送压测（PostgreSQL，${N.toLocaleString()} 条消息，${CONNECTIONS} 个长连接）`);
console.log(
  `  推送：${result.throughput.delivered} 条 / ${result.throughput.seconds} 秒 = ${result.throughput.deliveriesPerSecond} 条/秒（目标 ≥ 2000：${result.throughput.targetMet ? '达到' : '未达到'}）`,
);
console.log(
  `  基线（同一接收方、同样并发的直接 HTTP 请求）：${result.throughput.baselineDirectHttpPerSecond} 次/秒；比值 ${result.throughput.ratioToBaseline}`,
);
console.log(
  `  kill -9：送达 ${result.crash.killedAfterDistinct} 条时强杀，重启后共送达 ${result.crash.distinct}/${N}，重复 ${result.crash.duplicates}，丢失 ${result.crash.losses}，库中未送达 ${result.crash.undeliveredRowsInDatabase}`,
);
console.log(`  签名校验失败：${result.badSignatures}`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/push.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
if (result.crash.losses !== 0) process.exitCode = 1;
