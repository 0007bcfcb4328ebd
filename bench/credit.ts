import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type SQL, sql } from 'drizzle-orm';
import { completeUscc } from '../src/domain/codes';
import { buildApp } from '../src/server/app';
import { migrateDatabase, seedCalendar } from '../src/server/bootstrap';
import { testConfig } from '../src/server/config';
import { runAction, systemActor } from '../src/server/context';
import { type Database, openPglite, openPostgres, queryRows } from '../src/server/db/client';
import { importRecords } from '../src/server/modules/credit/import-records';
import { openSheet } from '../src/server/modules/credit/import-sheet';
import { performCreditCheck } from '../src/server/modules/credit/perform-credit-check';
import { seedCreditPolicies } from '../src/server/modules/credit/seed/seed-credit';
import { DataCrypto } from '../src/server/security/crypto';

/**
 * Credit import throughput and credit check latency, each as a ratio to a baseline measured in the same
 * run on the same database: a bare multi-row INSERT of the same records (what the import adds on top is
 * parsing, validation, subject resolution and the audit entry), and a bare one-row SELECT in a
 * transaction (what a check adds on top is its queries, the policy evaluation and two inserts).
 * PGlite in memory by default; BENCH_DATABASE_URL for PostgreSQL (use a scratch database).
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const CHECKS = Number(process.env.BENCH_CHECKS ?? 300);
const ORG = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const uscc = (i: number): string => {
  let body = '';
  let n = i;
  for (let k = 0; k < 6; k++) {
    body = ORG[n % 31]! + body;
    n = Math.floor(n / 31);
  }
  return completeUscc('91150626', `BK${body}`);
};

const url = process.env.BENCH_DATABASE_URL;
const database: Database = url ? openPostgres(url, 4) : await openPglite(null);
await migrateDatabase(database);
const now = new Date('2026-11-23T02:00:00Z');
await seedCalendar(database.db, now);
await seedCreditPolicies(database.db, new DataCrypto(testConfig().dataKey!), now);
const app = await buildApp({ config: testConfig(), database, workers: false, creditSources: [] });
const deps = app.deps;
const actor = { actor: systemActor('基准测试'), requestId: null };

const kinds = ['行政处罚', '经营异常名录', '黑名单', '违诺', '虚假承诺'];
const lines = ['主体类型,主体代码,主体名称,记录类别,失信程度,认定机关,认定日期,事由,处罚是否履行'];
for (let i = 0; i < ROWS; i++) {
  const kind = kinds[i % kinds.length]!;
  lines.push(
    `企业及其他组织,${uscc(i % (ROWS / 2))},基准企业${i % (ROWS / 2)},${kind},一般,某局,2026-0${(i % 9) + 1}-15,基准事由${i},${kind === '行政处罚' ? '否' : ''}`,
  );
}
const csv = lines.join('\n');

// Baseline: the same number of rows inserted bare, 1000 per statement, in one transaction.
const subjectId = await queryRows<{ id: string }>(
  database.db,
  sql`insert into credit_subject (kind, uscc, name, created_at) values ('enterprise', ${uscc(ROWS * 3)}, '基线企业', now())
      on conflict (uscc) where uscc is not null do update set name = excluded.name returning id`,
);
const t0 = performance.now();
await database.db.transaction(async (tx) => {
  for (let i = 0; i < ROWS; i += 1000) {
    const values: SQL[] = [];
    for (let j = i; j < Math.min(ROWS, i + 1000); j++) {
      values.push(
        sql`(${subjectId[0]!.id}, 'blacklist', 'general', '某局', '2026-01-15', ${`基线${j}`}, 'import', true, 'active', false, now(), now())`,
      );
    }
    await tx.execute(
      sql`insert into credit_record (subject_id, kind, severity, authority, decided_on, summary, source, published, status, under_objection, created_at, updated_at) values ${sql.join(values, sql`, `)}`,
    );
  }
});
const baselineMs = performance.now() - t0;

const t1 = performance.now();
const dir = mkdtempSync(join(tmpdir(), 'xyp-bench-credit-'));
writeFileSync(join(dir, 'records.csv'), csv);
const sheet = await openSheet(join(dir, 'records.csv'));
const result = await runAction(deps, actor, (ctx) =>
  importRecords({ ...ctx, databaseKind: database.kind }, sheet, { source: '基准测试', skipInvalid: false }),
);
rmSync(dir, { recursive: true, force: true });
const importMs = performance.now() - t1;

// Check latency: subjects with records, local file only.
const lat: number[] = [];
const base: number[] = [];
for (let i = 0; i < CHECKS; i++) {
  const s = performance.now();
  await runAction(deps, actor, (ctx) => ctx.tx.execute(sql`select 1`));
  base.push(performance.now() - s);
  const c = performance.now();
  await runAction(deps, actor, (ctx) =>
    performCreditCheck(ctx, {
      subject: { kind: 'enterprise', code: uscc(i % (ROWS / 2)), name: `基准企业${i}` },
      itemVersionId: null,
    }),
  );
  lat.push(performance.now() - c);
}
const pct = (a: number[], p: number) =>
  [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))]!;

console.log(`数据库：${database.kind}`);
console.log(
  `导入 ${result.added} 条（新建主体 ${result.subjectsCreated} 个）：${importMs.toFixed(0)} 毫秒，${((result.added / importMs) * 1000).toFixed(0)} 条/秒`,
);
console.log(
  `  基线（直接批量插入同样行数）：${baselineMs.toFixed(0)} 毫秒，${((ROWS / baselineMs) * 1000).toFixed(0)} 条/秒`,
);
console.log(`  导入耗时 / 基线 = ${(importMs / baselineMs).toFixed(2)}`);
console.log(
  `信用核查 ${CHECKS} 次：p50 ${pct(lat, 0.5).toFixed(2)} 毫秒，p95 ${pct(lat, 0.95).toFixed(2)} 毫秒`,
);
console.log(
  `  基线（事务内 select 1）：p50 ${pct(base, 0.5).toFixed(2)} 毫秒，p95 ${pct(base, 0.95).toFixed(2)} 毫秒`,
);
console.log(`  核查 p50 / 基线 p50 = ${(pct(lat, 0.5) / pct(base, 0.5)).toFixed(1)}`);
await app.close();
await database.close();
