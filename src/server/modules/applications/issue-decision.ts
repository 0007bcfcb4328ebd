import { licenseStatusLabels, supersedeKindLabels } from '../../../contracts/applications';
import { approvalModeLabels, decisionKindLabels } from '../../../contracts/catalog';
import { DomainError } from '../../../domain/errors';
import { licenseStatus, newLicenseValidity, validityLabel } from '../../../domain/licenses';
import { chinaDate, reckonWorkingDaysBetween } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import type { Pending } from '../../db/write-batch';
import { writeOutbox } from '../../outbox/outbox';
import { pushCommitment } from '../../push/national-commitment';
import { pushLicenseOf } from '../../push/national-license';
import { cachedDepartment } from '../accounts/department-cache';
import { calendarOf } from '../calendar/calendar-cache';
import type { VersionRow } from '../catalog/repository';
import { actorRef, issuanceFieldsOf } from '../catalog/shared';
import type { CreditSubjectKind } from '../credit/port';
import { gradeOfCheck } from '../credit/repository';
import { issueDocument } from '../documents/issue-document';
import { notify } from '../inbox/notify';
import {
  type ApplicationRow,
  type CommitmentRow,
  findCommitment,
  findLicense,
  insertDecision,
  insertLicense,
  type LicenseRow,
  markLicenseSuperseded,
  type StandingLicense,
  standingLicenses,
} from './repository';
import { liabilityText, newNumber } from './shared';

/** Time taken, from the moment the case was opened, counted against the legal time limit (003). */
export async function timeTaken(ctx: Ctx, app: ApplicationRow) {
  const cal = await calendarOf(ctx);
  return {
    decidedAt: ctx.now,
    elapsedMs: ctx.now.getTime() - app.createdAt.getTime(),
    // A figure for reports: in January, before the new year's arrangement is loaded, it is counted
    // from the statutory holidays rather than holding up the decision.
    workingDaysTaken: reckonWorkingDaysBetween(cal, chinaDate(app.createdAt), chinaDate(ctx.now)).days,
  };
}

/** The refusal of a second live license (15.7), naming the license the subject already holds. */
export function secondLicenseRefused(itemName: string, held: LicenseRow): DomainError {
  const until = held.validUntil ? `有效期至${held.validUntil}` : '长期有效';
  return new DomainError(
    'CONFLICT',
    `申请人已持有“${itemName}”的有效证照（编号${held.number}，${until}），同一主体只能持有一个。` +
      `如需延长有效期请申请延续，如需更改证照内容请申请变更，并注明原证照编号${held.number}`,
    { licenseNumber: held.number, licenseId: held.id },
  );
}

/**
 * The license the case replaces (延续、变更), checked again at the decision among the subject's standing
 * licenses: it may have been revoked, replaced or may have expired since the case was opened.
 */
async function replacedLicense(
  ctx: Ctx,
  app: ApplicationRow,
  standing: StandingLicense[],
  today: string,
): Promise<StandingLicense | null> {
  if (!app.supersedesLicenseId) return null;
  const old = standing.find((l) => l.id === app.supersedesLicenseId);
  if (old && licenseStatus(old, today) === 'valid') return old;
  const label = app.supersedeKind ? supersedeKindLabels[app.supersedeKind] : '延续或变更';
  const ended = old ?? (await findLicense(ctx.tx, app.supersedesLicenseId));
  const status = ended ? licenseStatus(ended, today) : null;
  throw new DomainError(
    'PRECONDITION_FAILED',
    `申请${label}的原证照${ended ? `（编号${ended.number}）` : ''}${status ? licenseStatusLabels[status] : '不存在'}，不能再${label}；请不予许可，由申请人重新申请`,
    { licenseId: app.supersedesLicenseId },
  );
}

/**
 * A license for an approval: named, laid out and valid as the item version says (19.5); at most one live
 * per subject and item unless the item allows several; the license it replaces is marked superseded in
 * this transaction, and pushed as no longer valid, as a revocation is (15.7).
 */
