import { readFileSync } from 'node:fs';
import {
  DRAW_ALGORITHM_V1,
  type DrawInput,
  type DrawInputV1,
  runDraw,
  runDrawV1,
} from '../domain/inspection-draw';
import { type PublishedPlan, replayPublishedPlan } from '../domain/inspection-replay';

/**
 * `npm run draw:verify -- <public plan URL | file.json> [--code <own code> --salt <own salt>]`: re-runs a
 * 双随机 draw from its published inputs, with no access to our database, and says whether it gives the
 * published selection.
 *
 * - A URL of `GET /api/public/inspections/plans/{id}` (or that answer saved to a file): every draw of the
 *   plan is re-run from the candidates' commitments and grades. With `--code` and `--salt` (the salt from
 *   `GET /api/inspections/my-entries`) a subject also finds its own entry and whether it was drawn.
 * - A JSON file of one draw's inputs: `{ seed, entries: [{ commitment, grade }], inspectors: [{ id, name }],
 *   ratiosBp, conflicts: [{ inspectorId, commitment }], perInspection, expected?: { subjectListHash,
 *   inspectorListHash, selections: [{ commitment, inspectorIds }] } }`; for a version 1 draw
 *   `algorithm: "sm3-sm4ctr-fy-v1"`, `subjects: [{ code, grade }]` and conflicts by `subjectCode`.
 */
const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const source = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!source) {
  console.error('用法：npm run draw:verify -- <公开计划网址 | 文件.json> [--code 本人代码 --salt 本人盐值]');
  process.exit(2);
}
const code = flag('--code');
const salt = flag('--salt');
if (!!code !== !!salt) {
  console.error('--code 与 --salt 须同时给出（盐值见“我的抽查名录条目”）');
  process.exit(2);
}

const loaded = (
  /^https?:\/\//.test(source) ? await (await fetch(source)).json() : JSON.parse(readFileSync(source, 'utf8'))
) as Record<string, unknown>;

let ok: boolean;
if (Array.isArray(loaded.draws)) {
  const r = replayPublishedPlan(
    loaded as unknown as PublishedPlan,
    code && salt ? { code, salt } : undefined,
  );
  for (const p of r.entryProblems) console.log(`✗ ${p}`);
  for (const d of r.draws) {
    console.log(`第 ${d.round} 次抽取：算法 ${d.algorithm}，抽中 ${d.selected} 个`);
    for (const s of d.strata)
      console.log(`  等级 ${s.grade}：${s.candidates} 个中抽 ${s.selected} 个（${s.ratioBp / 100}%）`);
    if (!d.replayed) console.log(`  （${d.problems.join('；')}）`);
    else if (d.matches) console.log('  ✓ 按公布的输入重新抽取，与公布结果一致');
    else console.log(`  ✗ 与公布结果不一致：${d.problems.join('；')}`);
  }
  if (r.own) {
    if (!r.own.found) console.log('✗ 按所给代码和盐值，在公开名录中找不到本人的条目');
    else {
      console.log(`✓ 本人在名录中，信用等级 ${r.own.grade}`);
      console.log(
        r.own.selectedInRounds.length
          ? `  在第 ${r.own.selectedInRounds.join('、')} 次抽取中被抽中`
          : '  未被抽中',
      );
    }
  }
  ok = r.ok;
} else {
  type Expected = {
    subjectListHash?: string;
    inspectorListHash?: string;
    selections?: { commitment?: string; subjectCode?: string; inspectorIds: string[] }[];
  };
  const input = loaded as (DrawInput | (DrawInputV1 & { algorithm: string })) & { expected?: Expected };
  const v1 = 'algorithm' in input && input.algorithm === DRAW_ALGORITHM_V1;
  const r = v1
    ? runDrawV1({
        ...(input as DrawInputV1),
        subjects: (input as DrawInputV1).subjects.map((s) => ({ ...s, name: s.name ?? '' })),
      })
    : runDraw(input as DrawInput);
  const got = v1
    ? (r as ReturnType<typeof runDrawV1>).selections.map(
        (s) => `${s.subjectCode}:${s.inspectorIds.join(',')}`,
      )
    : (r as ReturnType<typeof runDraw>).selections.map((s) => `${s.commitment}:${s.inspectorIds.join(',')}`);
  const expected = input.expected ?? {};
  const problems: string[] = [];
  if (expected.subjectListHash && expected.subjectListHash !== r.subjectListHash)
    problems.push('检查对象名录哈希不同');
  if (expected.inspectorListHash && expected.inspectorListHash !== r.inspectorListHash)
    problems.push('检查人员名录哈希不同');
  if (expected.selections) {
    const want = expected.selections.map(
      (s) => `${v1 ? s.subjectCode : s.commitment}:${s.inspectorIds.join(',')}`,
    );
    if (want.join('|') !== got.join('|')) problems.push('抽中的对象或检查人员不同');
  }
  console.log(`抽取：算法 ${r.algorithm}，检查对象名录哈希 ${r.subjectListHash}，抽中 ${got.length} 个`);
  for (const s of r.strata)
    console.log(`  等级 ${s.grade}：${s.candidates} 个中抽 ${s.selected} 个（${s.ratioBp / 100}%）`);
  if (problems.length) console.log(`  ✗ 与公布结果不一致：${problems.join('；')}`);
  else if (expected.selections) console.log('  ✓ 与公布结果一致');
  else {
    console.log('  （未提供公布结果，仅列出重新抽取的结果）');
    for (const line of got) console.log(`  ${line}`);
  }
  ok = problems.length === 0;
}
process.exitCode = ok ? 0 : 1;
