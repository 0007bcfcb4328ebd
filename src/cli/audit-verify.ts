import { join, resolve } from 'node:path';
import { verifyAuditChain } from '../server/audit/audit-log';
import { loadConfig } from '../server/config';
import { openPglite, openPostgres } from '../server/db/client';
import { lockDataDir } from '../server/runtime/data-dir-lock';

/** `npm run audit:verify`: walks the audit chain and names the first altered or missing row. Exit 1 if broken. */
const config = loadConfig();
const release = config.databaseUrl ? () => undefined : await lockDataDir(resolve(config.dataDir));
const database = config.databaseUrl
  ? openPostgres(config.databaseUrl, 2)
  : await openPglite(join(resolve(config.dataDir), 'pglite'));
try {
  const report = await verifyAuditChain(database.db, (n) => process.stderr.write(`\r已校验 ${n} 条`));
  process.stderr.write('\n');
  if (report.ok) {
    console.log(`审计日志完整：共 ${report.checked} 条，哈希链无断裂`);
  } else {
    console.error(`审计日志异常：${report.firstProblem!.message}（此前 ${report.checked} 条完好）`);
    process.exitCode = 1;
  }
} finally {
  await database.close();
  release();
}
