/**
 * `npm run bench [-- name…]`: runs each benchmark script in bench/ (all of them by default) as its own
 * process, one after another so they do not compete for the machine's cores, then prints the figures
 * each wrote to bench/results/<name>.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.slice(0, -3))
  .sort();
const wanted = process.argv.slice(2).filter((a) => a !== '--');
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  console.error(`未知的基准测试：${unknown.join('、')}；可选：${available.join('、')}`);
  process.exit(2);
}
const names = wanted.length > 0 ? wanted : available;

let failed = 0;
for (const [i, name] of names.entries()) {
  console.log(`\n[${i + 1}/${names.length}] 基准测试 ${name}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${name}.ts`], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    console.error(`基准测试 ${name} 失败（退出码 ${run.status ?? run.signal}）`);
  }
}

console.log('\n汇总');
for (const name of names) {
  const file = `${dir}results/${name}.json`;
  if (existsSync(file)) console.log(`${name}: ${readFileSync(file, 'utf8').trim()}`);
}
process.exit(failed > 0 ? 1 : 0);
