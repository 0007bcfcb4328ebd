/**
 * Builds the browser application into dist/web and reports the gzip size of the JavaScript the first
 * public page (/) loads. `--if-stale` builds only when a source file is newer than the last build, so
 * `npm start` on a fresh clone serves a current site without committing built files.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = resolve(import.meta.dirname, '../..');
const out = join(root, 'dist/web');
const stampFile = join(out, '.source-hash');
/** The budget for the first page's JavaScript, gzip. */
const FIRST_PAGE_LIMIT = 250 * 1024;

const inputs = ['src/web', 'src/contracts', 'src/domain', 'vite.config.ts', 'package-lock.json'];

function files(p: string): string[] {
  const abs = join(root, p);
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile()) return [p];
  return readdirSync(abs, { withFileTypes: true }).flatMap((d) => files(join(p, d.name)));
}

/** A hash of every input's path, size and modification time: cheap, and changes whenever a file does. */
function sourceHash(): string {
  const h = createHash('sha256');
  for (const f of inputs.flatMap(files).sort()) {
    const s = statSync(join(root, f));
    h.update(`${f}|${s.size}|${s.mtimeMs}\n`);
  }
  return h.digest('hex');
}

type Chunk = { file: string; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean; src?: string };

/** Gzip size of the entry chunk, the home page's chunk and everything they import statically. */
export function firstPageJs(dir = out): { files: string[]; gzipBytes: number } {
  const manifest = JSON.parse(readFileSync(join(dir, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    Chunk
  >;
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
  const homeKey = Object.keys(manifest).find((k) => k.endsWith('features/public/HomePage.tsx'));
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const i of manifest[key]?.imports ?? []) visit(i);
  };
  visit(entryKey);
  if (homeKey) visit(homeKey);
  const list = [...seen].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'));
  const gzipBytes = list.reduce((n, f) => n + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0);
  return { files: list, gzipBytes };
}

export async function buildWeb(opts: { ifStale?: boolean } = {}): Promise<void> {
  const hash = sourceHash();
  if (opts.ifStale && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) return;
  console.log('正在构建网页应用（dist/web）……');
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(stampFile, hash);
  const first = firstPageJs();
  const kb = (first.gzipBytes / 1024).toFixed(1);
  console.log(
    `首页加载的 JavaScript（gzip）：${kb} kB，${first.files.length} 个文件，上限 ${FIRST_PAGE_LIMIT / 1024} kB`,
  );
  if (first.gzipBytes > FIRST_PAGE_LIMIT) {
    console.error('首页 JavaScript 超过上限：请按路由拆分，或把重组件改为按需加载');
    process.exitCode = 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildWeb({ ifStale: process.argv.includes('--if-stale') });
}
