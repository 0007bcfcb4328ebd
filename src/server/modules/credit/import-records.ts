import ExcelJS from 'exceljs';
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
import { publicityMonths } from '../../../domain/credit';
import { DomainError, isDomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import { appendAuditWith } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import type { creditRecord } from '../../db/schema';
import { assertCreditDepartment } from './access';
import { recordProblems } from './records';
import { findSubjectsByCodes, insertRecords, insertSubjects, type SubjectRow } from './repository';
import { normalizeSubjectCode, subjectValues } from './subjects';

/**
 * Bulk import of credit records from a credit platform's export or a department's spreadsheet (CSV or
 * Excel, one header row). Every row is checked first and every problem is reported with its row number;
 * one bad row and nothing is imported. The whole import is one transaction.
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
] as const;
type ColumnKey = (typeof importColumns)[number]['key'];
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

export type ImportProblem = { row: number; field: string; message: string };
export type ParsedSheet = {
  rows: { row: number; values: Partial<Record<ColumnKey, string>> }[];
  problems: ImportProblem[];
};

export const MAX_IMPORT_ROWS = 100_000;

/** Accepts the English code or the Chinese label of each value. */
function lookup<T extends string>(
  values: readonly T[],
  labels: Record<T, string>,
  raw: string,
): T | undefined {
  const v = raw.trim();
  return values.find((x) => x === v || labels[x] === v || labels[x].replace(/（.*）$/, '') === v);
}

function fromTable(table: string[][]): ParsedSheet {
  const [head, ...body] = table;
  if (!head) return { rows: [], problems: [{ row: 1, field: '', message: '文件为空' }] };
  const byHeader = new Map<string, ColumnKey>();
  for (const c of importColumns) {
    byHeader.set(c.header, c.key);
    byHeader.set(c.key, c.key);
  }
  const keys = head.map((h) => byHeader.get(h.trim().replace(/^\uFEFF/, '')));
  const missing = required.filter((k) => !keys.includes(k));
  if (missing.length) {
    const names = missing.map((k) => importColumns.find((c) => c.key === k)!.header);
    return {
      rows: [],
      problems: [{ row: 1, field: missing.join(','), message: `缺少必需的列：${names.join('、')}` }],
    };
  }
  const rows: ParsedSheet['rows'] = [];
  body.forEach((cells, i) => {
    if (cells.every((c) => !c?.trim())) return;
    const values: Partial<Record<ColumnKey, string>> = {};
    keys.forEach((k, j) => {
      if (k && cells[j] !== undefined && cells[j] !== '') values[k] = cells[j]!.trim();
    });
    rows.push({ row: i + 2, values });
  });
  if (rows.length > MAX_IMPORT_ROWS) {
    return {
      rows: [],
      problems: [{ row: 1, field: '', message: `一次最多导入${MAX_IMPORT_ROWS}行，请分批导入` }],
    };
  }
  return { rows, problems: [] };
}

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): ParsedSheet {
  const table: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      table.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    table.push(row);
  }
  return fromTable(table);
}

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
  }
  return String(v);
};

export async function parseXlsx(data: Buffer): Promise<ParsedSheet> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new DomainError('VALIDATION', '无法读取Excel文件，请使用 .xlsx 格式');
  }
  const ws = wb.worksheets[0];
  if (!ws) return { rows: [], problems: [{ row: 1, field: '', message: 'Excel文件中没有工作表' }] };
  const table: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (r, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(r.getCell(c).value));
    table[n - 1] = cells;
  });
  for (let i = 0; i < table.length; i++) table[i] ??= [];
  return fromTable(table);
}

export type ImportProgress = (phase: 'checked' | 'inserted', done: number, total: number) => void;

/** What an import needs: narrower than Ctx so the command-line import runs the same code. */
export type ImportCtx = Pick<Ctx, 'tx' | 'actor' | 'now' | 'crypto' | 'requestId'>;

