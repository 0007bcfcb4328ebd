/**
 * Reads as data grows: the credit check, the public catalog and disclosure searches, the clerk's and
 * approver's queues, the supervisor's task list and the statistics, on PostgreSQL with 10 million credit
 * records and 1 million applications (with decisions, licenses, commitments, history and verification
 * tasks) generated in SQL (`generate_series`), not through the API. Each read is the repository or query
 * function the route calls, on the server's own pool, so the figures are the database work plus mapping.
 *
 * The credit check is compared with the same check on a database holding only 10 thousand records (same
 * generator), in the same run, one check on each in turn: p99 at 10 million ≤ 1.5 × p99 at 10 thousand,
 * and ≤ 5 ms.
 *
 * Run alone: `npx tsx bench/reads.ts` or `npm run bench -- reads`.
 * Environment: BENCH_SCALE (1 = 10 million records, 1 million applications; 0.01 for a quick run),
 * BENCH_DATABASE_URL (default database xyp_bench_reads through /var/run/postgresql; the generated data is
 * kept, and reused when its scale matches — a second run measures without regenerating),
 * BENCH_REGENERATE (set: drop and generate again), BENCH_SAMPLES (200 per read), BENCH_CHECK_SAMPLES (2000
 * credit checks on each database, after 1000 unmeasured ones), BENCH_PARTITIONS (set:
 * also compare the credit records with a copy partitioned by month).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { completeUscc } from '../src/domain/codes';
import { chinaDate } from '../src/domain/working-days';
import { buildApp } from '../src/server/app';
import { migrateDatabase, seedCalendar, seedDemo } from '../src/server/bootstrap';
import { testConfig } from '../src/server/config';
import { readContext, runAction, systemActor } from '../src/server/context';
import { type Database, openPostgres, queryRows } from '../src/server/db/client';
import { listQueue } from '../src/server/modules/applications/queries/list-queue';
import { publicCommitments } from '../src/server/modules/applications/queries/public-commitments';
import { searchPublished } from '../src/server/modules/catalog/queries/search-published';
import { performCreditCheck } from '../src/server/modules/credit/perform-credit-check';
import { findSubjectFile, publishedRecords } from '../src/server/modules/credit/repository';
import { statisticsReport } from '../src/server/modules/statistics/queries/statistics-report';
import { refreshStatisticsRollup } from '../src/server/modules/statistics/refresh-rollup';
import { listTasks, scopeForStaff } from '../src/server/modules/verification/repository';
import { DataCrypto } from '../src/server/security/crypto';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const RECORDS = Math.round(10_000_000 * SCALE);
const APPLICATIONS = Math.round(1_000_000 * SCALE);
const SMALL_RECORDS = 10_000;
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const PROBES = 1000; // subjects with valid codes the credit check asks about
const SOCKET_DIR = '/var/run/postgresql';
const BASE_URL =
  process.env.BENCH_DATABASE_URL ??
  (existsSync(SOCKET_DIR)
    ? `postgres://postgres@localhost/xyp_bench_reads?host=${encodeURIComponent(SOCKET_DIR)}`
    : 'postgres://postgres@127.0.0.1:5432/xyp_bench_reads');
const NOW = new Date('2026-12-04T02:00:00Z');

const withDb = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};
const dbName = (url: string) => new URL(url).pathname.slice(1);

const cpuPressure = (): string => {
  try {
    const line = readFileSync('/proc/pressure/cpu', 'utf8').split('\n')[0] ?? '';
    return line.replace(/^some /, '').replace(/ total=\d+/, '');
  } catch {
    return 'n/a';
  }
};

const ORG = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const probeUscc = (i: number): string => {
  let body = '';
  let n = i;
  for (let k = 0; k < 6; k++) {
    body = ORG[n % 31]! + body;
    n = Math.floor(n / 31);
  }
  return completeUscc('91321000', `RD${body}`);
};

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: withDb(url, 'postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Whether the database holds data of this size already (a table the generator writes last). */
async function generatedScale(url: string): Promise<{ records: number; applications: number } | null> {
  const exists = await admin(url, async (c) =>
    (await c.query('select 1 from pg_database where datname = $1', [dbName(url)])).rowCount === 1 ? 1 : 0,
  );
  if (!exists) return null;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(
      `select records, applications from bench_reads_generated where records > 0 limit 1`,
    );
    return r.rows[0]
      ? { records: Number(r.rows[0].records), applications: Number(r.rows[0].applications) }
      : null;
  } catch {
    return null;
  } finally {
    await c.end();
  }
}

const step = async (label: string, c: pg.Client, text: string, params: unknown[] = []) => {
  const t = performance.now();
  const r = await c.query(text, params);
  console.log(
    `  ${label}：${((performance.now() - t) / 1000).toFixed(1)} 秒${r.rowCount != null ? `，${r.rowCount} 行` : ''}`,
  );
};

