import { createHash } from 'node:crypto';
import {
  type CreditRecordKind,
  type CreditSeverity,
  type CreditSubjectKindName,
  creditRecordKindLabels,
  creditRecordKinds,
  creditSeverities,
  creditSeverityLabels,
  creditSubjectKindLabels,
  creditSubjectKinds,
} from '../../../contracts/credit';
import { checkResidentId, checkUscc, maskResidentId } from '../../../domain/codes';
import { publicityMonths } from '../../../domain/credit';
import { DomainError } from '../../../domain/errors';
import { excelSerialDate, parseSheetDate } from '../../../domain/sheet-dates';
import { chinaDate } from '../../../domain/working-days';
import { appendAuditWith } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { copyLine, openCopy } from '../../db/copy';
import type { ImportProblemRow, ImportResultRow } from '../../db/schema';
import { assertCreditDepartment } from './access';
import { recordProblems } from './create-record';
import type { Cell, Sheet } from './import-sheet';
import {
  analyzeImportStaging,
  conflictingSourceRefs,
  createImportStaging,
  dropConflictingSourceRefs,
  importStagingTarget,
  insertImportedRecords,
  insertImportedSubjects,
} from './repository';

/**
 * Bulk import of credit records from a credit platform's export or a department's spreadsheet (CSV or
 * Excel, one header row), of any size. Rows are read as a stream and checked one by one; the good ones go
 * by COPY into a staging table and from there into the credit file in a few set-based statements, all in
 * one transaction. By default one bad row and nothing is imported; every problem is reported with its
 * row number and Chinese column header (the first MAX_LISTED_PROBLEMS of them, and how many in all).
 *
 * Importing is idempotent: a record's id is a name-based UUID (RFC 9562 version 5) of its source and
 * 来源编号, or, for a row without one, of its content. The same row imported again, from the same file or
 * another, conflicts on the primary key and adds nothing; the result says how many were already present.
 */
export const importColumns = [
  { key: 'subjectKind', header: '主体类型' },
  { key: 'subjectCode', header: '主体代码' },
  { key: 'subjectName', header: '主体名称' },
  { key: 'kind', header: '记录类别' },
  { key: 'severity', header: '失信程度' },
  { key: 'authority', header: '认定机关' },
  { key: 'decidedOn', header: '认定日期' },
  { key: 'summary', header: '事由' },
  { key: 'penaltyFulfilled', header: '处罚是否履行' },
  { key: 'validUntil', header: '有效期至' },
  { key: 'sourceRef', header: '来源编号' },
  { key: 'sourceName', header: '来源' },
] as const;
type ColumnKey = (typeof importColumns)[number]['key'];
const headerOf = Object.fromEntries(importColumns.map((c) => [c.key, c.header])) as Record<ColumnKey, string>;
const required: ColumnKey[] = [
  'subjectKind',
  'subjectCode',
  'subjectName',
  'kind',
  'severity',
  'authority',
  'decidedOn',
  'summary',
];
const MAX_LENGTH: Partial<Record<ColumnKey, number>> = {
  subjectName: 200,
  authority: 200,
  summary: 2000,
  sourceRef: 200,
  sourceName: 100,
};

export type ImportProblem = ImportProblemRow;
export type ImportResult = ImportResultRow & {
  /** Rows left out because they had problems (only when told to skip them). */
  skipped: number;
  problems: ImportProblem[];
  problemCount: number;
};
export type ImportOptions = {
  /** The system the records come from, for rows without a 来源 column of their own. */
  source: string;
  /** Import the good rows and report the bad ones, instead of importing nothing. */
  skipInvalid: boolean;
};
export type ImportPhase = 'reading' | 'checking' | 'merging' | 'done';
export type ImportProgress = { phase: ImportPhase; rowsRead: number; bytesRead: number; totalBytes: number };

export const MAX_LISTED_PROBLEMS = 1000;

/** What an import needs: narrower than Ctx so the command line and the job runner run the same code. */
export type ImportCtx = Pick<Ctx, 'tx' | 'actor' | 'now' | 'crypto' | 'requestId'> & {
  databaseKind: 'pglite' | 'postgres';
};

/** Namespaces of the name-based ids: one for (source, 来源编号), one for content. */
const SEP = '\u001f';