async function issueLicense(ctx: Ctx, app: ApplicationRow, v: VersionRow, code: string): Promise<LicenseRow> {
  const today = chinaDate(ctx.now);
  const f = issuanceFieldsOf(v);
  // Licenses of an item that allows several stand side by side; a single one may not be doubled.
  const exclusive = !f.multipleLicensesAllowed;
  const all =
    exclusive || app.supersedesLicenseId ? await standingLicenses(ctx.tx, v.itemId, app.subjectLookup) : [];
  const replaced = await replacedLicense(ctx, app, all, today);
  const standing = all.filter((l) => l.id !== replaced?.id);
  const live = standing.filter((l) => licenseStatus(l, today) === 'valid');
  if (exclusive && live.length > 0) throw secondLicenseRefused(v.name, live[0]!);
  // An expired one left standing is replaced by the new license (重新申请), so one stays the current one.
  const lapsed = exclusive ? standing.filter((l) => l.exclusive) : [];
  const replaces = replaced ? { kind: app.supersedeKind!, validUntil: replaced.validUntil } : null;
  const validity = newLicenseValidity({ today, years: f.licenseValidityYears, replaces });
  const { pending: lic } = insertLicense(ctx, {
    number: newNumber('XK', ctx.now),
    applicationId: app.id,
    itemId: v.itemId,
    itemName: v.name,
    name: f.licenseName ?? v.name,
    template: f.licenseTemplate ?? 'certificate',
    holderName: app.subjectName,
    holderCodeShown: app.subjectCodeShown,
    holderLookup: app.subjectLookup,
    scope: `${v.name}（${app.mode ? approvalModeLabels[app.mode] : '一般程序'}）`,
    validFrom: validity.validFrom,
    validUntil: validity.validUntil,
    issuedAt: ctx.now,
    exclusive,
    supersedesId: replaced?.id ?? lapsed[0]?.id ?? null,
    supersedesKind: replaced ? app.supersedeKind : lapsed.length ? 'reissue' : null,
  });
  for (const old of replaced ? [replaced, ...lapsed] : lapsed) {
    const kind = old === replaced ? app.supersedeKind! : 'reissue';
    const after = await markLicenseSuperseded(ctx.tx, old.id, lic.id, ctx.now);
    if (!after) throw new DomainError('CONFLICT', `原证照${old.number}刚被他人处理，请刷新后重试`);
    const reason = `已被证照${lic.number}替代（${supersedeKindLabels[kind]}）`;
    // The same subject and item: the case's own facts stand for the old one's, but for its decision number.
    await pushLicenseOf(ctx, after, { ...app, number: old.applicationNumber }, code, {
      reason,
      superseded: true,
    });
    await appendAudit(ctx, {
      action: 'license.supersede',
      targetType: 'license',
      targetId: old.id,
      before: { number: old.number, supersededAt: null },
      after: {
        number: old.number,
        supersededAt: ctx.now,
        supersededBy: lic.number,
        kind,
        applicationId: app.id,
      },
    });
  }
  return lic;
}

/**
 * The decision, in the caller's transaction: an approval issues the license at once; the commitment, the
 * decision and the license go to the outbox for the supervising department and the credit platform (000).
 * `app` is the row after its status moved; `code` the subject's code in clear (for the push only).
 */