/**
 * Generates `records` credit records over records/5 subjects (PROBES of them with valid codes for the
 * check), and `applications` cases over three years: mostly approved (decision, license, history, and for
 * 告知承诺 items a published commitment and a verification task, most closed), a few percent waiting in each
 * queue state. Ids are md5-derived so rows find each other without joins.
 */
async function generate(url: string, records: number, applications: number): Promise<void> {
  await admin(url, async (c) => {
    await c.query(`drop database if exists ${dbName(url)} with (force)`);
    await c.query(`create database ${dbName(url)}`);
  });
  const database = openPostgres(url, 2);
  await migrateDatabase(database);
  const crypto = new DataCrypto(testConfig().dataKey!);
  await seedCalendar(database.db, NOW);
  await seedDemo(database, crypto, NOW);
  await database.close();

  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('set synchronous_commit = off');
  const subjects = Math.max(PROBES * 2, Math.floor(records / 5));
  console.log(`生成：信用主体 ${subjects}，信用记录 ${records}，办件 ${applications}`);
  await step(
    '信用主体',
    c,
    `insert into credit_subject (id, kind, uscc, name, created_at)
     select md5('s' || g)::uuid, 'enterprise',
            case when g < $2 then ($3::text[])[g + 1] else 'B' || lpad(g::text, 17, '0') end,
            '基准企业' || g, now()
     from generate_series(0, $1 - 1) g`,
    [subjects, PROBES, Array.from({ length: PROBES }, (_, i) => probeUscc(i))],
  );
  const chunk = 1_000_000;
  for (let from = 0; from < records; from += chunk) {
    const to = Math.min(records, from + chunk);
    await step(
      `信用记录 ${from}–${to}`,
      c,
      `insert into credit_record (subject_id, kind, severity, authority, decided_on, summary, penalty_fulfilled,
         source, published, status, created_at, updated_at)
       select md5('s' || (g % $3))::uuid,
              (array['administrative_penalty','abnormal_operation','blacklist','broken_commitment','serious_dishonesty_list',
                     'administrative_penalty','administrative_penalty','red_list'])[1 + g % 8],
              (array['minor','general','general','serious'])[1 + (g / 8) % 4],
              '某市市场监督管理局', date '2026-12-01' - (g % 3650)::int, '基准事由' || g,
              case when g % 8 in (0, 5, 6) then (g % 3 = 0) end,
              'import', (g / 8) % 4 <> 0, case when g % 40 = 0 then 'repaired' else 'active' end, now(), now()
       from generate_series($1::bigint, $2::bigint - 1) g`,
      [from, to, subjects],
    );
  }
  // Published items of the demo catalog, numbered, with their department and whether 告知承诺 applies.
  await c.query(`create table bench_item as
    select row_number() over (order by v.code) - 1 as n, v.id as version_id, v.item_id, i.department_id,
           v.name, v.legal_time_limit_days as legal,
           (select m from unnest(v.modes) m where m = any(array['one_form','commit_entry','enter_then_verify','certificate_commitment','license_commitment']) limit 1) as cmode, v.modes[1] as first_mode
    from catalog_version v join catalog_item i on i.id = v.item_id where v.status = 'published'`);
  const { rows } = await c.query('select count(*)::int as n from bench_item');
  const items = rows[0].n as number;
  // Three years back from NOW, evenly; g = 0 is the newest.
  const span = 3 * 365 * 86400;
  const at = `(timestamptz '2026-12-04 02:00+00' - make_interval(secs => g::float8 * ${span} / $1))`;
  // Status by g % 100: 0–1 submitted, 2 accepted, 3 reviewed, 4 missing_materials, 5 rejected, 6 withdrawn, else approved.
  const status = `(case g % 100 when 0 then 'submitted' when 1 then 'submitted' when 2 then 'accepted' when 3 then 'reviewed'
     when 4 then 'missing_materials' when 5 then 'rejected' when 6 then 'withdrawn' else 'approved' end)`;
  await step(
    '办件',
    c,
    `insert into application (id, number, item_id, item_version_id, department_id, subject_kind, subject_name,
       subject_code_enc, subject_code_shown, subject_lookup, channel, credit, green_channel, key_review, mode, status,
       version, materials, legal_time_limit_days, submitted_at, decided_at, working_days_taken, created_at, updated_at)
     select md5('a' || g)::uuid, 'B' || lpad(g::text, 12, '0'), b.item_id, b.version_id, b.department_id,
            'enterprise', '基准企业' || (g % $2), 'B' || lpad((g % $2)::text, 17, '0'),
            'B' || lpad((g % $2)::text, 17, '0'), 'B' || lpad((g % $2)::text, 17, '0'),
            case when g % 5 = 0 then 'counter' else 'online' end,
            jsonb_build_object('checkId', md5('c' || g)::uuid, 'outcome', 'eligible', 'allowedModes', jsonb_build_array('commit_entry', 'standard'),
              'reasons', '[]'::jsonb, 'incentives', '[]'::jsonb, 'restrictions', '[]'::jsonb, 'policyVersionId', 'bench'),
            g % 50 = 7, false, coalesce(b.cmode, b.first_mode), ${status}, 3,
            jsonb_build_array(jsonb_build_object('name', '申请表', 'state', case when b.cmode is not null then 'committed' else 'uploaded' end,
              'fileId', null, 'dueDate', null, 'source', null)),
            b.legal, ${at} + interval '1 minute',
            case when ${status} in ('approved', 'rejected') then ${at} + interval '2 days' end,
            case when ${status} in ('approved', 'rejected') then case when b.cmode is not null then 0 else 2 end end,
            ${at}, ${at} + interval '2 days'
     from generate_series(0, $1 - 1) g join bench_item b on b.n = g % ${items}`,
    [applications, subjects],
  );
  await step(
    '办件历史',
    c,
    `insert into application_event (application_id, seq, event, from_status, to_status, actor_name, at)
     select a.id, s.seq, s.event, s.from_status, s.to_status, '基准', a.created_at + (s.seq * interval '1 hour')
     from application a cross join lateral (values
       (1, 'submit', 'draft', 'submitted'),
       (2, case a.status when 'submitted' then null else 'decide' end, 'submitted', a.status)) s(seq, event, from_status, to_status)
     where s.event is not null`,
  );
  await step(
    '决定',
    c,
    `insert into decision (application_id, outcome, instant, issued, decided_by, decided_at)
     select id, status, mode = any(array['one_form','commit_entry','enter_then_verify','certificate_commitment','license_commitment']), case when status = 'approved' then 'license' end, '基准', decided_at
     from application where status in ('approved', 'rejected')`,
  );
  await step(
    '证照',
    c,
    `insert into license (number, application_id, item_id, item_name, holder_name, holder_code_shown, holder_lookup,
       scope, valid_from, issued_at)
     select 'L' || a.number, a.id, a.item_id, b.name, a.subject_name, a.subject_code_shown, a.subject_lookup,
            '基准范围', (a.decided_at at time zone 'Asia/Shanghai')::date, a.decided_at
     from application a join bench_item b on b.version_id = a.item_version_id where a.status = 'approved'`,
  );
  await step(
    '承诺书',
    c,
    `insert into commitment (application_id, text, digest, signature_kind, signer_name, published, signed_at)
     select id, '本人承诺……', md5(id::text), 'electronic', subject_name, true, submitted_at
     from application where mode = any(array['one_form','commit_entry','enter_then_verify','certificate_commitment','license_commitment']) and status <> 'draft'`,
  );
  // Supervising department: the first supervision department of the demo county; the approving one is the case's.
  await step(
    '核查任务',
    c,
    `insert into verification_task (id, application_id, item_version_id, mode, subject_kind, subject_name,
       subject_code_sealed, subject_code_hash, subject_code_masked, policy_version_id, method, reason, status,
       supervising_department_id, approving_department_id, due_date, created_at, closed_at)
     select md5('t' || a.id)::uuid, a.id::text, a.item_version_id, a.mode, a.subject_kind, a.subject_name,
            'x', a.subject_lookup, a.subject_code_shown, 'bench', 'on_site', 'enter_then_verify',
            case when a.decided_at > timestamptz '2026-11-01' then (case when hashtext(a.id::text) % 2 = 0 then 'pending' else 'assigned' end) else 'closed' end,
            (select department_id from user_account where username = 'supervisor'), a.department_id, ((a.decided_at + interval '30 days') at time zone 'Asia/Shanghai')::date,
            a.decided_at, case when a.decided_at <= timestamptz '2026-11-01' then a.decided_at + interval '20 days' end
     from application a where a.mode = any(array['one_form','commit_entry','enter_then_verify','certificate_commitment','license_commitment']) and a.status = 'approved'`,
  );
  await step(
    '核查记录',
    c,
    `insert into verification_event (task_id, event, from_status, to_status, actor_name, at)
     select id, 'close', 'assigned', 'closed', '基准', closed_at from verification_task where status = 'closed'`,
  );
  await c.query('drop table bench_item');
  await step('analyze', c, 'vacuum analyze');
  await c.query('create table bench_reads_generated (records bigint not null, applications bigint not null)');
  await c.query('insert into bench_reads_generated values ($1, $2)', [records, applications]);
  await c.end();
}