/**
 * RFC 9562 version 5 (SHA-1, name-based) UUID. Written out rather than taken from the uuid package, whose
 * v5 converted each name byte by byte in JavaScript and cost more than all the rest of a row's checks.
 */
function uuidV5(name: string, namespace: Buffer): string {
  const h = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.toString('hex', 0, 16);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
const nsBytes = (u: string) => Buffer.from(u.replaceAll('-', ''), 'hex');
const REF_NAMESPACE = nsBytes('c7a3f0de-2b8e-4f43-9a55-0c1e5d9b7a21');
const CONTENT_NAMESPACE = nsBytes('5d0b8e61-93f4-4c2a-8b7e-1f6a2c9d4e30');

/** Accepts the English code or the Chinese label of each value (with or without a bracketed note). */
function lookupTable<T extends string>(values: readonly T[], labels: Record<T, string>): Map<string, T> {
  const m = new Map<string, T>();
  for (const v of values) {
    m.set(v, v);
    m.set(labels[v], v);
    m.set(labels[v].replace(/（.*）$/, ''), v);
  }
  return m;
}
const subjectKinds = lookupTable(creditSubjectKinds, creditSubjectKindLabels);
const recordKinds = lookupTable(creditRecordKinds, creditRecordKindLabels);
const severities = lookupTable(creditSeverities, creditSeverityLabels);
const YES = new Set(['是', '已履行', 'true', '1', 'TRUE', 'Y', 'y']);
const NO = new Set(['否', '未履行', 'false', '0', 'FALSE', 'N', 'n']);

const text = (v: Cell): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const o = v as { text?: unknown; result?: unknown; richText?: { text: string }[]; error?: unknown };
  if (typeof o.text === 'string') return o.text.trim();
  if (o.richText)
    return o.richText
      .map((t) => t.text)
      .join('')
      .trim();
  if ('result' in o) return text(o.result as Cell);
  return '';
};

/** A date cell: an Excel date, an Excel serial number, or text in one of the forms parseSheetDate reads. */
function dateOf(v: Cell): { ok: true; date: string } | { ok: false; message: string } {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return { ok: false, message: '日期无效' };
    // exceljs builds dates from the serial number in UTC; a time of day within the cell is dropped.
    return { ok: true, date: v.toISOString().slice(0, 10) };
  }
  if (typeof v === 'number') return excelSerialDate(v);
  if (v !== null && typeof v === 'object' && 'result' in v) return dateOf((v as { result: Cell }).result);
  return parseSheetDate(text(v));
}

const normaliseHeader = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .replace(/^\s*[*＊]\s*/, '')
    .replace(/[（(]必填[）)]\s*$/, '')
    .trim();

type Columns = Partial<Record<ColumnKey, number>>;

function readHeader(cells: readonly Cell[]): Columns | ImportProblem {
  const byHeader = new Map<string, ColumnKey>();
  for (const c of importColumns) {
    byHeader.set(c.header, c.key);
    byHeader.set(c.key, c.key);
  }
  const columns: Columns = {};
  cells.forEach((c, i) => {
    const key = byHeader.get(normaliseHeader(text(c)));
    if (key && columns[key] === undefined) columns[key] = i;
  });
  const missing = required.filter((k) => columns[k] === undefined);
  if (missing.length) {
    return {
      row: 1,
      column: missing.map((k) => headerOf[k]).join('、'),
      field: missing.join(','),
      message: `缺少必需的列：${missing.map((k) => headerOf[k]).join('、')}（第1行应为列名）`,
    };
  }
  return columns;
}

/** The listing keeps the first problems only; the count keeps going. */
class Problems {
  readonly list: ImportProblem[] = [];
  count = 0;
  add(p: ImportProblem): void {
    this.count++;
    if (this.list.length < MAX_LISTED_PROBLEMS) this.list.push(p);
  }
}

/**
 * Checks one row and returns its staging line, or null after reporting its problems. Kept free of
 * per-row allocation beyond what the line needs: it runs millions of times.
 */