export async function issueDecision(
  ctx: Ctx,
  app: ApplicationRow,
  v: VersionRow,
  opts: {
    outcome: 'approved' | 'rejected' | 'terminated';
    instant: boolean;
    reason: string | null;
    code: string;
    /** The letter signed in this action, still in its batch: saves reading it back, and takes its 承诺编码 there. */
    commitment?: Pending<CommitmentRow>;
  },
): Promise<LicenseRow | null> {
  const who = actorRef(ctx.actor);
  const approved = opts.outcome === 'approved';
  const f = issuanceFieldsOf(v);
  // What the approval issues is the item version's (19.5): a license, or the decision alone.
  const issued = approved ? (f.issuance === 'license' ? 'license' : (f.decisionKind ?? 'other')) : null;
  insertDecision(ctx, {
    applicationId: app.id,
    outcome: opts.outcome,
    instant: opts.instant,
    reason: opts.reason,
    issued,
    decidedBy: who.actorName,
    decidedAt: ctx.now,
  });
  const lic: LicenseRow | null = issued === 'license' ? await issueLicense(ctx, app, v, opts.code) : null;
  if (approved) {
    issueDocument(ctx, {
      kind: 'approval',
      departmentId: app.departmentId,
      applicationId: app.id,
      facts: { instant: opts.instant, licenseId: lic?.id ?? null },
    });
  }
  if (lic) {
    issueDocument(ctx, {
      kind: 'license',
      departmentId: app.departmentId,
      applicationId: app.id,
      number: lic.number,
      facts: { licenseId: lic.id },
    });
  }
  writeOutbox(ctx, {
    topic: 'decision',
    aggregateType: 'application',
    aggregateId: app.id,
    departmentIds: [app.departmentId, v.supervisingDepartmentId],
    payload: {
      applicationNumber: app.number,
      itemCode: v.code,
      itemName: v.name,
      departmentId: app.departmentId,
      supervisingDepartmentId: v.supervisingDepartmentId,
      subjectName: app.subjectName,
      // Masked for a person: every subscriber of the topic receives this message.
      subjectCode: app.subjectCodeShown,
      subjectCategory: app.subjectKind,
      mode: app.mode,
      outcome: opts.outcome,
      instant: opts.instant,
      reason: opts.reason,
      issued,
      decisionKindLabel: issued && issued !== 'license' ? decisionKindLabels[issued] : null,
      licenseNumber: lic?.number ?? null,
      supersedes:
        lic?.supersedesId && app.supersedeKind
          ? { licenseId: lic.supersedesId, kind: app.supersedeKind }
          : null,
      decidedAt: ctx.now.toISOString(),
      legalTimeLimitDays: app.legalTimeLimitDays,
      elapsedMs: app.elapsedMs,
      workingDaysTaken: app.workingDaysTaken,
    },
  });
  if (lic) await pushLicenseOf(ctx, lic, app, opts.code);
  if (approved) {
    const dept = await cachedDepartment(ctx, app.departmentId);
    const c = opts.commitment?.pending ?? (await findCommitment(ctx.tx, app.id));
    const grade =
      app.credit.grade !== undefined ? app.credit.grade : await gradeOfCheck(ctx.tx, app.credit.checkId);
    if (c) {
      pushCommitment(ctx, {
        applicationId: app.id,
        departmentIds: [app.departmentId, v.supervisingDepartmentId],
        mode: app.mode,
        itemName: v.name,
        committer: { kind: app.subjectKind, name: app.subjectName, code: opts.code },
        text: c.text,
        liability: liabilityText(v),
        signedAt: c.signedAt,
        published: c.published,
        letter: opts.commitment,
        acceptingUnit: {
          name: dept?.name ?? '',
          uscc: dept?.uscc ?? null,
          regionCode: dept?.regionCode ?? '',
        },
      });
    }
    // Every decided commitment owes its verification, license or not; the task is born with the decision.
    await ctx.commitmentDecided(ctx, {
      applicationId: app.id,
      applicationNumber: app.number,
      licenseId: lic?.id ?? null,
      itemVersionId: v.id,
      version: v,
      mode: app.mode ?? 'standard',
      subject: { kind: app.subjectKind as CreditSubjectKind, code: opts.code, name: app.subjectName },
      grade,
      policyVersionId: app.credit.policyVersionId,
    });
  }
  if (app.applicantUserId) {
    const title = approved
      ? lic
        ? `“${v.name}”已办结，证照已签发`
        : `“${v.name}”已办结`
      : opts.outcome === 'rejected'
        ? `“${v.name}”不予许可`
        : `“${v.name}”已终止办理`;
    const body = approved
      ? lic
        ? `办件${app.number}已准予许可，${lic.name ?? v.name}编号${lic.number}，有效期${validityLabel(lic.validFrom, lic.validUntil)}。${lic.supersedesId && app.supersedeKind ? `原证照已由本证照替代（${supersedeKindLabels[app.supersedeKind]}）。` : ''}`
        : `办件${app.number}已准予${issued && issued !== 'license' ? `（${decisionKindLabels[issued]}）` : ''}，本事项不颁发证照，以决定为准。`
      : `办件${app.number}：${opts.reason ?? ''}`;
    await notify(ctx, {
      userId: app.applicantUserId,
      kind: `application.${opts.outcome}`,
      title,
      body,
      refType: 'application',
      refId: app.id,
    });
  }
  return lic;
}