async function ensure(url: string, records: number, applications: number): Promise<void> {
  const have = await generatedScale(url);
  if (
    !process.env.BENCH_REGENERATE &&
    have &&
    have.records === records &&
    have.applications === applications
  ) {
    console.log(`沿用已生成的数据（${dbName(url)}：信用记录 ${records}，办件 ${applications}）`);
    // Migrations added since (indexes, roll-ups) apply to the kept data.
    const database = openPostgres(url, 2);
    await migrateDatabase(database);
    await database.close();
    return;
  }
  const t = performance.now();
  await generate(url, records, applications);
  console.log(`生成用时 ${((performance.now() - t) / 1000).toFixed(0)} 秒`);
}

const pct = (a: number[], p: number) =>
  [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))]!;
type Figure = { p50: number; p95: number; p99: number; n: number; pressure: string };
async function measure(label: string, fn: (i: number) => Promise<unknown>, n = SAMPLES): Promise<Figure> {
  for (let i = 0; i < Math.min(20, n); i++) await fn(i); // warm the plan and the cache
  const pressureBefore = cpuPressure();
  const lat: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    lat.push(performance.now() - t);
  }
  const f = { p50: pct(lat, 0.5), p95: pct(lat, 0.95), p99: pct(lat, 0.99), n, pressure: pressureBefore };
  console.log(
    `  ${label}：p50 ${f.p50.toFixed(2)}，p95 ${f.p95.toFixed(2)}，p99 ${f.p99.toFixed(2)} 毫秒（${n} 次；CPU 压力 ${f.pressure}）`,
  );
  return f;
}

