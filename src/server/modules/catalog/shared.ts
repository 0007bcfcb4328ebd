import type { ItemContent, VersionEvent } from '../../../contracts/catalog';
import { type Actor, actorDepartmentId, hasPermission, type Permission } from '../../../domain/access';
import {
  checkItemRules,
  type IssuanceFields,
  missingSections,
  normalizeContent,
  searchText,
} from '../../../domain/catalog';
import { decideTransition, type TransitionFacts } from '../../../domain/catalog-lifecycle';
import { DomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import { type AuditEntry, appendAuditWith } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import {
  appendEvent,
  departmentsById,
  getItemVersion,
  insertVersion,
  setStatus,
  type VersionContent,
  type VersionRow,
} from './repository';

/** What a catalog action needs; narrower than Ctx so the demo seed can run the same actions. */
export type CatalogCtx = Pick<Ctx, 'tx' | 'crypto' | 'actor' | 'now' | 'requestId'>;

export const audit = (ctx: CatalogCtx, entry: AuditEntry) =>
  appendAuditWith(ctx.tx, ctx.crypto, ctx.actor, ctx.now, ctx.requestId, entry);

export function actorRef(actor: Actor): {
  actorId: string | null;
  actorName: string | null;
  departmentId: string | null;
} {
  switch (actor.kind) {
    case 'staff':
    case 'applicant':
      return { actorId: actor.userId, actorName: actor.username, departmentId: actorDepartmentId(actor) };
    case 'token':
      return { actorId: actor.tokenId, actorName: actor.name, departmentId: actor.departmentId };
    case 'system':
      return { actorId: null, actorName: actor.name, departmentId: null };
  }
}

/**
 * Who drafts an item: the service centre's 事项管理员 (catalog_admin) for every department, and an approving
 * department's 审批人员 only for its own department's items.
 */
export function assertMayDraft(actor: Actor, departmentId: string): void {
  if (actor.kind === 'system') return;
  if (actor.kind === 'staff' && actor.roles.includes('catalog_admin')) return;
  if (actor.kind === 'staff' && actor.roles.includes('approver') && actor.departmentId === departmentId)
    return;
  throw new DomainError('FORBIDDEN', '只能起草、修改本部门的事项', { departmentId });
}

export function assertPermissionFor(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor, permission)) {
    throw new DomainError('FORBIDDEN', '当前账号无权执行此操作', { permission });
  }
}

/** Normalises and checks content; refuses it with every problem named (which tag blocks which mode). */
export async function prepareContent(
  ctx: CatalogCtx,
  code: string,
  departmentId: string,
  input: ItemContent,
): Promise<VersionContent> {
  const c = normalizeContent(input);
  const problems = checkItemRules(c);
  const depts = await departmentsById(ctx.tx, [departmentId, c.supervisingDepartmentId]);
  const owner = depts.get(departmentId);
  if (!owner) problems.push({ field: 'departmentId', message: '实施部门不存在' });
  else if (owner.kind !== 'approving' && owner.kind !== 'service_center') {
    problems.push({ field: 'departmentId', message: `“${owner.name}”不是审批部门，不能作为事项的实施部门` });
  }
  if (c.supervisingDepartmentId) {
    const sup = depts.get(c.supervisingDepartmentId);
    if (!sup) problems.push({ field: 'supervisingDepartmentId', message: '监管部门不存在' });
    else if (sup.kind !== 'supervising' && sup.kind !== 'approving') {
      problems.push({ field: 'supervisingDepartmentId', message: `“${sup.name}”不是监管部门或审批部门` });
    }
  }
  if (problems.length) {
    throw new DomainError('VALIDATION', problems[0]!.message, { problems });
  }
  return {
    supervisingDepartmentId: c.supervisingDepartmentId,
    name: c.name,
    kind: c.kind,
    legalBasis: c.legalBasis,
    legalTimeLimitDays: c.legalTimeLimitDays,
    promisedTimeLimitDays: c.promisedTimeLimitDays,
    modes: c.modes,
    exclusionTags: c.exclusionTags,
    proxyAllowed: c.proxyAllowed,
    withdrawalAllowed: c.withdrawalAllowed,
    verification: c.verification,
    materials: c.materials,
    notice: c.notice,
    commitment: c.commitment,
    issuance: c.issuance,
    licenseName: c.licenseName,
    licenseTemplate: c.licenseTemplate,
    licenseValidityYears: c.licenseValidityYears,
    decisionKind: c.decisionKind,
    multipleLicensesAllowed: c.multipleLicensesAllowed,
    searchText: searchText(code, c),
  };
}

