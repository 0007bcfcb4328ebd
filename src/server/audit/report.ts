import type { ChainReport } from './audit-log';

/** What `npm run audit:verify` prints for a report, and whether it exits with 0. */
export function describeChainReport(report: ChainReport): { ok: boolean; lines: string[] } {
  const lines: string[] = [];
  if (report.firstProblem) {
    lines.push(`审计日志异常：${report.firstProblem.message}（此前 ${report.checked} 条完好）`);
  } else {
    lines.push(`哈希链完整：共 ${report.checked} 条，无缺失、篡改或伪造`);
  }
  if (report.findings.length) {
    lines.push(`发现 ${report.findings.length} 条非本系统写入的审计记录（已拒绝入链，记录在链中）：`);
    for (const f of report.findings.slice(0, 20)) lines.push(`  第${f.seq}条记载：${f.message}`);
  }
  if (report.flaggedRows) lines.push(`表中有 ${report.flaggedRows} 条被拒绝入链的记录`);
  const cp = report.checkpoint;
  if (!cp.file) lines.push('未配置检查点文件（AUDIT_CHECKPOINT_FILE），无法判断末尾是否被截断');
  else if (!cp.last) lines.push(`检查点文件 ${cp.file} 中没有检查点，无法判断末尾是否被截断`);
  else
    lines.push(
      `检查点：${cp.file} 中 ${cp.count} 个有效检查点，最近一个 ${cp.last.at} 记录到第${cp.last.seq}条${
        report.firstProblem?.problem === 'truncated' || report.firstProblem?.problem === 'checkpoint_mismatch'
          ? ''
          : '，与数据库一致'
      }`,
    );
  for (const p of cp.problems) lines.push(`检查点文件异常：${p}`);
  lines.push(`检查点签名公钥（SM2）：${report.checkpointKey}`);
  if (report.ok) lines.unshift('审计日志完整');
  return { ok: report.ok, lines };
}