async function openServer(url: string) {
  const database: Database = openPostgres(url, 4);
  const config = { ...testConfig(), databaseUrl: url };
  const app = await buildApp({ config, database, workers: false, creditSources: [] });
  return { app, database, deps: app.deps };
}

const figure = (label: string, lat: number[], pressure: string): Figure => {
  const f = { p50: pct(lat, 0.5), p95: pct(lat, 0.95), p99: pct(lat, 0.99), n: lat.length, pressure };
  console.log(
    `  ${label}：p50 ${f.p50.toFixed(2)}，p95 ${f.p95.toFixed(2)}，p99 ${f.p99.toFixed(2)} 毫秒（${f.n} 次；CPU 压力 ${pressure}）`,
  );
  return f;
};

/**
 * The credit check on both databases, one check on each in turn (the order alternating), so that the
 * machine's load, which on shared cores changes from minute to minute, weighs on both the same: the
 * ratio of their p99 is then about the table's size, not about when each was measured.
 *
 * A serving process is warm: it has run the check thousands of times. So the process first checks the
 * first half of the probe subjects CHECK_WARMUP times, then measures on the other half, which nothing in
 * this run has read: on the large database their pages are not yet in PostgreSQL's buffers, as most
 * subjects' are not in service. The first pass over that half is also reported on its own (`firstRead`).
 * With 20 checks of warm-up and 200 samples, earlier runs measured mostly the process's own warm-up
 * (p50 1.4–1.6 ms against 0.8–1.0 warm), and their p99 was the second slowest of 200.
 */
const CHECK_SAMPLES = Number(process.env.BENCH_CHECK_SAMPLES ?? 2000);
const CHECK_WARMUP = 1000;
async function checkLatencyPair(
  small: { url: string; label: string },
  large: { url: string; label: string },
): Promise<[Figure, Figure, Figure]> {
  const servers = [await openServer(small.url), await openServer(large.url)];
  const actor = { actor: systemActor('基准测试'), requestId: null };
  const half = PROBES / 2;
  const check = (k: number, probe: number) =>
    runAction(servers[k]!.deps, actor, (ctx) =>
      performCreditCheck(ctx, {
        subject: { kind: 'enterprise', code: probeUscc(probe), name: `基准企业${probe}` },
        itemVersionId: null,
      }),
    );
  for (let i = 0; i < CHECK_WARMUP; i++) for (const k of [0, 1]) await check(k, i % half);
  const pressure = cpuPressure();
  const lat: [number[], number[]] = [[], []];
  for (let i = 0; i < CHECK_SAMPLES; i++) {
    for (const k of i % 2 ? [1, 0] : [0, 1]) {
      const t = performance.now();
      await check(k, half + (i % half));
      lat[k]!.push(performance.now() - t);
    }
  }
  for (const s of servers) {
    await s.app.close();
    await s.database.close();
  }
  return [
    figure(small.label, lat[0], pressure),
    figure(large.label, lat[1], pressure),
    figure(`${large.label}，其中首次读取该主体的 ${half} 次`, lat[1].slice(0, half), pressure),
  ];
}

