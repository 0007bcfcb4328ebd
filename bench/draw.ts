/**
 * The 双随机 draw over a million subjects, against a plain Math.random Fisher–Yates shuffle of the
 * same array measured in the same run. `npx tsx bench/draw.ts [subjects]`
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { runDraw } from '../src/domain/inspection-draw';

const N = Number(process.argv[2] ?? 1_000_000);
const RUNS = 5;
const grades = ['A', 'B', 'C', 'D', 'E'];
// Published entries: a commitment per subject (made natively here; only the draw itself is timed).
const subjects = Array.from({ length: N }, (_, i) => {
  const grade = grades[i % grades.length]!;
  const salt = createHash('sm3').update(`salt${i}`).digest('hex').slice(0, 32);
  return {
    commitment: createHash('sm3')
      .update(`E|${salt}|91150626MA${String(i).padStart(8, '0')}|${grade}`)
      .digest('hex'),
    grade,
  };
});
const inspectors = Array.from({ length: 60 }, (_, i) => ({
  id: `inspector-${String(i).padStart(3, '0')}`,
  name: `检查员${i}`,
}));
const conflicts = Array.from({ length: 2000 }, (_, i) => ({
  inspectorId: inspectors[i % 60]!.id,
  commitment: subjects[(i * 7919) % N]!.commitment,
}));
const ratiosBp = { A: 300, B: 500, C: 1000, D: 2000, E: 5000 };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const drawTimes: number[] = [];
let selected = 0;
let firstHash = '';
for (let r = 0; r < RUNS; r++) {
  const t0 = performance.now();
  const res = runDraw({
    seed: `bench-seed-${r % 2}`,
    entries: subjects,
    inspectors,
    ratiosBp,
    conflicts,
    perInspection: 2,
  });
  drawTimes.push(performance.now() - t0);
  selected = res.selections.length;
  if (r === 0) firstHash = res.subjectListHash;
}
// Reproducibility in the same run: the same inputs give the same selection.
const a = runDraw({ seed: 'same', entries: subjects, inspectors, ratiosBp, conflicts, perInspection: 2 });
const b = runDraw({
  seed: 'same',
  entries: [...subjects].reverse(),
  inspectors,
  ratiosBp,
  conflicts,
  perInspection: 2,
});
const reproducible = JSON.stringify(a.selections) === JSON.stringify(b.selections);

const baseTimes: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const t0 = performance.now();
  const arr = [...subjects];
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const x = arr[i]!;
    arr[i] = arr[j]!;
    arr[j] = x;
  }
  baseTimes.push(performance.now() - t0);
}

const drawMs = median(drawTimes);
const baseMs = median(baseTimes);
const result = {
  subjects: N,
  inspectors: inspectors.length,
  conflicts: conflicts.length,
  selected,
  subjectListHash: firstHash,
  runs: RUNS,
  drawMsMedian: Math.round(drawMs),
  drawMsAll: drawTimes.map(Math.round),
  baselineMathRandomShuffleMsMedian: Math.round(baseMs),
  ratioDrawToBaseline: Number((drawMs / baseMs).toFixed(1)),
  underOneSecond: drawMs < 1000,
  reproducible,
  node: process.version,
};
console.log(
  `双随机抽取：${N.toLocaleString()} 个对象、${inspectors.length} 名检查人员、${conflicts.length} 条利益冲突，抽中 ${selected} 个`,
);
console.log(
  `  可复现抽取（SM3 名录哈希 + SM4 计数器模式随机流 + 部分 Fisher–Yates）：中位数 ${result.drawMsMedian} ms（${result.drawMsAll.join(' / ')}）`,
);
console.log(`  基线（Math.random 全量洗牌同一数组）：中位数 ${result.baselineMathRandomShuffleMsMedian} ms`);
console.log(
  `  比值：${result.ratioDrawToBaseline} 倍；一秒内：${result.underOneSecond ? '是' : '否'}；重排输入后结果一致：${reproducible ? '是' : '否'}`,
);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/draw.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
