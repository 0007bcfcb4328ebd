/**
 * `npm run bench -- <name>` runs bench/<name>.ts. Each benchmark is also a standalone script
 * (`npx tsx bench/<name>.ts`) that prints its figures and writes bench/results/<name>.json.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const name = process.argv[2];
const file = name ? fileURLToPath(new URL(`./${name}.ts`, import.meta.url)) : '';
if (!name || !/^[a-z0-9-]+$/.test(name) || !existsSync(file)) {
  console.error('用法：npm run bench -- <名称>，例如 push、draw');
  process.exit(1);
}
process.argv.splice(2, 1);
await import(file);