async function checkLatency(url: string, label: string): Promise<Figure> {
  const { app, database, deps } = await openServer(url);
  const actor = { actor: systemActor('基准测试'), requestId: null };
  const f = await measure(label, (i) =>
    runAction(deps, actor, (ctx) =>
      performCreditCheck(ctx, {
        subject: { kind: 'enterprise', code: probeUscc(i % PROBES), name: `基准企业${i % PROBES}` },
        itemVersionId: null,
      }),
    ),
  );
  await app.close();
  await database.close();
  return f;
}

/**
 * Where a credit check's time goes, in the same run: one round trip (`select 1`), the one statement
 * that reads the subject's file (subject, records, grades), a one-row insert committed with and without
 * waiting for the WAL flush (what the check's own row costs at commit), and the whole check again with the commit not waiting for the flush
 * (`synchronous_commit = off`, a bench-only comparison: the service keeps durable commits).
 */
async function checkBreakdown(url: string): Promise<Record<string, Figure>> {
  const out: Record<string, Figure> = {};
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  out.roundTrip = await measure('  往返（select 1）', () => pool.query('select 1'));
  await pool.query('create table if not exists bench_flush (x int)');
  out.commitFlush = await measure('  插入一行并提交（等待 WAL 落盘）', () =>
    pool.query('insert into bench_flush values (1)'),
  );
  await pool.query('set synchronous_commit = off');
  out.commitNoFlush = await measure('  插入一行并提交（不等落盘）', () =>
    pool.query('insert into bench_flush values (1)'),
  );
  await pool.query('drop table bench_flush');
  await pool.end();
  const database: Database = openPostgres(url, 1);
  out.subjectFile = await measure('  读取主体档案（一条语句）', (i) =>
    findSubjectFile(database.db, 'uscc', probeUscc(i % PROBES)),
  );
  await database.close();
  const u = new URL(url);
  u.searchParams.set('options', '-c synchronous_commit=off');
  out.checkAsyncCommit = await checkLatency(u.toString(), '  整个核查，提交不等落盘（仅压测对比）');
  return out;
}

/**
 * Random inspections (双随机) on the generated data, so the statistics' 无差别监管 figures read real draws:
 * one plan and draw a month for the supervision department over the three years, each drawing one in
 * twenty of the holders licensed that month (about 46 thousand inspections, 15 thousand a year). The
 * generated cases carry their lookup value in `subject_lookup`, so the inspections carry it as their hash.
 * Added to kept data when missing.
 */
async function ensureInspections(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(
      `select count(*)::int as n from inspection_draw where algorithm = 'bench'`,
    );
    if (rows[0].n > 0) return;
    await c.query('set synchronous_commit = off');
    await c.query('begin');
    await step(
      '双随机抽查计划与抽取（每月一次）',
      c,
      `with months as (
         select m, date_trunc('month', timestamptz '2026-12-01 00:00+08' - make_interval(months => m)) as start
         from generate_series(0, 35) m),
       plans as (
         insert into inspection_plan (id, department_id, name, scope, ratios, period_start, period_end,
           inspectors_per_inspection, candidates, inspectors, conflicts, seed_enc, seed_hash, status, created_at)
         select md5('p' || m)::uuid, (select department_id from user_account where username = 'supervisor'),
                '基准抽查' || m, '{}'::jsonb, '{}'::jsonb, (start at time zone 'Asia/Shanghai')::date::text,
                ((start + interval '1 month' - interval '1 day') at time zone 'Asia/Shanghai')::date::text,
                2, '[]'::jsonb, '[]'::jsonb, '[]'::jsonb, 'x', 'x', 'drawn', start
         from months returning id)
       insert into inspection_draw (id, plan_id, round, seed, seed_hash, algorithm, subject_list_hash,
         inspector_list_hash, strata, drawn_on, publish_deadline, drawn_at)
       select md5('d' || m)::uuid, md5('p' || m)::uuid, 1, 'x', 'x', 'bench', 'x', 'x', '[]'::jsonb,
              ((start + interval '25 days') at time zone 'Asia/Shanghai')::date::text,
              ((start + interval '45 days') at time zone 'Asia/Shanghai')::date::text, start + interval '25 days'
       from months where exists (select 1 from plans)`,
    );
    await step(
      '抽中的主体（每月持证主体的二十分之一）',
      c,
      `insert into inspection (draw_id, position, subject_kind, subject_code, subject_code_hash, subject_name,
         grade, inspector_ids)
       select d.id, row_number() over (partition by d.id order by l.id), 'enterprise', l.holder_code_shown,
              l.holder_lookup, l.holder_name, 'B', '[]'::jsonb
       from inspection_draw d
       join license l on l.issued_at >= d.drawn_at - interval '25 days'
                     and l.issued_at < d.drawn_at - interval '25 days' + interval '1 month'
       where d.algorithm = 'bench' and hashtext(l.id::text) % 20 = 0`,
    );
    await c.query('commit');
    await c.query('analyze inspection_plan, inspection_draw, inspection');
  } finally {
    await c.end();
  }
}

