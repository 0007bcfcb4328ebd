import { sm3, sm4 } from 'sm-crypto-v2';
import { DomainError } from './errors';

/**
 * The reproducible 双随机 draw. Everything that decides the outcome is published (the seed, the
 * candidates' commitments and grades, the SM3 of both lists, the ratios, the conflicts), and the draw
 * is a pure function of those, so anyone re-running it gets the same subjects and inspectors. Written
 * in plain JavaScript (SM3 and SM4 from sm-crypto-v2, no Node API), so a browser re-runs it too.
 *
 * Algorithm `sm3-sm4ctr-fy-v2`, written out so that it can be re-implemented without this code:
 * 0. Each candidate is published as a commitment C = SM3(`E|<salt>|<code>|<grade>`) (hex of the UTF-8
 *    text), salt being 32 lowercase hex digits (128 bits) kept by the department and given to that
 *    subject only. A masked resident ID leaves a few million possible codes; without the salt none of
 *    them can be checked against C, while the subject recomputes C from its own code and salt.
 * 1. Canonical form: subject line `S|<commitment>|<grade>`, inspector line `I|<id>|<name>`; each list
 *    sorted by commitment / id (UTF-16 code unit order). The list hash is SM3 (hex) of the UTF-8 lines,
 *    each followed by "\n".
 * 2. Key = SM3(`sm3-sm4ctr-fy-v2|<seed>|<subject list hash>|<inspector list hash>|<ratios>|<per inspection>`),
 *    ratios written `grade:basisPoints` sorted by grade and joined by ",".
 * 3. Random words: the SM4-CTR keystream under the key (SM4 key = key bytes 0–15, initial counter
 *    block = bytes 16–31, the counter a 128-bit big-endian integer), read as big-endian unsigned 32-bit
 *    words. A number below n is drawn by rejection: take the next word w, retry while
 *    w ≥ 2^32 − (2^32 mod n), else answer w mod n.
 * 4. Strata in grade order; in each, candidates in sorted order, k = ceil(n × bp / 10000) chosen by a
 *    partial Fisher–Yates shuffle (for i < k: swap i with i + draw(n − i)); the selection is the first
 *    k in draw order.
 * 5. For each selected subject in selection order: the inspectors without a declared conflict with it
 *    (sorted order; a conflict names the subject by its commitment), `perInspection` of them chosen by
 *    the same partial Fisher–Yates, same stream.
 *
 * `sm3-sm4ctr-fy-v1` (plans drawn before) is the same with the subject's code in place of the
 * commitment: its list hash confirms a guessed resident ID, so it is only re-run where the codes are
 * known (`runDrawV1`), never published for natural persons.
 */
export const DRAW_ALGORITHM = 'sm3-sm4ctr-fy-v2';
export const DRAW_ALGORITHM_V1 = 'sm3-sm4ctr-fy-v1';
export type DrawAlgorithm = typeof DRAW_ALGORITHM | typeof DRAW_ALGORITHM_V1;

/** One candidate as published: its commitment and grade. `name` only labels an error message. */
export type DrawEntry = { commitment: string; grade: string; name?: string };
export type DrawInspector = { id: string; name: string };
export type DrawConflict = { inspectorId: string; commitment: string };

export type DrawInput = {
  seed: string;
  entries: readonly DrawEntry[];
  inspectors: readonly DrawInspector[];
  /** Credit grade → ratio in basis points (0–10000); a grade not listed is not sampled. */
  ratiosBp: Readonly<Record<string, number>>;
  conflicts: readonly DrawConflict[];
  perInspection: number;
};

export type DrawSelection = { commitment: string; grade: string; inspectorIds: string[] };
export type DrawStratum = { grade: string; candidates: number; ratioBp: number; selected: number };

export type DrawResult = {
  algorithm: typeof DRAW_ALGORITHM;
  subjectListHash: string;
  inspectorListHash: string;
  strata: DrawStratum[];
  selections: DrawSelection[];
};

/** Version 1 inputs: subjects by their codes. */
export type DrawSubject = { code: string; name: string; grade: string };
export type DrawConflictV1 = { inspectorId: string; subjectCode: string };
export type DrawInputV1 = Omit<DrawInput, 'entries' | 'conflicts'> & {
  subjects: readonly DrawSubject[];
  conflicts: readonly DrawConflictV1[];
};
export type DrawSelectionV1 = { subjectCode: string; grade: string; inspectorIds: string[] };
export type DrawResultV1 = Omit<DrawResult, 'algorithm' | 'selections'> & {
  algorithm: typeof DRAW_ALGORITHM_V1;
  selections: DrawSelectionV1[];
};

