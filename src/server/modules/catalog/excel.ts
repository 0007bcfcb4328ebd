import ExcelJS from 'exceljs';
import {
  approvalModeLabels,
  approvalModes,
  decisionKindLabels,
  decisionKinds,
  exclusionTagLabels,
  exclusionTags,
  type ImportItem,
  issuanceLabels,
  issuances,
  itemKindLabels,
  itemKinds,
  licenseTemplateLabels,
  licenseTemplates,
  type Material,
  verificationGrades,
  verificationMethodLabels,
  verificationMethods,
} from '../../../contracts/catalog';
import type { Problem, SourceRow } from './import-catalog';
import type { DepartmentBrief, VersionRow } from './repository';
import { contentOf } from './shared';

/**
 * The workbook a department fills in: one sheet of items, one of materials, one of verification intensity
 * by credit grade, and a sheet explaining the allowed values. Export writes the same layout, so an
 * exported file can be edited and imported back.
 */
const ITEMS = '事项清单';
const MATERIALS = '申请材料';
const GRADES = '核查强度';
const HELP = '填写说明';

/** `optional`: a workbook made before the column existed is still read; the item then takes the default. */
type Col<T> = {
  header: string;
  width: number;
  get: (x: T) => string | number | null;
  optional?: boolean;
};
const FOREVER = '长期';

const yes = (b: boolean) => (b ? '是' : '否');
const SEP = /[、,，;；\s]+/;

const itemColumns: Col<ImportItem>[] = [
  { header: '事项编码', width: 18, get: (i) => i.code },
  { header: '事项名称', width: 30, get: (i) => i.name },
  { header: '实施部门编码', width: 14, get: (i) => i.departmentCode },
  { header: '监管部门编码', width: 14, get: (i) => i.supervisingDepartmentCode },
  { header: '事项类型', width: 12, get: (i) => itemKindLabels[i.kind] },
  { header: '设定依据', width: 40, get: (i) => i.legalBasis },
  { header: '法定时限（工作日）', width: 10, get: (i) => i.legalTimeLimitDays },
  { header: '承诺时限（工作日）', width: 10, get: (i) => i.promisedTimeLimitDays },
  { header: '办理模式', width: 30, get: (i) => i.modes.map((m) => approvalModeLabels[m]).join('、') },
  {
    header: '不适用情形',
    width: 20,
    get: (i) => i.exclusionTags.map((t) => exclusionTagLabels[t]).join('、'),
  },
  { header: '允许代为承诺', width: 8, get: (i) => yes(i.proxyAllowed) },
  { header: '允许撤回承诺', width: 8, get: (i) => yes(i.withdrawalAllowed) },
  { header: '核查方式', width: 12, get: (i) => verificationMethodLabels[i.verification.method] },
  { header: '核查期限（工作日）', width: 10, get: (i) => i.verification.deadlineDays },
  { header: '告知书：证明内容或许可条件和材料要求', width: 40, get: (i) => i.notice.proofContent },
  { header: '告知书：承诺方式', width: 30, get: (i) => i.notice.commitmentMethod },
  { header: '告知书：民事责任', width: 30, get: (i) => i.notice.civilLiability },
  { header: '告知书：行政责任', width: 30, get: (i) => i.notice.administrativeLiability },
  { header: '告知书：刑事责任', width: 30, get: (i) => i.notice.criminalLiability },
  { header: '承诺书：已知晓告知事项', width: 30, get: (i) => i.commitment.informed },
  { header: '承诺书：已符合相关条件', width: 30, get: (i) => i.commitment.meetsConditions },
  { header: '承诺书：愿意承担虚假承诺责任', width: 30, get: (i) => i.commitment.acceptsLiability },
  { header: '承诺书：承诺意思表示真实', width: 30, get: (i) => i.commitment.truthful },
  {
    header: '办理结果',
    width: 10,
    optional: true,
    get: (i) => issuanceLabels[i.issuance ?? 'license'],
  },
  { header: '证照名称', width: 24, optional: true, get: (i) => i.licenseName ?? null },
  {
    header: '证照样式',
    width: 10,
    optional: true,
    get: (i) => (i.licenseTemplate ? licenseTemplateLabels[i.licenseTemplate] : null),
  },
  {
    header: '证照有效期（年）',
    width: 10,
    optional: true,
    get: (i) =>
      i.issuance === 'decision'
        ? null
        : i.licenseValidityYears === null
          ? FOREVER
          : (i.licenseValidityYears ?? null),
  },
  {
    header: '决定类别',
    width: 10,
    optional: true,
    get: (i) => (i.decisionKind ? decisionKindLabels[i.decisionKind] : null),
  },
  {
    header: '同一主体可持有多个证照',
    width: 10,
    optional: true,
    get: (i) => (i.issuance === 'decision' ? null : yes(i.multipleLicensesAllowed ?? false)),
  },
];