/**
 * Whether partitioning the credit records by month would help: a copy of `credit_record` partitioned by
 * `decided_on` (one partition a month over the generated ten years, the same indexes as local ones) beside
 * the table itself, and the reads the service makes of it — a subject's records (the credit check), a page
 * of the public disclosure (a date range) — plus a one-row durable insert, each on both in turn. The copy is
 * kept with the data (`bench_credit_record_monthly`). Run with BENCH_PARTITIONS=1.
 */
async function partitionComparison(url: string): Promise<Record<string, Figure>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const out: Record<string, Figure> = {};
  try {
    const have = await c.query(`select to_regclass('bench_credit_record_monthly') is not null as ok`);
    if (!have.rows[0].ok) {
      console.log('按月分区的信用记录副本：');
      await c.query('set synchronous_commit = off');
      await c.query(`create table bench_credit_record_monthly (like credit_record including defaults)
        partition by range (decided_on)`);
      await c.query(`do $$ declare m date := date '2016-11-01'; begin
        while m < date '2027-01-01' loop
          execute format('create table %I partition of bench_credit_record_monthly for values from (%L) to (%L)',
            'bench_crm_' || to_char(m, 'YYYYMM'), m, (m + interval '1 month')::date);
          m := (m + interval '1 month')::date;
        end loop; end $$`);
      await step(
        '  复制全部信用记录',
        c,
        'insert into bench_credit_record_monthly select * from credit_record',
      );
      await step(
        '  建索引（每个分区各一份）',
        c,
        `create index on bench_credit_record_monthly (subject_id);
         create index on bench_credit_record_monthly (decided_on desc nulls first, id, severity)
           where status = 'active' and published and kind not in ('red_list', 'tax_credit_a', 'tax_incentive_card');
         alter table bench_credit_record_monthly add primary key (id, decided_on)`,
      );
      await step('  analyze', c, 'analyze bench_credit_record_monthly');
      await c.query('reset synchronous_commit');
    }
    const { rows: parts } = await c.query(
      `select count(*)::int as n from pg_inherits where inhparent = 'bench_credit_record_monthly'::regclass`,
    );
    console.log(`按月分区（${parts[0].n} 个分区）与不分区，交替各测一次：`);
    const today = chinaDate(NOW);
    const disclosure = (t: string) =>
      `select id, decided_on, severity from ${t}
       where status = 'active' and published and kind not in ('red_list', 'tax_credit_a', 'tax_incentive_card')
         and decided_on <= $1::date and decided_on > ($1::date - interval '36 months')::date
         and (decided_on + case severity when 'minor' then interval '3 months' when 'general' then interval '12 months'
              else interval '36 months' end)::date > $1::date
       order by decided_on desc nulls first, id limit 20 offset $2`;
    const reads: [string, (t: string, i: number) => Promise<unknown>][] = [
      [
        '一个主体的全部记录（信用核查所读）',
        (t, i) => c.query(`select * from ${t} where subject_id = md5('s' || $1::text)::uuid`, [i % PROBES]),
      ],
      [
        '信用公示一页（近 36 个月，按日期倒序）',
        (t, i) => c.query(disclosure(t), [today, ([0, 20, 40, 180] as const)[i % 4]]),
      ],
      [
        '写入一条并持久提交',
        (t, i) =>
          c.query(
            `insert into ${t} (subject_id, kind, severity, authority, decided_on, summary, source, published, status,
             created_at, updated_at)
           values (md5('s' || $1::text)::uuid, 'administrative_penalty', 'general', '基准', $2::date, '分区对比',
             'import', true, 'active', now(), now())`,
            [i % PROBES, today],
          ),
      ],
    ];
    for (const [label, run] of reads) {
      const lat: [number[], number[]] = [[], []];
      const tables = ['credit_record', 'bench_credit_record_monthly'];
      for (let i = 0; i < 20; i++) for (const t of tables) await run(t, i);
      const pressure = cpuPressure();
      for (let i = 0; i < SAMPLES; i++) {
        for (const k of i % 2 ? [1, 0] : [0, 1]) {
          const t = performance.now();
          await run(tables[k]!, i);
          lat[k]!.push(performance.now() - t);
        }
      }
      const plain = figure(`  ${label}，不分区`, lat[0], pressure);
      const monthly = figure(`  ${label}，按月分区`, lat[1], pressure);
      console.log(
        `    分区 ÷ 不分区：p50 ${(monthly.p50 / plain.p50).toFixed(2)}，p99 ${(monthly.p99 / plain.p99).toFixed(2)}`,
      );
      out[`${label}.plain`] = plain;
      out[`${label}.monthly`] = monthly;
    }
    await c.query(`delete from credit_record where summary = '分区对比'`);
    await c.query(`delete from bench_credit_record_monthly where summary = '分区对比'`);
  } finally {
    await c.end();
  }
  return out;
}