function makeRowChecker(ctx: ImportCtx, columns: Columns, opts: ImportOptions, problems: Problems) {
  const today = chinaDate(ctx.now);
  const cell = (cells: readonly Cell[], k: ColumnKey): Cell => {
    const i = columns[k];
    return i === undefined ? undefined : cells[i];
  };
  return (row: number, cells: readonly Cell[]): string | null => {
    const before = problems.count;
    const p = (field: ColumnKey, message: string) =>
      problems.add({ row, column: headerOf[field], field, message });
    const v: Partial<Record<ColumnKey, string>> = {};
    for (const c of importColumns) {
      const t = text(cell(cells, c.key));
      if (t) v[c.key] = t;
    }
    for (const k of required) if (!v[k]) p(k, `缺少${headerOf[k]}`);
    for (const k in MAX_LENGTH) {
      const key = k as ColumnKey;
      if (v[key] && v[key]!.length > MAX_LENGTH[key]!) p(key, `${headerOf[key]}超过${MAX_LENGTH[key]}个字`);
    }
    const subjectKind = v.subjectKind ? subjectKinds.get(v.subjectKind) : undefined;
    const kind = v.kind ? recordKinds.get(v.kind) : undefined;
    const severity = v.severity ? severities.get(v.severity) : undefined;
    if (v.subjectKind && !subjectKind)
      p('subjectKind', `主体类型“${v.subjectKind}”无法识别（企业及其他组织、个体工商户、自然人）`);
    if (v.kind && !kind) p('kind', `记录类别“${v.kind}”无法识别`);
    if (v.severity && !severity) p('severity', `失信程度“${v.severity}”无法识别（轻微、一般、严重）`);

    let code = '';
    if (subjectKind && v.subjectCode) {
      const r =
        subjectKind === 'individual' ? checkResidentId(v.subjectCode, today) : checkUscc(v.subjectCode);
      if (r.ok) code = r.value;
      else {
        const numeric = typeof cell(cells, 'subjectCode') === 'number';
        p(
          'subjectCode',
          `${subjectKind === 'individual' ? '公民身份号码' : '统一社会信用代码'}有误：${r.reason}${numeric ? '（单元格是数字格式，长数字会丢失末几位，请设为文本格式）' : ''}`,
        );
      }
    }

    let penaltyFulfilled: boolean | undefined;
    if (v.penaltyFulfilled) {
      if (YES.has(v.penaltyFulfilled)) penaltyFulfilled = true;
      else if (NO.has(v.penaltyFulfilled)) penaltyFulfilled = false;
      else p('penaltyFulfilled', `处罚是否履行“${v.penaltyFulfilled}”应为“是”或“否”`);
    }
    let decidedOn = '';
    if (v.decidedOn) {
      const d = dateOf(cell(cells, 'decidedOn'));
      if (d.ok) decidedOn = d.date;
      else p('decidedOn', d.message);
    }
    let validUntil: string | undefined;
    if (v.validUntil) {
      const d = dateOf(cell(cells, 'validUntil'));
      if (d.ok) validUntil = d.date;
      else p('validUntil', d.message);
    }
    if (kind && decidedOn && problems.count === before) {
      for (const q of recordProblems(
        { kind, decidedOn, penaltyFulfilled, validUntil, summary: v.summary ?? '' },
        today,
      ))
        p(q.field as ColumnKey, q.message);
    }
    if (problems.count > before || !subjectKind || !kind || !severity) return null;

    const individual = subjectKind === 'individual';
    const residentHash = individual ? ctx.crypto.lookupHash(code) : null;
    const penalty = kind === 'administrative_penalty' ? (penaltyFulfilled ?? false) : null;
    const content = [
      residentHash ?? code,
      kind,
      severity,
      v.authority,
      decidedOn,
      v.summary,
      penalty,
      validUntil ?? '',
    ].join(SEP);
    const contentId = uuidV5(content, CONTENT_NAMESPACE);
    const ref = v.sourceRef ?? null;
    const id = ref ? uuidV5(`${v.sourceName ?? opts.source}${SEP}${ref}`, REF_NAMESPACE) : contentId;
    // 48 bits of the content id: enough to tell two different rows under one 来源编号 apart.
    const digest = ref ? Number.parseInt(contentId.slice(0, 8) + contentId.slice(9, 13), 16) : null;
    return copyLine([
      row,
      id,
      digest,
      subjectKind satisfies CreditSubjectKindName,
      individual ? null : code,
      residentHash,
      individual ? ctx.crypto.encrypt(code) : null,
      individual ? maskResidentId(code) : null,
      v.subjectName!,
      kind satisfies CreditRecordKind,
      severity satisfies CreditSeverity,
      v.authority!,
      decidedOn,
      v.summary!,
      penalty,
      validUntil ?? null,
      ref,
      publicityMonths[severity].publishedByDefault,
    ]);
  };
}