export async function importRecords(
  ctx: ImportCtx,
  sheet: ParsedSheet,
  onProgress?: ImportProgress,
): Promise<{ imported: number; subjectsCreated: number }> {
  await assertCreditDepartment(ctx);
  const today = chinaDate(ctx.now);
  const problems: ImportProblem[] = [...sheet.problems];
  type Valid = {
    row: number;
    subject: { kind: CreditSubjectKindName; code: string; name: string };
    kind: CreditRecordKind;
    severity: CreditSeverity;
    authority: string;
    decidedOn: string;
    summary: string;
    penaltyFulfilled: boolean | undefined;
    validUntil: string | undefined;
    sourceRef: string | null;
  };
  const valid: Valid[] = [];
  if (!sheet.rows.length && !problems.length) problems.push({ row: 1, field: '', message: '文件中没有记录' });
  for (const [i, { row, values: v }] of sheet.rows.entries()) {
    const p = (field: string, message: string) => problems.push({ row, field, message });
    const before = problems.length;
    for (const k of required) if (!v[k]) p(k, `缺少${importColumns.find((c) => c.key === k)!.header}`);
    if (problems.length > before) continue;
    const subjectKind = lookup(creditSubjectKinds, creditSubjectKindLabels, v.subjectKind!);
    const kind = lookup(creditRecordKinds, creditRecordKindLabels, v.kind!);
    const severity = lookup(creditSeverities, creditSeverityLabels, v.severity!);
    if (!subjectKind)
      p('subjectKind', `主体类型“${v.subjectKind}”无法识别（企业及其他组织、个体工商户、自然人）`);
    if (!kind) p('kind', `记录类别“${v.kind}”无法识别`);
    if (!severity) p('severity', `失信程度“${v.severity}”无法识别（轻微、一般、严重）`);
    let code = '';
    if (subjectKind) {
      try {
        code = normalizeSubjectCode(
          { kind: subjectKind, code: v.subjectCode!, name: v.subjectName! },
          today,
          'subjectCode',
        );
      } catch (e) {
        if (!isDomainError(e)) throw e;
        p('subjectCode', e.message);
      }
    }
    let penaltyFulfilled: boolean | undefined;
    if (v.penaltyFulfilled) {
      const t = v.penaltyFulfilled.trim();
      if (['是', '已履行', 'true', '1'].includes(t)) penaltyFulfilled = true;
      else if (['否', '未履行', 'false', '0'].includes(t)) penaltyFulfilled = false;
      else p('penaltyFulfilled', `处罚是否履行“${t}”应为“是”或“否”`);
    }
    if (!kind || problems.length > before) continue;
    for (const q of recordProblems(
      { kind, decidedOn: v.decidedOn!, penaltyFulfilled, validUntil: v.validUntil },
      today,
    ))
      p(q.field, q.message);
    if (problems.length > before || !subjectKind || !severity) continue;
    valid.push({
      row,
      subject: { kind: subjectKind, code, name: v.subjectName! },
      kind,
      severity,
      authority: v.authority!,
      decidedOn: v.decidedOn!,
      summary: v.summary!,
      penaltyFulfilled,
      validUntil: v.validUntil,
      sourceRef: v.sourceRef ?? null,
    });
    if (onProgress && (i + 1) % 1000 === 0) onProgress('checked', i + 1, sheet.rows.length);
  }

  onProgress?.('checked', sheet.rows.length, sheet.rows.length);

  // Subjects: looked up in bulk by code, the missing ones created in bulk; a kind at odds with the file is an error.
  const keyOf = (s: Valid['subject']) => (s.kind === 'individual' ? ctx.crypto.lookupHash(s.code) : s.code);
  const byKey = new Map<string, Valid>();
  for (const v of valid) if (!byKey.has(keyOf(v.subject))) byKey.set(keyOf(v.subject), v);
  const usccs = [...byKey.values()].filter((v) => v.subject.kind !== 'individual').map((v) => v.subject.code);
  const hashes = [...byKey.entries()].filter(([, v]) => v.subject.kind === 'individual').map(([k]) => k);
  const subjects = new Map<string, SubjectRow>();
  const index = (rows: SubjectRow[]) => {
    for (const r of rows) subjects.set(r.uscc ?? r.residentIdHash!, r);
  };
  index(await findSubjectsByCodes(ctx.tx, usccs, hashes));
  for (const [key, v] of byKey) {
    const found = subjects.get(key);
    if (found && (found.kind === 'individual') !== (v.subject.kind === 'individual'))
      problems.push({ row: v.row, field: 'subjectKind', message: '主体类型与信用档案不一致' });
  }
  let subjectsCreated = 0;
  if (!problems.length) {
    const missing = [...byKey.entries()].filter(([k]) => !subjects.has(k)).map(([, v]) => v.subject);
    subjectsCreated = await insertSubjects(
      ctx.tx,
      missing.map((s) => subjectValues(ctx.crypto, s, s.code, ctx.now)),
    );
    const mUscc = missing.filter((s) => s.kind !== 'individual').map((s) => s.code);
    const mHash = missing.filter((s) => s.kind === 'individual').map((s) => keyOf(s));
    index(await findSubjectsByCodes(ctx.tx, mUscc, mHash));
  }
  if (problems.length) {
    problems.sort((a, b) => a.row - b.row);
    throw new DomainError('VALIDATION', `导入文件有${problems.length}处错误，未导入任何记录`, {
      problems: problems.slice(0, 1000),
      total: problems.length,
    });
  }
  const by = ctx.actor.kind === 'staff' ? ctx.actor.username : null;
  const dept = ctx.actor.kind === 'staff' ? ctx.actor.departmentId : null;
  const values: (typeof creditRecord.$inferInsert)[] = valid.map((v) => ({
    subjectId: subjects.get(keyOf(v.subject))!.id,
    kind: v.kind,
    severity: v.severity,
    authority: v.authority,
    decidedOn: v.decidedOn,
    summary: v.summary,
    penaltyFulfilled: v.kind === 'administrative_penalty' ? (v.penaltyFulfilled ?? false) : null,
    source: 'import',
    sourceRef: v.sourceRef,
    published: publicityMonths[v.severity].publishedByDefault,
    validUntil: v.validUntil ?? null,
    status: 'active',
    createdBy: by,
    departmentId: dept,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  }));
  const imported = await insertRecords(ctx.tx, values, (n) => onProgress?.('inserted', n, values.length));
  await appendAuditWith(ctx.tx, ctx.crypto, ctx.actor, ctx.now, ctx.requestId, {
    action: 'credit.records_import',
    targetType: 'credit_record',
    after: { imported, subjectsCreated },
  });
  return { imported, subjectsCreated };
}