const smallUrl = withDb(BASE_URL, `${dbName(BASE_URL)}_small`);
await ensure(smallUrl, SMALL_RECORDS, 1000);
await ensure(BASE_URL, RECORDS, APPLICATIONS);
await ensureInspections(BASE_URL);

console.log(`\n测量（${cpus().length} 核，${new Date().toISOString()}）`);
const figures: Record<string, Figure> = {};
[figures.creditCheckSmall, figures.creditCheck, figures.creditCheckFirstRead] = await checkLatencyPair(
  { url: smallUrl, label: `信用核查（${SMALL_RECORDS} 条记录，与下一行交替）` },
  { url: BASE_URL, label: `信用核查（${RECORDS} 条记录）` },
);
console.log('信用核查的时间花在哪里（同一个库）：');
for (const [k, f] of Object.entries(await checkBreakdown(BASE_URL))) figures[`creditCheck.${k}`] = f;

if (process.env.BENCH_PARTITIONS) {
  for (const [k, f] of Object.entries(await partitionComparison(BASE_URL))) figures[`partitions.${k}`] = f;
}

const { app, database, deps } = await openServer(BASE_URL);
const staff = async (username: string) => {
  const [u] = await queryRows<{ id: string; departmentId: string; roles: string[] }>(
    database.db,
    sql`select id, department_id as "departmentId", roles from user_account where username = ${username}`,
  );
  if (!u) throw new Error(`没有账号 ${username}`);
  return readContext(deps, {
    actor: {
      kind: 'staff',
      userId: u.id,
      username,
      departmentId: u.departmentId,
      roles: u.roles as never,
      sessionId: null,
    },
    requestId: null,
  });
};
// The busiest department's staff: a clerk and an approver of it, and its supervision admin.
const roles = await queryRows<{ username: string; roles: string[] }>(
  database.db,
  sql`select username, roles from user_account where kind = 'staff' and active order by username`,
);
const withRole = (r: string) => roles.find((x) => x.roles.includes(r))?.username;
const [busiest] = await queryRows<{ username: string }>(
  database.db,
  sql`select u.username from user_account u
      where 'approver' = any(u.roles)
      order by (select count(*) from application a where a.department_id = u.department_id) desc limit 1`,
);
const clerk = await staff(withRole('window_clerk')!);
const approver = await staff(busiest!.username);
const supervisor = await staff('supervisor');
const publicCtx = readContext(deps, { actor: systemActor('公众'), requestId: null });
const today = chinaDate(NOW);
const pages = [1, 2, 3, 10];

