import type { Static } from 'typebox';
import {
  approvalModeLabels,
  catalogDocumentLabels,
  catalogDocuments,
  exclusionTagLabels,
  type ItemSummary,
  type ItemVersion,
  itemKindLabels,
  type PublicItem,
  versionStatusLabels,
} from '../../../contracts/catalog';
import { issuanceLabel, missingSections } from '../../../domain/catalog';
import type { Executor } from '../../db/client';
import { type DepartmentBrief, departmentsById, lastComments, type VersionRow } from './repository';
import { contentOf, issuanceFieldsOf } from './shared';

type Depts = Map<string, DepartmentBrief>;

export function toVersionDto(v: VersionRow, depts: Depts, lastComment: string | null): ItemVersion {
  const missing = missingSections(contentOf(v));
  return {
    id: v.id,
    itemId: v.itemId,
    versionNo: v.versionNo,
    status: v.status,
    statusLabel: versionStatusLabels[v.status],
    code: v.code,
    departmentId: v.departmentId,
    departmentName: depts.get(v.departmentId)?.name ?? '',
    supervisingDepartmentName: v.supervisingDepartmentId
      ? (depts.get(v.supervisingDepartmentId)?.name ?? null)
      : null,
    kindLabel: itemKindLabels[v.kind],
    ...contentOf(v),
    effectiveDate: v.effectiveDate,
    createdAt: v.createdAt.toISOString(),
    publishedAt: v.publishedAt?.toISOString() ?? null,
    lastComment,
    completeness: { complete: missing.length === 0, missing },
    issuanceLabel: issuanceLabel(issuanceFieldsOf(v)),
  };
}

export async function presentVersions(db: Executor, rows: VersionRow[]): Promise<ItemVersion[]> {
  const depts = await departmentsById(
    db,
    rows.flatMap((r) => [r.departmentId, r.supervisingDepartmentId]),
  );
  const comments = await lastComments(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toVersionDto(r, depts, comments.get(r.id) ?? null));
}

/** What names a published or listed version: its item, its number, its code, name and kind. */
const versionHeading = (v: VersionRow) => ({
  itemId: v.itemId,
  versionId: v.id,
  versionNo: v.versionNo,
  code: v.code,
  name: v.name,
  kind: v.kind,
  kindLabel: itemKindLabels[v.kind],
});

export async function presentSummaries(
  db: Executor,
  rows: VersionRow[],
): Promise<Static<typeof ItemSummary>[]> {
  const depts = await departmentsById(
    db,
    rows.map((r) => r.departmentId),
  );
  return rows.map((v) => ({
    ...versionHeading(v),
    departmentId: v.departmentId,
    departmentName: depts.get(v.departmentId)?.name ?? '',
    status: v.status,
    statusLabel: versionStatusLabels[v.status],
    modes: v.modes,
    modeLabels: v.modes.map((m) => approvalModeLabels[m]),
    legalTimeLimitDays: v.legalTimeLimitDays,
    promisedTimeLimitDays: v.promisedTimeLimitDays,
    effectiveDate: v.effectiveDate,
  }));
}

export async function presentPublic(db: Executor, v: VersionRow): Promise<Static<typeof PublicItem>> {
  const depts = await departmentsById(db, [v.departmentId, v.supervisingDepartmentId]);
  const base = `/api/public/catalog/items/${encodeURIComponent(v.code)}/documents`;
  return {
    ...versionHeading(v),
    departmentName: depts.get(v.departmentId)?.name ?? '',
    supervisingDepartmentName: v.supervisingDepartmentId
      ? (depts.get(v.supervisingDepartmentId)?.name ?? null)
      : null,
    legalBasis: v.legalBasis,
    legalTimeLimitDays: v.legalTimeLimitDays,
    promisedTimeLimitDays: v.promisedTimeLimitDays,
    modes: v.modes.map((mode) => ({ mode, label: approvalModeLabels[mode] })),
    exclusionLabels: v.exclusionTags.map((t) => exclusionTagLabels[t]),
    proxyAllowed: v.proxyAllowed,
    withdrawalAllowed: v.withdrawalAllowed,
    verification: v.verification,
    materials: v.materials.map((m) => ({ ...m, askedOfApplicant: !m.fromSharedData })),
    notice: v.notice,
    commitment: v.commitment,
    ...(({ issuance, licenseName, licenseValidityYears, decisionKind }) => ({
      issuance,
      licenseName,
      licenseValidityYears,
      decisionKind,
    }))(issuanceFieldsOf(v)),
    issuanceLabel: issuanceLabel(issuanceFieldsOf(v)),
    effectiveDate: v.effectiveDate,
    documents: v.modes.some((m) => m !== 'standard')
      ? catalogDocuments.map((d) => ({
          document: d,
          label: catalogDocumentLabels[d],
          html: `${base}/${d}?format=html`,
          pdf: `${base}/${d}?format=pdf`,
        }))
      : [],
  };
}
