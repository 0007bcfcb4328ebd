import {
  type ApplicationView,
  applicationStatusLabels,
  licenseStatusLabels,
  materialStateLabels,
  supersedeKindLabels,
} from '../../../contracts/applications';
import { approvalModeLabels, decisionKindLabels } from '../../../contracts/catalog';
import { type CreditOutcome, creditOutcomeLabels } from '../../../contracts/credit';
import { nextStepOf } from '../../../domain/application-lifecycle';
import { licenseStatus, validityLabel } from '../../../domain/licenses';
import { chinaDate, PROVISIONAL_NOTE } from '../../../domain/working-days';
import type { ReadCtx } from '../../context';
import type { CacheReader } from '../../runtime/caches';
import { departmentNames } from '../accounts/queries/department-names';
import { type ApplicationRow, type LicenseRow, licensesOf, type MissingRow, missingOf } from './repository';
import { cachedVersion } from './shared';

export const presentLicense = (l: LicenseRow, today: string) => {
  const status = licenseStatus(l, today);
  return {
    id: l.id,
    number: l.number,
    applicationId: l.applicationId,
    itemName: l.itemName,
    name: l.name ?? l.itemName,
    template: l.template ?? 'certificate',
    holderName: l.holderName,
    holderCode: l.holderCodeShown,
    scope: l.scope,
    validFrom: l.validFrom,
    validUntil: l.validUntil,
    validityLabel: validityLabel(l.validFrom, l.validUntil),
    issuedAt: l.issuedAt.toISOString(),
    status,
    statusLabel: licenseStatusLabels[status],
    revokedAt: l.revokedAt?.toISOString() ?? null,
    supersedes:
      l.supersedesId && l.supersedesKind
        ? { id: l.supersedesId, kind: l.supersedesKind, kindLabel: supersedeKindLabels[l.supersedesKind] }
        : null,
    supersededAt: l.supersededAt?.toISOString() ?? null,
    supersededById: l.supersededById,
  };
};

/**
 * What every view of a case starts with: which case, of which item and department, whose, and where it
 * stands (its mode and status, with their labels).
 */
export const caseHeading = (
  app: ApplicationRow,
  item: { code: string; name: string } | undefined,
  departmentName: string,
) => ({
  id: app.id,
  number: app.number,
  itemCode: item?.code ?? '',
  itemName: item?.name ?? '',
  departmentName,
  subjectKind: app.subjectKind,
  subjectName: app.subjectName,
  subjectCode: app.subjectCodeShown,
  agentName: app.agentName,
  mode: app.mode,
  modeLabel: app.mode ? approvalModeLabels[app.mode] : null,
  status: app.status,
  statusLabel: applicationStatusLabels[app.status],
});

export async function presentApplications(
  ctx: CacheReader,
  rows: ApplicationRow[],
  /** What the caller already knows, to spare the queries (a decision just taken). */
  known: { licenses?: Map<string, LicenseRow>; noMissing?: boolean; today?: string } = {},
): Promise<ApplicationView[]> {
  const today = known.today ?? chinaDate(new Date());
  const ids = rows.map((r) => r.id);
  const [licenses, missing] = await Promise.all([
    known.licenses ?? licensesOf(ctx.db, ids),
    known.noMissing ? new Map<string, MissingRow[]>() : missingOf(ctx.db, ids),
  ]);
  // Each department and item version once per page, all at once (mostly from the caches).
  const versionIds = [...new Set(rows.map((r) => r.itemVersionId))];
  const [depts, versionRows] = await Promise.all([
    departmentNames(
      ctx,
      rows.map((r) => r.departmentId),
    ),
    Promise.all(versionIds.map((vid) => cachedVersion(ctx, vid))),
  ]);
  const versions = new Map<string, { code: string; name: string; issued: ApplicationView['issuance'] }>();
  versionRows.forEach((v, i) => {
    if (!v) return;
    const kind = v.issuance === 'license' ? 'license' : (v.decisionKind ?? 'other');
    const label =
      kind === 'license' ? `颁发${v.licenseName ?? v.name}` : `${decisionKindLabels[kind]}（不发证照）`;
    versions.set(versionIds[i]!, { code: v.code, name: v.name, issued: { kind, label } });
  });
  return rows.map((r) => {
    const lic = licenses.get(r.id);
    const v = versions.get(r.itemVersionId);
    return {
      ...caseHeading(r, v, depts.get(r.departmentId) ?? ''),
      itemVersionId: r.itemVersionId,
      departmentId: r.departmentId,
      channel: r.channel,
      version: r.version,
      greenChannel: r.greenChannel,
      keyReview: r.keyReview,
      credit: {
        checkId: r.credit.checkId,
        outcome: r.credit.outcome,
        outcomeLabel: creditOutcomeLabels[r.credit.outcome as CreditOutcome],
        allowedModes: r.credit.allowedModes.map((m) => ({ mode: m, label: approvalModeLabels[m] })),
        reasons: r.credit.reasons,
        incentives: r.credit.incentives,
        restrictions: r.credit.restrictions,
      },
      materials: r.materials.map((m) => ({ ...m, stateLabel: materialStateLabels[m.state] })),
      missing: (missing.get(r.id) ?? []).map((m) => ({
        name: m.name,
        dueDate: m.dueDate,
        finalDueDate: m.finalDueDate,
        suppliedAt: m.suppliedAt?.toISOString() ?? null,
      })),
      legalTimeLimitDays: r.legalTimeLimitDays,
      legalDeadline: r.legalDeadline,
      finalDueDate: r.finalDueDate,
      deadlinesProvisional: r.deadlinesProvisional,
      deadlineNote: r.deadlinesProvisional
        ? `${PROVISIONAL_NOTE}：期限涉及的年份尚未公布节假日安排，公布并载入后将重新计算并通知您`
        : null,
      submittedAt: r.submittedAt?.toISOString() ?? null,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      elapsedSeconds: r.elapsedMs === null ? null : Math.round(r.elapsedMs / 1000),
      workingDaysTaken: r.workingDaysTaken,
      nextStep: nextStepOf(r.status),
      issuance: v?.issued ?? { kind: 'license', label: '颁发证照' },
      supersedes:
        r.supersedesLicenseId && r.supersedeKind
          ? {
              kind: r.supersedeKind,
              kindLabel: supersedeKindLabels[r.supersedeKind],
              licenseId: r.supersedesLicenseId,
            }
          : null,
      license: lic ? presentLicense(lic, today) : null,
      createdAt: r.createdAt.toISOString(),
    };
  });
}

/** One application as its reader sees it; `known` spares the queries for what an action just decided. */
export async function showApplication(
  ctx: Pick<ReadCtx, 'db' | 'now'>,
  row: ApplicationRow,
  known: { licenses?: Map<string, LicenseRow>; noMissing?: boolean } = {},
): Promise<ApplicationView> {
  return (await presentApplications(ctx, [row], { ...known, today: chinaDate(ctx.now) }))[0]!;
}