figures.catalogSearch = await measure('公开事项目录检索', (i) =>
  searchPublished(publicCtx, { page: 1, pageSize: 20, ...(i % 2 ? { keyword: '许可' } : {}) } as never),
);
figures.disclosure = await measure('信用公示（失信记录，总数计到 1 万为止）', (i) =>
  publishedRecords(database.db, today, pages[i % pages.length]!, 20),
);
// The exact total the list used to count, measured in the same run for the ratio.
figures.disclosureExactCount = await measure(
  '  对照：可公示记录的精确总数（改动前每页都要数）',
  () =>
    queryRows(
      database.db,
      sql`select count(*) from credit_record where status = 'active' and published
        and kind not in ('red_list', 'tax_credit_a', 'tax_incentive_card') and decided_on <= ${today}::date
        and decided_on > (${today}::date - interval '36 months')::date
        and (decided_on + case severity when 'minor' then interval '3 months' when 'general' then interval '12 months'
             else interval '36 months' end)::date > ${today}::date`,
    ),
  Math.min(SAMPLES, 20),
);
figures.publicCommitments = await measure('承诺公示', (i) =>
  publicCommitments(publicCtx, { page: pages[i % pages.length]!, pageSize: 20 } as never),
);
figures.clerkQueue = await measure('窗口待受理队列', (i) =>
  listQueue(clerk, { page: pages[i % pages.length]!, pageSize: 20, status: 'submitted' }),
);
figures.clerkAll = await measure('窗口全部办件（总数计到 1 万为止）', (i) =>
  listQueue(clerk, { page: pages[i % pages.length]!, pageSize: 20 }),
);
figures.clerkAllExactCount = await measure(
  '  对照：全部办件的精确总数（改动前每页都要数）',
  () => queryRows(database.db, sql`select count(*) from application`),
  Math.min(SAMPLES, 20),
);
figures.approverQueue = await measure('审批待审队列', (i) =>
  listQueue(approver, { page: pages[i % pages.length]!, pageSize: 20, status: 'reviewed' }),
);
const scope = scopeForStaff(
  (supervisor.actor as { departmentId: string }).departmentId,
  (supervisor.actor as { userId: string }).userId,
  ['supervision_admin'],
);
figures.supervisorTasks = await measure('监管核查任务列表', (i) =>
  listTasks(database.db, scope, i % 2 ? {} : { overdueBefore: today }, pages[i % pages.length]!, 20),
);
const periods = [
  { from: '2026-11-01', to: '2026-11-30' },
  { from: '2026-01-01', to: '2026-12-04' },
];
// The roll-up as the worker loop keeps it: a first full refresh, then an ordinary one (the last
// RECOUNT_DAYS days again). The bench's clock is NOW, so the roll-up reaches the day before it and the
// report counts NOW's day live, as it would in service.
const timed = async (label: string, fn: () => Promise<unknown>) => {
  const t = performance.now();
  await fn();
  const s = (performance.now() - t) / 1000;
  console.log(`  ${label}：${s.toFixed(1)} 秒（CPU 压力 ${cpuPressure()}）`);
  return s;
};
const refreshFull = await timed('统计汇总表首次全部重算', () =>
  refreshStatisticsRollup(database.db, NOW, { full: true }),
);
const refreshRecent = await timed('统计汇总表例行刷新（最近 35 天）', () =>
  refreshStatisticsRollup(database.db, NOW),
);
// Who reads the statistics: the county as a whole (the auditor sees every department) and the busiest
// department (its approver sees only it).
const auditor = await staff('auditor');
const statistics =
  (
    viewer: typeof auditor,
    period: (typeof periods)[number],
    groupBy: 'item' | 'department',
    direct: boolean,
  ) =>
  () =>
    statisticsReport(viewer, { ...period, groupBy }, { direct });
{
  // What the year's 无差别监管 figures read: holders by route and how many of them were drawn.
  const year = await statistics(auditor, periods[1]!, 'department', false)();
  console.log(`  全旗一年的无差别监管：${JSON.stringify(year.nonDiscrimination)}`);
  console.log(`  全旗一年的办件数：${JSON.stringify(year.totals)}`);
}
for (const [who, viewer, key] of [
  ['全旗', auditor, 'County'],
  ['最忙的部门', approver, 'Department'],
] as const) {
  for (const direct of [false, true]) {
    if (direct && key === 'Department') continue;
    const how = direct ? `  对照：不用汇总表，直接计数，${who}` : `统计，${who}`;
    const suffix = `${key}${direct ? 'Direct' : ''}`;
    figures[`statisticsMonth${suffix}`] = await measure(
      `${how}（一个月，按事项）`,
      statistics(viewer, periods[0]!, 'item', direct),
      Math.min(SAMPLES, direct ? 10 : 50),
    );
    figures[`statisticsYear${suffix}`] = await measure(
      `${how}（一年，按部门）`,
      statistics(viewer, periods[1]!, 'department', direct),
      Math.min(SAMPLES, direct ? 5 : 50),
    );
  }
}
await app.close();
await database.close();

const ratio = figures.creditCheck!.p99 / figures.creditCheckSmall!.p99;
console.log(
  `\n信用核查 p99：${RECORDS} 条 ${figures.creditCheck!.p99.toFixed(2)} 毫秒 / ${SMALL_RECORDS} 条 ${figures.creditCheckSmall!.p99.toFixed(2)} 毫秒 = ${ratio.toFixed(2)}（目标 ≤ 1.5，且 ≤ 5 毫秒）；首次读取该主体 p99 ${figures.creditCheckFirstRead!.p99.toFixed(2)} 毫秒`,
);
const slow = Object.entries(figures).filter(
  ([k, f]) => !k.startsWith('creditCheck') && !/Direct|Exact/.test(k) && f.p95 > 200,
);
console.log(
  slow.length ? `p95 超过 200 毫秒：${slow.map(([k]) => k).join('、')}` : '其余各项 p95 均 ≤ 200 毫秒',
);

const dir = new URL('./results/', import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(
  new URL('reads.json', dir),
  JSON.stringify({
    at: new Date().toISOString(),
    records: RECORDS,
    applications: APPLICATIONS,
    creditCheckP99Ratio: ratio,
    refreshSeconds: { full: refreshFull, recent: refreshRecent },
    figures,
  }),
);