type MaterialRow = { code: string; m: Material };
const materialColumns: Col<MaterialRow>[] = [
  { header: '事项编码', width: 18, get: (r) => r.code },
  { header: '材料名称', width: 36, get: (r) => r.m.name },
  { header: '必要材料', width: 8, get: (r) => yes(r.m.required) },
  { header: '可承诺替代', width: 8, get: (r) => yes(r.m.replaceableByCommitment) },
  { header: '替代的证明', width: 24, get: (r) => r.m.replacesCertificate },
  { header: '可容缺', width: 8, get: (r) => yes(r.m.tolerableMissing) },
  { header: '补正期限（工作日）', width: 10, get: (r) => r.m.supplyDeadlineDays },
  { header: '共享获取（不向申请人索要）', width: 10, get: (r) => yes(r.m.fromSharedData) },
];

type GradeRow = { code: string; grade: string; method: string; samplingPercent: number | null };
const gradeColumns: Col<GradeRow>[] = [
  { header: '事项编码', width: 18, get: (r) => r.code },
  { header: '信用等级', width: 8, get: (r) => r.grade },
  { header: '核查方式', width: 12, get: (r) => r.method },
  { header: '抽查比例（%）', width: 10, get: (r) => r.samplingPercent },
];

function addSheet<T>(wb: ExcelJS.Workbook, name: string, cols: Col<T>[], rows: T[]): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = cols.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(cols.map((c) => c.get(r) ?? null));
}

/** A version as the import takes it back: its content, with departments named by code instead of id. */
export function versionToImportItem(v: VersionRow, depts: Map<string, DepartmentBrief>): ImportItem {
  const { supervisingDepartmentId, ...content } = contentOf(v);
  return {
    code: v.code,
    departmentCode: depts.get(v.departmentId)?.code ?? '',
    supervisingDepartmentCode: supervisingDepartmentId
      ? (depts.get(supervisingDepartmentId)?.code ?? null)
      : null,
    ...content,
  };
}