export const contentOf = (v: VersionRow): ItemContent & IssuanceFields => ({
  supervisingDepartmentId: v.supervisingDepartmentId,
  name: v.name,
  kind: v.kind,
  legalBasis: v.legalBasis,
  legalTimeLimitDays: v.legalTimeLimitDays,
  promisedTimeLimitDays: v.promisedTimeLimitDays,
  modes: v.modes,
  exclusionTags: v.exclusionTags,
  proxyAllowed: v.proxyAllowed,
  withdrawalAllowed: v.withdrawalAllowed,
  verification: v.verification,
  materials: v.materials,
  notice: v.notice,
  commitment: v.commitment,
  ...issuanceFieldsOf(v),
});

/** The stored issuance of a version; rows from before the columns read as the license they always issued. */
export const issuanceFieldsOf = (v: VersionRow): IssuanceFields => ({
  issuance: v.issuance,
  licenseName: v.issuance === 'license' ? (v.licenseName ?? v.name) : null,
  licenseTemplate: v.issuance === 'license' ? (v.licenseTemplate ?? 'certificate') : null,
  licenseValidityYears: v.issuance === 'license' ? v.licenseValidityYears : null,
  decisionKind: v.decisionKind,
  multipleLicensesAllowed: v.multipleLicensesAllowed,
});

/**
 * Moves a version by one event: judged by the pure transitions table, written compare-and-set, recorded in
 * the append-only history. The caller audits.
 */
export async function transition(
  ctx: CatalogCtx,
  version: VersionRow,
  event: VersionEvent,
  opts: { comment?: string | null; effectiveDate?: string | null } = {},
): Promise<VersionRow> {
  const content = contentOf(version);
  const facts: TransitionFacts = {
    missingSections: missingSections(content).map((s) => s.label),
    ruleProblems: checkItemRules(content).map((p) => p.message),
    comment: opts.comment ?? null,
    effectiveDate: opts.effectiveDate ?? null,
    today: chinaDate(ctx.now),
  };
  const decided = decideTransition(version.status, event, facts);
  if (!decided.ok) {
    throw new DomainError(decided.code, decided.message, {
      status: version.status,
      event,
      ...(facts.missingSections.length ? { missingSections: facts.missingSections } : {}),
    });
  }
  const extra = event === 'publish' ? { effectiveDate: opts.effectiveDate!, publishedAt: ctx.now } : {};
  const row = await setStatus(ctx.tx, version.id, version.status, decided.to, ctx.now, extra);
  if (!row) throw new DomainError('CONFLICT', '该版本已被他人处理，请刷新后重试', { versionId: version.id });
  await appendEvent(ctx.tx, {
    versionId: version.id,
    event,
    fromStatus: version.status,
    toStatus: decided.to,
    ...actorRef(ctx.actor),
    comment: opts.comment?.trim() || null,
    at: ctx.now,
  });
  return row;
}

/**
 * Writes a new draft version of an item (version 1 of a new item, or the next one of an existing item)
 * with the 'create' step of its history, and audits it as `action`.
 */
export async function insertDraft(
  ctx: CatalogCtx,
  item: { id: string; code: string; departmentId: string },
  versionNo: number,
  content: VersionContent,
  action: 'catalog.item_create' | 'catalog.version_create',
): Promise<VersionRow> {
  const version = await insertVersion(ctx.tx, {
    ...content,
    itemId: item.id,
    versionNo,
    status: 'draft',
    code: item.code,
    departmentId: item.departmentId,
    createdBy: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  await appendEvent(ctx.tx, {
    versionId: version.id,
    event: 'create',
    fromStatus: null,
    toStatus: 'draft',
    ...actorRef(ctx.actor),
    comment: null,
    at: ctx.now,
  });
  await audit(ctx, { action, targetType: 'catalog_version', targetId: version.id, after: version });
  return version;
}

export async function requireVersion(ctx: CatalogCtx, id: string): Promise<VersionRow> {
  const v = await getItemVersion(ctx.tx, id);
  if (!v) throw new DomainError('NOT_FOUND', '事项版本不存在', { versionId: id });
  return v;
}
