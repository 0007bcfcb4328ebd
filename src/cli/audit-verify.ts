import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { verifyAuditChain } from '../server/audit/audit-log';
import { describeChainReport } from '../server/audit/report';
import { loadConfig } from '../server/config';
import { openPglite, openPostgres } from '../server/db/client';
import { lockDataDir } from '../server/runtime/data-dir-lock';
import { DataCrypto } from '../server/security/crypto';

/**
 * `npm run audit:verify`: seals what has committed, walks the audit chain, checks every row's MAC and
 * compares the chain with the signed checkpoints in AUDIT_CHECKPOINT_FILE. Names the first altered,
 * missing or forged row, a tail cut short, and the rows refused as not written by the application.
 * Exit 1 on any of them.
 */
const config = loadConfig();
const dataDir = resolve(config.dataDir);
const keyFile = join(dataDir, 'data.key');
// The MAC and checkpoint keys derive from the data key: without it nothing can be told apart from a forgery.
const dataKey = config.dataKey ?? (existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : null);
if (!dataKey) {
  console.error('缺少数据密钥：请设置 DATA_KEY，或在服务的 DATA_DIR 下运行（DATA_DIR/data.key）');
  process.exit(2);
}
const release = config.databaseUrl ? () => undefined : await lockDataDir(dataDir);
const database = config.databaseUrl
  ? openPostgres(config.databaseUrl, 2)
  : await openPglite(join(dataDir, 'pglite'));
try {
  const report = await verifyAuditChain(database.db, new DataCrypto(dataKey), {
    checkpointFile: config.auditCheckpointFile,
    onProgress: (n) => process.stderr.write(`\r已校验 ${n} 条`),
  });
  process.stderr.write('\n');
  const { ok, lines } = describeChainReport(report);
  for (const line of lines) (ok ? console.log : console.error)(line);
  if (!ok) process.exitCode = 1;
} finally {
  await database.close();
  release();
}