export async function writeWorkbook(items: ImportItem[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '信易批';
  addSheet(wb, ITEMS, itemColumns, items);
  addSheet(
    wb,
    MATERIALS,
    materialColumns,
    items.flatMap((i) => i.materials.map((m) => ({ code: i.code, m }))),
  );
  addSheet(
    wb,
    GRADES,
    gradeColumns,
    items.flatMap((i) =>
      i.verification.byGrade.map((g) => ({
        code: i.code,
        grade: g.grade,
        method: verificationMethodLabels[g.method],
        samplingPercent: g.samplingPercent,
      })),
    ),
  );
  const help = wb.addWorksheet(HELP);
  help.columns = [{ width: 24 }, { width: 100 }];
  help.addRows([
    ['项目', '允许填写的值'],
    ['事项类型', itemKinds.map((k) => itemKindLabels[k]).join('、')],
    ['办理模式（可多选，用顿号分隔）', approvalModes.map((m) => approvalModeLabels[m]).join('、')],
    ['不适用情形（可多选）', exclusionTags.map((t) => exclusionTagLabels[t]).join('、')],
    ['核查方式', verificationMethods.map((m) => verificationMethodLabels[m]).join('、')],
    ['信用等级', verificationGrades.join('、')],
    ['办理结果', issuances.map((k) => issuanceLabels[k]).join('、')],
    ['证照样式', licenseTemplates.map((k) => licenseTemplateLabels[k]).join('、')],
    ['证照有效期（年）', `1–50 的整数，或“${FOREVER}”；不填为5年`],
    ['决定类别（不发证照时必填）', decisionKinds.map((k) => decisionKindLabels[k]).join('、')],
    ['是否类', '是、否'],
    [
      '说明',
      '一般程序总是适用，无需填写；通过数据共享或电子证照获取的材料不向申请人索要。办理结果不填时颁发以事项名称命名的证照（证书式，有效期5年）。',
    ],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const reverse = <K extends string>(labels: Record<K, string>): Map<string, K> =>
  new Map(Object.entries(labels).map(([k, v]) => [v as string, k as K]));
const kindByLabel = reverse(itemKindLabels);
const modeByLabel = reverse(approvalModeLabels);
const tagByLabel = reverse(exclusionTagLabels);
const methodByLabel = reverse(verificationMethodLabels);
const issuanceByLabel = reverse(issuanceLabels);
const templateByLabel = reverse(licenseTemplateLabels);
const decisionKindByLabel = reverse(decisionKindLabels);

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if ('text' in v) return String(v.text).trim();
    if ('result' in v) return String(v.result ?? '').trim();
    if (v instanceof Date) return v.toISOString().slice(0, 10);
  }
  return String(v).trim();
}

export type ParsedWorkbook = { items: unknown[]; sources: SourceRow[]; problems: Problem[] };

/** Reads the filled-in workbook into import items; a value it cannot read becomes a problem on its cell. */
export async function readWorkbook(data: Buffer): Promise<ParsedWorkbook> {
  const problems: Problem[] = [];
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return {
      items: [],
      sources: [],
      problems: [
        { row: 0, sheet: null, code: null, field: '', message: '文件不是有效的 Excel 工作簿（.xlsx）' },
      ],
    };
  }
  const rowsOf = (name: string, cols: Col<never>[]) => {
    const ws = wb.getWorksheet(name);
    if (!ws) {
      problems.push({ row: 0, sheet: name, code: null, field: '', message: `缺少工作表“${name}”` });
      return [];
    }
    const header = (ws.getRow(1).values as ExcelJS.CellValue[]).map(cellText);
    const index = new Map(cols.map((c) => [c.header, header.indexOf(c.header)]));
    for (const [h, i] of index) {
      if (i < 0 && !cols.find((c) => c.header === h)?.optional)
        problems.push({ row: 1, sheet: name, code: null, field: h, message: `缺少列“${h}”` });
    }
    const out: { row: number; get: (h: string) => string }[] = [];
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const values = row.values as ExcelJS.CellValue[];
      const get = (h: string) => {
        const i = index.get(h) ?? -1;
        return i < 0 ? '' : cellText(values[i]);
      };
      if (cols.every((c) => get(c.header) === '')) return;
      out.push({ row: n, get });
    });
    return out;
  };

  const itemRows = rowsOf(ITEMS, itemColumns as Col<never>[]);
  const materialRows = rowsOf(MATERIALS, materialColumns as Col<never>[]);
  const gradeRows = rowsOf(GRADES, gradeColumns as Col<never>[]);
  if (problems.length) return { items: [], sources: [], problems };

  const bad = (sheet: string, row: number, code: string | null, field: string, message: string) =>
    problems.push({ row, sheet, code, field, message });
  const bool = (sheet: string, row: number, code: string, field: string, v: string): boolean => {
    if (v === '是') return true;
    if (v === '否' || v === '') return false;
    bad(sheet, row, code, field, `应填“是”或“否”，实际为“${v}”`);
    return false;
  };
  const int = (sheet: string, row: number, code: string, field: string, v: string): number | null => {
    if (v === '') return null;
    if (!/^\d+$/.test(v)) {
      bad(sheet, row, code, field, `应为非负整数，实际为“${v}”`);
      return null;
    }
    return Number(v);
  };
  const oneOf = <K>(
    map: Map<string, K>,
    sheet: string,
    row: number,
    code: string,
    field: string,
    v: string,
  ) => {
    const k = map.get(v);
    if (k === undefined) bad(sheet, row, code, field, v ? `“${v}”不是允许的取值` : '不能为空');
    return k;
  };

  const materialsByCode = new Map<string, Material[]>();
  for (const r of materialRows) {
    const code = r.get('事项编码');
    const list = materialsByCode.get(code) ?? [];
    const tolerable = bool(MATERIALS, r.row, code, '可容缺', r.get('可容缺'));
    list.push({
      name: r.get('材料名称'),
      required: bool(MATERIALS, r.row, code, '必要材料', r.get('必要材料')),
      replaceableByCommitment: bool(MATERIALS, r.row, code, '可承诺替代', r.get('可承诺替代')),
      replacesCertificate: r.get('替代的证明') || null,
      tolerableMissing: tolerable,
      supplyDeadlineDays: int(MATERIALS, r.row, code, '补正期限（工作日）', r.get('补正期限（工作日）')),
      fromSharedData: bool(
        MATERIALS,
        r.row,
        code,
        '共享获取（不向申请人索要）',
        r.get('共享获取（不向申请人索要）'),
      ),
    });
    materialsByCode.set(code, list);
  }
  const gradesByCode = new Map<string, unknown[]>();
  for (const r of gradeRows) {
    const code = r.get('事项编码');
    const list = gradesByCode.get(code) ?? [];
    const method = oneOf(methodByLabel, GRADES, r.row, code, '核查方式', r.get('核查方式'));
    list.push({
      grade: r.get('信用等级'),
      method,
      samplingPercent: int(GRADES, r.row, code, '抽查比例（%）', r.get('抽查比例（%）')),
    });
    gradesByCode.set(code, list);
  }

  /** The issuance columns; a blank cell leaves the field out, so the item takes the default. */
  const issuanceCells = (r: { row: number; get: (h: string) => string }, code: string) => {
    const out: Record<string, unknown> = {};
    const text = (h: string) => r.get(h);
    if (text('办理结果'))
      out.issuance = oneOf(issuanceByLabel, ITEMS, r.row, code, '办理结果', text('办理结果'));
    if (text('证照名称')) out.licenseName = text('证照名称');
    if (text('证照样式'))
      out.licenseTemplate = oneOf(templateByLabel, ITEMS, r.row, code, '证照样式', text('证照样式'));
    const years = text('证照有效期（年）');
    if (years === FOREVER) out.licenseValidityYears = null;
    else if (years) out.licenseValidityYears = int(ITEMS, r.row, code, '证照有效期（年）', years);
    if (text('决定类别'))
      out.decisionKind = oneOf(decisionKindByLabel, ITEMS, r.row, code, '决定类别', text('决定类别'));
    if (text('同一主体可持有多个证照')) {
      out.multipleLicensesAllowed = bool(
        ITEMS,
        r.row,
        code,
        '同一主体可持有多个证照',
        text('同一主体可持有多个证照'),
      );
    }
    return out;
  };

  const items: unknown[] = [];
  const sources: SourceRow[] = [];
  const codes = new Set<string>();
  for (const r of itemRows) {
    const code = r.get('事项编码');
    codes.add(code);
    const list = (h: string, map: Map<string, string>) =>
      r
        .get(h)
        .split(SEP)
        .filter(Boolean)
        .map((v) => oneOf(map, ITEMS, r.row, code, h, v))
        .filter((v) => v !== undefined);
    items.push({
      code,
      name: r.get('事项名称'),
      departmentCode: r.get('实施部门编码'),
      supervisingDepartmentCode: r.get('监管部门编码') || null,
      kind: oneOf(kindByLabel, ITEMS, r.row, code, '事项类型', r.get('事项类型')),
      legalBasis: r.get('设定依据'),
      legalTimeLimitDays:
        int(ITEMS, r.row, code, '法定时限（工作日）', r.get('法定时限（工作日）')) ?? undefined,
      promisedTimeLimitDays:
        int(ITEMS, r.row, code, '承诺时限（工作日）', r.get('承诺时限（工作日）')) ?? undefined,
      modes: list('办理模式', modeByLabel as Map<string, string>),
      exclusionTags: list('不适用情形', tagByLabel as Map<string, string>),
      proxyAllowed: bool(ITEMS, r.row, code, '允许代为承诺', r.get('允许代为承诺')),
      withdrawalAllowed: bool(ITEMS, r.row, code, '允许撤回承诺', r.get('允许撤回承诺')),
      verification: {
        method: oneOf(methodByLabel, ITEMS, r.row, code, '核查方式', r.get('核查方式')),
        deadlineDays: int(ITEMS, r.row, code, '核查期限（工作日）', r.get('核查期限（工作日）')),
        byGrade: gradesByCode.get(code) ?? [],
      },
      materials: materialsByCode.get(code) ?? [],
      notice: {
        proofContent: r.get('告知书：证明内容或许可条件和材料要求'),
        commitmentMethod: r.get('告知书：承诺方式'),
        civilLiability: r.get('告知书：民事责任'),
        administrativeLiability: r.get('告知书：行政责任'),
        criminalLiability: r.get('告知书：刑事责任'),
      },
      commitment: {
        informed: r.get('承诺书：已知晓告知事项'),
        meetsConditions: r.get('承诺书：已符合相关条件'),
        acceptsLiability: r.get('承诺书：愿意承担虚假承诺责任'),
        truthful: r.get('承诺书：承诺意思表示真实'),
      },
      ...issuanceCells(r, code),
    });
    sources.push({ row: r.row, sheet: ITEMS });
  }
  for (const r of materialRows) {
    if (!codes.has(r.get('事项编码'))) {
      bad(MATERIALS, r.row, r.get('事项编码'), '事项编码', `事项编码“${r.get('事项编码')}”不在“${ITEMS}”中`);
    }
  }
  for (const r of gradeRows) {
    if (!codes.has(r.get('事项编码'))) {
      bad(GRADES, r.row, r.get('事项编码'), '事项编码', `事项编码“${r.get('事项编码')}”不在“${ITEMS}”中`);
    }
  }
  if (!itemRows.length) bad(ITEMS, 2, null, '', '工作表中没有事项');
  return { items, sources, problems };
}