/** A progress report at most every this many rows (and at each change of phase). */
const PROGRESS_EVERY = 5000;

export async function importRecords(
  ctx: ImportCtx,
  sheet: Sheet,
  opts: ImportOptions,
  onProgress: (p: ImportProgress) => void = () => undefined,
): Promise<ImportResult> {
  await assertCreditDepartment({ db: ctx.tx, actor: ctx.actor });
  const problems = new Problems();
  let rowsRead = 0;
  const progress = (phase: ImportPhase) =>
    onProgress({ phase, rowsRead, bytesRead: sheet.bytesRead(), totalBytes: sheet.sizeBytes });
  progress('reading');

  await createImportStaging(ctx.tx);
  const copy = openCopy(ctx.tx, ctx.databaseKind, importStagingTarget);
  let staged = 0;
  let skipped = 0;
  try {
    let check: ReturnType<typeof makeRowChecker> | null = null;
    for await (const { row, cells } of sheet.rows()) {
      if (!check) {
        const header = readHeader(cells);
        if ('message' in header) {
          problems.add(header);
          break;
        }
        check = makeRowChecker(ctx, header, opts, problems);
        continue;
      }
      let blank = true;
      for (const c of cells) if (text(c) !== '') blank = false;
      if (blank) continue;
      rowsRead++;
      const line = check(row, cells);
      if (!line) skipped++;
      // Once a row is bad an all-or-nothing import will add nothing: the rest is only checked, not staged.
      else if (opts.skipInvalid || !problems.count) {
        await copy.write(line);
        staged++;
      }
      if (rowsRead % PROGRESS_EVERY === 0) progress('reading');
    }
    if (!check && !problems.count) problems.add({ row: 1, column: '', field: '', message: '文件为空' });
    else if (check && !rowsRead) problems.add({ row: 2, column: '', field: '', message: '文件中没有记录' });
    await copy.end();
  } catch (e) {
    await copy.abort();
    throw e;
  }
  progress('checking');

  await analyzeImportStaging(ctx.tx);
  // Repeated 来源编号 are looked for among the staged rows: all rows of a file without other problems.
  for (const c of await conflictingSourceRefs(ctx.tx, MAX_LISTED_PROBLEMS)) {
    const [first, ...others] = c.rows;
    problems.add({
      row: others[0] ?? first!,
      column: headerOf.sourceRef,
      field: 'sourceRef',
      message: `来源编号“${c.sourceRef}”在第${c.rows.join('、')}行${c.total > c.rows.length ? `等${c.total}行` : ''}重复出现且内容不同`,
    });
  }
  problems.list.sort((a, b) => a.row - b.row);
  if (problems.count && !opts.skipInvalid) {
    throw new DomainError('VALIDATION', `导入文件有${problems.count}处错误，未导入任何记录`, {
      problems: problems.list,
      total: problems.count,
    });
  }
  if (problems.count) {
    const dropped = await dropConflictingSourceRefs(ctx.tx);
    staged -= dropped;
    skipped += dropped;
  }

  progress('merging');
  const subjectsCreated = await insertImportedSubjects(ctx.tx, ctx.now);
  const added = await insertImportedRecords(ctx.tx, {
    now: ctx.now,
    createdBy: ctx.actor.kind === 'staff' ? ctx.actor.username : null,
    departmentId: ctx.actor.kind === 'staff' ? ctx.actor.departmentId : null,
  });
  const result: ImportResult = {
    rows: rowsRead,
    added,
    alreadyPresent: staged - added,
    subjectsCreated,
    skipped,
    problems: problems.list,
    problemCount: problems.count,
  };
  await appendAuditWith(ctx.tx, ctx.crypto, ctx.actor, ctx.now, ctx.requestId, {
    action: 'credit.records_import',
    targetType: 'credit_record',
    after: {
      source: opts.source,
      format: sheet.format,
      rows: rowsRead,
      added,
      alreadyPresent: result.alreadyPresent,
      subjectsCreated,
      skipped,
    },
  });
  progress('done');
  return result;
}
