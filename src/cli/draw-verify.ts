import { readFileSync } from 'node:fs';
import { type DrawInput, runDraw } from '../domain/inspection-draw';

/**
 * `npm run draw:verify -- <file.json | public plan URL>`: re-runs a 双随机 draw from its published
 * inputs, with no access to our database, and says whether it gives the published selection.
 *
 * - A JSON file: `{ seed, subjects: [{ code, grade }], inspectors: [{ id, name }], ratiosBp,
 *   conflicts: [{ inspectorId, subjectCode }], perInspection, expected?: { subjectListHash,
 *   inspectorListHash, selections: [{ subjectCode, inspectorIds }] } }`.
 * - A URL of `GET /api/public/inspections/plans/{id}`: every draw of the plan is re-run. Natural
 *   persons are masked there, so a plan that includes them needs the full list from the department.
 */
type Expected = {
  subjectListHash?: string;
  inspectorListHash?: string;
  selections?: { subjectCode: string; inspectorIds: string[] }[];
};

function compare(label: string, input: DrawInput, expected: Expected): boolean {
  const r = runDraw(input);
  const problems: string[] = [];
  if (expected.subjectListHash && expected.subjectListHash !== r.subjectListHash)
    problems.push('检查对象名录哈希不同');
  if (expected.inspectorListHash && expected.inspectorListHash !== r.inspectorListHash)
    problems.push('检查人员名录哈希不同');
  if (expected.selections) {
    const a = expected.selections.map((s) => `${s.subjectCode}:${s.inspectorIds.join(',')}`).join('|');
    const b = r.selections.map((s) => `${s.subjectCode}:${s.inspectorIds.join(',')}`).join('|');
    if (a !== b) problems.push('抽中的对象或检查人员不同');
  }
  console.log(
    `${label}：算法 ${r.algorithm}，检查对象名录哈希 ${r.subjectListHash}，抽中 ${r.selections.length} 个`,
  );
  for (const s of r.strata)
    console.log(`  等级 ${s.grade}：${s.candidates} 个中抽 ${s.selected} 个（${s.ratioBp / 100}%）`);
  if (problems.length) console.log(`  ✗ 与公布结果不一致：${problems.join('；')}`);
  else console.log(expected.selections ? '  ✓ 与公布结果一致' : '  （未提供公布结果，仅列出重新抽取的结果）');
  if (!expected.selections)
    for (const s of r.selections) console.log(`  ${s.subjectCode}  ${s.inspectorIds.join('、')}`);
  return problems.length === 0;
}

type PublicPlan = {
  candidates: { kind: string; code: string; grade: string; name: string }[];
  inspectors: { id: string; name: string }[];
  conflicts: { inspectorId: string; subjectCode: string }[];
  inspectorsPerInspection: number;
  draws: {
    round: number;
    seed: string;
    subjectListHash: string;
    inspectorListHash: string;
    strata: { grade: string; ratioBp: number }[];
    selections: { subjectCode: string; inspectors: { id: string }[] }[];
  }[];
};

const arg = process.argv[2];
if (!arg) {
  console.error('用法：npm run draw:verify -- <输入文件.json | 公开计划网址>');
  process.exit(2);
}
let ok = true;
if (/^https?:\/\//.test(arg)) {
  const plan = (await (await fetch(arg)).json()) as PublicPlan;
  if (plan.candidates.some((c) => c.kind === 'individual')) {
    console.log('注意：名录含自然人，公开信息已脱敏，需向实施部门取得完整名录后以文件方式核对。');
  }
  for (const d of plan.draws) {
    ok =
      compare(
        `第 ${d.round} 次抽取`,
        {
          seed: d.seed,
          subjects: plan.candidates,
          inspectors: plan.inspectors,
          ratiosBp: Object.fromEntries(d.strata.map((s) => [s.grade, s.ratioBp])),
          conflicts: plan.conflicts,
          perInspection: plan.inspectorsPerInspection,
        },
        {
          subjectListHash: d.subjectListHash,
          inspectorListHash: d.inspectorListHash,
          selections: d.selections.map((s) => ({
            subjectCode: s.subjectCode,
            inspectorIds: s.inspectors.map((i) => i.id),
          })),
        },
      ) && ok;
  }
} else {
  const input = JSON.parse(readFileSync(arg, 'utf8')) as DrawInput & { expected?: Expected };
  ok = compare(
    '抽取',
    { ...input, subjects: input.subjects.map((s) => ({ ...s, name: s.name ?? '' })) },
    input.expected ?? {},
  );
}
process.exitCode = ok ? 0 : 1;
