import type { Static } from 'typebox';
import { Value } from 'typebox/value';
import {
  type ImportItem,
  ImportItem as ImportItemSchema,
  type ImportProblem,
} from '../../../contracts/catalog';
import { checkItemRules, normalizeContent } from '../../../domain/catalog';
import { DomainError } from '../../../domain/errors';
import { createItem } from './create-item';
import { createVersion } from './create-version';
import { allDepartments, findItemsByCodes, findVersionInStatus } from './repository';
import { assertMayDraft, audit, type CatalogCtx } from './shared';

export type Problem = Static<typeof ImportProblem>;
/** Where each item came from, so a problem names the row a person filled in. */
export type SourceRow = { row: number; sheet: string | null };

const keywordMessages: Record<string, string> = {
  required: '缺少必填项',
  pattern: '格式不符合要求',
  enum: '取值不在允许范围内',
  type: '类型不正确',
  minimum: '数值过小',
  maximum: '数值过大',
  minLength: '内容过短或为空',
  maxLength: '内容过长',
  maxItems: '条目过多',
};

/** Schema problems of one item, in Chinese, with the field path. */
export function schemaProblems(value: unknown, at: SourceRow, code: string | null): Problem[] {
  return Value.Errors(ImportItemSchema, value).map((e) => {
    const missing = (e.params as { requiredProperties?: string[] }).requiredProperties;
    return {
      ...at,
      code,
      field: e.instancePath.replace(/^\//, '').replaceAll('/', '.') || (missing?.join('、') ?? ''),
      message: `${keywordMessages[e.keyword] ?? '内容不符合要求'}${missing ? `：${missing.join('、')}` : ''}`,
    };
  });
}

/**
 * Imports items as drafts: new codes become new items, known codes get a new draft version. Everything is
 * checked first and every problem reported by row; one problem and nothing is written.
 */
export async function importCatalog(
  ctx: CatalogCtx,
  raw: unknown[],
  sources: SourceRow[],
  preProblems: Problem[] = [],
): Promise<{ created: number; newVersions: number; versionIds: string[] }> {
  const problems: Problem[] = [...preProblems];
  const valid: { item: ImportItem; at: SourceRow }[] = [];
  raw.forEach((value, i) => {
    const at = sources[i] ?? { row: i + 1, sheet: null };
    const code =
      typeof (value as { code?: unknown })?.code === 'string' ? (value as { code: string }).code : null;
    const found = schemaProblems(value, at, code);
    if (found.length) problems.push(...found);
    else valid.push({ item: value as ImportItem, at });
  });
  const depts = new Map((await allDepartments(ctx.tx)).map((d) => [d.code, d]));
  const existing = new Map(
    (
      await findItemsByCodes(
        ctx.tx,
        valid.map((v) => v.item.code),
      )
    ).map((r) => [r.code, r]),
  );
  const seen = new Set<string>();
  const plans: {
    kind: 'create' | 'version';
    item: ImportItem;
    departmentId: string;
    supervisingId: string | null;
    itemId?: string;
  }[] = [];
  for (const { item, at } of valid) {
    const push = (field: string, message: string) =>
      problems.push({ ...at, code: item.code, field, message });
    if (seen.has(item.code)) push('code', `事项编码“${item.code}”在导入文件中重复`);
    seen.add(item.code);
    const dept = depts.get(item.departmentCode);
    const sup = item.supervisingDepartmentCode ? depts.get(item.supervisingDepartmentCode) : null;
    if (!dept) push('departmentCode', `实施部门编码“${item.departmentCode}”不存在`);
    if (item.supervisingDepartmentCode && !sup) {
      push('supervisingDepartmentCode', `监管部门编码“${item.supervisingDepartmentCode}”不存在`);
    }
    if (!dept || (item.supervisingDepartmentCode && !sup)) continue;
    try {
      assertMayDraft(ctx.actor, dept.id);
    } catch (e) {
      if (e instanceof DomainError) push('departmentCode', `无权起草“${dept.name}”的事项`);
      continue;
    }
    const { code, departmentCode, supervisingDepartmentCode, ...rest } = item;
    const content = normalizeContent({ ...rest, supervisingDepartmentId: sup?.id ?? null });
    for (const p of checkItemRules(content)) push(p.field, p.message);
    const known = existing.get(code);
    if (known) {
      if (known.departmentId !== dept.id) push('departmentCode', '已有事项的实施部门不能通过导入更改');
      const open = await findVersionInStatus(ctx.tx, known.id, [
        'draft',
        'legal_review',
        'justice_approval',
        'approved',
      ]);
      if (open) push('code', `事项“${code}”已有未发布的第${open.versionNo}版，不能再导入新版本`);
      plans.push({
        kind: 'version',
        item,
        departmentId: dept.id,
        supervisingId: sup?.id ?? null,
        itemId: known.id,
      });
    } else {
      plans.push({ kind: 'create', item, departmentId: dept.id, supervisingId: sup?.id ?? null });
    }
  }
  if (problems.length) {
    problems.sort((a, b) => (a.sheet ?? '').localeCompare(b.sheet ?? '') || a.row - b.row);
    throw new DomainError(
      'VALIDATION',
      `导入文件有${problems.length}处错误，未导入任何事项；首个错误：${describe(problems[0]!)}`,
      {
        problems,
      },
    );
  }
  const versionIds: string[] = [];
  let created = 0;
  for (const p of plans) {
    const { code, departmentCode, supervisingDepartmentCode, ...rest } = p.item;
    const content = { ...rest, supervisingDepartmentId: p.supervisingId };
    if (p.kind === 'create') {
      versionIds.push((await createItem(ctx, { code, departmentId: p.departmentId, ...content })).id);
      created++;
    } else {
      versionIds.push((await createVersion(ctx, p.itemId!, content)).id);
    }
  }
  await audit(ctx, {
    action: 'catalog.import',
    targetType: 'catalog',
    after: { created, newVersions: plans.length - created, versionIds },
  });
  return { created, newVersions: plans.length - created, versionIds };
}

const describe = (p: Problem): string =>
  `${p.sheet ? `工作表“${p.sheet}”` : ''}第${p.row}${p.sheet ? '行' : '条'}${p.field ? `（${p.field}）` : ''}：${p.message}`;
