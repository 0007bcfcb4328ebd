/** `npm run bench -- <name>`: runs bench/<name>.ts, a standalone script that prints its own figures. */
const bench = process.argv[2] ?? '';
if (!/^[a-z0-9-]+$/.test(bench)) {
  console.error('用法：npm run bench -- <名称>（bench/ 下的脚本名，如 credit）');
  process.exit(2);
}
await import(`./${bench}.ts`);

export {};