const utf8 = new TextEncoder();
const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function hexToBytes(hex: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new RangeError('not hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const SALT = /^[0-9a-f]{32}$/;
const COMMITMENT = /^[0-9a-f]{64}$/;

/** The published commitment of one candidate (step 0). */
export function entryCommitment(salt: string, code: string, grade: string): string {
  if (!SALT.test(salt)) throw new RangeError('salt must be 32 lowercase hex digits');
  return sm3(`E|${salt}|${code}|${grade}`);
}

/**
 * A subject confirming its own entry: the published entry its code and salt commit to, if any. No one
 * else can run this for a masked code: they lack the salt.
 */
export function findOwnEntry<T extends { commitment: string; grade: string }>(
  entries: readonly T[],
  code: string,
  salt: string,
): T | undefined {
  const byCommitment = new Map(entries.map((e) => [e.commitment, e]));
  for (const grade of new Set(entries.map((e) => e.grade))) {
    const hit = byCommitment.get(entryCommitment(salt, code, grade));
    if (hit) return hit;
  }
  return undefined;
}

export const subjectLine = (s: { commitment: string; grade: string }): string =>
  `S|${s.commitment}|${s.grade}`;
export const inspectorLine = (i: DrawInspector): string => `I|${i.id}|${i.name}`;

const BLOCKS_PER_REFILL = 1024;

/**
 * The random stream: SM4 in counter mode (GB/T 17964 CTR) over zero bytes, keyed by the draw key (SM4
 * key = first 16 bytes, initial counter block = last 16 bytes, the counter a 128-bit big-endian
 * integer). The keystream is SM4-ECB of consecutive counter blocks, computed in batches.
 */
export class Sm4CounterStream {
  readonly #key: Uint8Array;
  readonly #counter: Uint8Array;
  #words = new Uint32Array(0);
  #pos = 0;

  constructor(keyHex: string) {
    const key = hexToBytes(keyHex);
    if (key.length !== 32) throw new RangeError('draw key must be 32 bytes');
    this.#key = key.slice(0, 16);
    this.#counter = key.slice(16, 32);
  }

  #refill(): void {
    // A small first batch: most draws need a few hundred words, and plain-JavaScript SM4 is not free.
    const n = this.#words.length ? BLOCKS_PER_REFILL : 64;
    const blocks = new Uint8Array(16 * n);
    const c = this.#counter;
    for (let b = 0; b < n; b++) {
      blocks.set(c, b * 16);
      for (let i = 15; i >= 0; i--) {
        c[i] = (c[i]! + 1) & 0xff;
        if (c[i] !== 0) break;
      }
    }
    const stream = sm4.encrypt(blocks, this.#key, { mode: 'ecb', padding: 'none', output: 'array' });
    const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
    const words = new Uint32Array(stream.length / 4);
    for (let i = 0; i < words.length; i++) words[i] = view.getUint32(i * 4, false);
    this.#words = words;
    this.#pos = 0;
  }

  nextWord(): number {
    if (this.#pos >= this.#words.length) this.#refill();
    return this.#words[this.#pos++]!;
  }

  /** Uniform integer in [0, n), by rejection so that no value is favoured. */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x1_0000_0000) throw new RangeError(`bad bound ${n}`);
    const limit = 0x1_0000_0000 - (0x1_0000_0000 % n);
    for (;;) {
      const w = this.nextWord();
      if (w < limit) return w % n;
    }
  }
}

const ratioText = (ratiosBp: Readonly<Record<string, number>>): string =>
  Object.keys(ratiosBp)
    .sort(byCode)
    .map((g) => `${g}:${ratiosBp[g]}`)
    .join(',');

/** The list in key order; a list that already is (the usual export order) is not copied or re-sorted. */
function sortedBy<T>(list: readonly T[], key: (t: T) => string): readonly T[] {
  for (let i = 1; i < list.length; i++) {
    if (key(list[i - 1]!) > key(list[i]!)) return [...list].sort((a, b) => byCode(key(a), key(b)));
  }
  return list;
}

/** SM3 of the canonical lines: one digest over the whole list, not one per candidate. */
function listHash<T>(sorted: readonly T[], line: (x: T) => string): string {
  const parts: Uint8Array[] = [];
  let length = 0;
  const chunk = 4096;
  for (let i = 0; i < sorted.length; i += chunk) {
    let text = '';
    const end = Math.min(sorted.length, i + chunk);
    for (let j = i; j < end; j++) text += `${line(sorted[j]!)}\n`;
    const bytes = utf8.encode(text);
    parts.push(bytes);
    length += bytes.length;
  }
  const all = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return sm3(all);
}

/** SM3 list hash of published entries in any order (version 2). */
export const subjectListHash = (entries: readonly { commitment: string; grade: string }[]): string =>
  listHash(
    [...entries].sort((a, b) => byCode(a.commitment, b.commitment)),
    subjectLine,
  );

/** ceil(n × bp / 10000) in integers: ratios as floats would round 7% of 100 up to 8. */
export const stratumSize = (n: number, bp: number): number => Math.min(n, Math.ceil((n * bp) / 10000));

export function drawKey(
  input: Pick<DrawInput, 'seed' | 'ratiosBp' | 'perInspection'>,
  subjectListHash: string,
  inspectorListHash: string,
  algorithm: DrawAlgorithm = DRAW_ALGORITHM,
): string {
  return sm3(
    `${algorithm}|${input.seed}|${subjectListHash}|${inspectorListHash}|${ratioText(input.ratiosBp)}|${input.perInspection}`,
  );
}

function validate(input: Pick<DrawInput, 'seed' | 'perInspection' | 'ratiosBp'>): void {
  const problems: string[] = [];
  if (!input.seed) problems.push('随机种子不能为空');
  if (!Number.isInteger(input.perInspection) || input.perInspection < 2) {
    problems.push('每个检查对象至少应配两名检查人员');
  }
  for (const [grade, bp] of Object.entries(input.ratiosBp)) {
    if (!Number.isInteger(bp) || bp < 0 || bp > 10000)
      problems.push(`信用等级 ${grade} 的抽查比例应在 0%–100% 之间`);
  }
  if (problems.length) throw new DomainError('VALIDATION', problems.join('；'), { problems });
}

/** A candidate as the shared steps 1–5 see it: the key it is sorted and named by, and its grade. */
type Item = { key: string; grade: string; label: string };

function draw(
  algorithm: DrawAlgorithm,
  input: Omit<DrawInput, 'entries' | 'conflicts'>,
  items: readonly Item[],
  conflicts: readonly { inspectorId: string; key: string }[],
  what: string,
) {
  validate(input);
  const subjects = sortedBy(items, (s) => s.key);
  const inspectors = sortedBy(input.inspectors, (i) => i.id);
  // Sorted, so a duplicate sits next to its twin: no set of a million codes needed.
  const dupes: string[] = [];
  for (let i = 1; i < subjects.length && dupes.length < 20; i++) {
    if (subjects[i]!.key === subjects[i - 1]!.key) dupes.push(`检查对象${what} ${subjects[i]!.key} 重复`);
  }
  for (let i = 1; i < inspectors.length; i++) {
    if (inspectors[i]!.id === inspectors[i - 1]!.id) dupes.push(`检查人员 ${inspectors[i]!.name} 重复`);
  }
  if (dupes.length) throw new DomainError('VALIDATION', dupes.join('；'), { problems: dupes });
  const subjectListHash = listHash(subjects, (s) => `S|${s.key}|${s.grade}`);
  const inspectorListHash = listHash(inspectors, inspectorLine);

  if (inspectors.length < input.perInspection) {
    throw new DomainError(
      'PRECONDITION_FAILED',
      `检查人员不足：每个检查对象需要 ${input.perInspection} 名检查人员，名单中只有 ${inspectors.length} 名`,
      { required: input.perInspection, available: inspectors.length },
    );
  }

  const rng = new Sm4CounterStream(drawKey(input, subjectListHash, inspectorListHash, algorithm));

  // Strata by grade, each holding indices into the sorted subject list (so in sorted order).
  const byGrade = new Map<string, number[]>();
  for (let i = 0; i < subjects.length; i++) {
    const g = subjects[i]!.grade;
    const list = byGrade.get(g);
    if (list) list.push(i);
    else byGrade.set(g, [i]);
  }
  const grades = [...new Set([...byGrade.keys(), ...Object.keys(input.ratiosBp)])].sort(byCode);
  const strata: DrawStratum[] = [];
  const chosen: number[] = [];
  for (const grade of grades) {
    const members = byGrade.get(grade) ?? [];
    const bp = input.ratiosBp[grade] ?? 0;
    const k = stratumSize(members.length, bp);
    const pool = Int32Array.from(members);
    for (let i = 0; i < k; i++) {
      const j = i + rng.below(pool.length - i);
      const t = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = t;
      chosen.push(pool[i]!);
    }
    strata.push({ grade, candidates: members.length, ratioBp: bp, selected: k });
  }

  const conflicted = new Map<string, Set<string>>();
  for (const c of conflicts) {
    const set = conflicted.get(c.key);
    if (set) set.add(c.inspectorId);
    else conflicted.set(c.key, new Set([c.inspectorId]));
  }
  const allIds = inspectors.map((i) => i.id);
  const selections = chosen.map((idx) => {
    const s = subjects[idx]!;
    const excluded = conflicted.get(s.key);
    const eligible = excluded ? allIds.filter((id) => !excluded.has(id)) : [...allIds];
    if (eligible.length < input.perInspection) {
      throw new DomainError(
        'PRECONDITION_FAILED',
        `与检查对象“${s.label}”无利益冲突的检查人员只有 ${eligible.length} 名，少于每个对象所需的 ${input.perInspection} 名，请增加检查人员`,
        { subject: s.key, eligible: eligible.length, required: input.perInspection },
      );
    }
    for (let i = 0; i < input.perInspection; i++) {
      const j = i + rng.below(eligible.length - i);
      const t = eligible[i]!;
      eligible[i] = eligible[j]!;
      eligible[j] = t;
    }
    return { key: s.key, grade: s.grade, inspectorIds: eligible.slice(0, input.perInspection) };
  });
  return { subjectListHash, inspectorListHash, strata, selections };
}

/** Runs the draw. Throws PRECONDITION_FAILED when a drawn subject has too few eligible inspectors. */
export function runDraw(input: DrawInput): DrawResult {
  const malformed = input.entries.find((e) => !COMMITMENT.test(e.commitment));
  if (malformed) throw new DomainError('VALIDATION', `检查对象承诺值格式有误：${malformed.commitment}`);
  const r = draw(
    DRAW_ALGORITHM,
    input,
    input.entries.map((e) => ({
      key: e.commitment,
      grade: e.grade,
      label: e.name ?? e.commitment.slice(0, 12),
    })),
    input.conflicts.map((c) => ({ inspectorId: c.inspectorId, key: c.commitment })),
    '承诺值',
  );
  return {
    algorithm: DRAW_ALGORITHM,
    subjectListHash: r.subjectListHash,
    inspectorListHash: r.inspectorListHash,
    strata: r.strata,
    selections: r.selections.map((s) => ({
      commitment: s.key,
      grade: s.grade,
      inspectorIds: s.inspectorIds,
    })),
  };
}

/** Re-runs a draw made with version 1: needs every subject's code, so only where those are known. */
export function runDrawV1(input: DrawInputV1): DrawResultV1 {
  const r = draw(
    DRAW_ALGORITHM_V1,
    input,
    input.subjects.map((s) => ({ key: s.code, grade: s.grade, label: s.name })),
    input.conflicts.map((c) => ({ inspectorId: c.inspectorId, key: c.subjectCode })),
    '',
  );
  return {
    algorithm: DRAW_ALGORITHM_V1,
    subjectListHash: r.subjectListHash,
    inspectorListHash: r.inspectorListHash,
    strata: r.strata,
    selections: r.selections.map((s) => ({
      subjectCode: s.key,
      grade: s.grade,
      inspectorIds: s.inspectorIds,
    })),
  };
}

/** Percent (up to two decimals) → basis points, rejecting anything finer than the stored unit. */
export function percentToBp(percent: number, grade: string): number {
  const bp = Math.round(percent * 100);
  if (!Number.isFinite(percent) || percent < 0 || percent > 100 || Math.abs(bp - percent * 100) > 1e-6) {
    throw new DomainError('VALIDATION', `信用等级 ${grade} 的抽查比例应为 0–100 之间、最多两位小数的百分数`);
  }
  return bp;
}
