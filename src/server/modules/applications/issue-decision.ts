import { approvalModeLabels } from '../../../contracts/catalog';
import { chinaDate, reckonWorkingDaysBetween } from '../../../domain/working-days';
import type { Ctx } from '../../context';
import { writeOutbox } from '../../outbox/outbox';
import { pushCommitment } from '../../push/national-commitment';
import { pushLicenseOf } from '../../push/national-license';
import { cachedDepartment } from '../accounts/department-cache';
import { calendarOf } from '../calendar/calendar-cache';
import type { VersionRow } from '../catalog/repository';
import { actorRef } from '../catalog/shared';
import type { CreditSubjectKind } from '../credit/port';
import { issueDocument } from '../documents/issue-document';
import { notify } from '../inbox/notify';
import { createVerificationTask } from '../verification/create-tasks';
import { gradeOfCheck } from '../verification/repository';
import {
  type ApplicationRow,
  type CommitmentRow,
  findCommitment,
  insertDecision,
  insertLicense,
  type LicenseRow,
} from './repository';
import { liabilityText, newNumber } from './shared';

/** Licenses issued on commitment are valid five years unless the item says otherwise. */
const LICENSE_YEARS = 5;

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

function validUntil(from: string): string {
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + LICENSE_YEARS);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
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
    /** The letter just signed, when the caller has it: saves reading it back. */
    commitment?: CommitmentRow;
  },
): Promise<LicenseRow | null> {
  const who = actorRef(ctx.actor);
  insertDecision(ctx, {
    applicationId: app.id,
    outcome: opts.outcome,
    instant: opts.instant,
    reason: opts.reason,
    decidedBy: who.actorName,
    decidedAt: ctx.now,
  });
  let lic: LicenseRow | null = null;
  const today = chinaDate(ctx.now);
  if (opts.outcome === 'approved') {
    lic = insertLicense(ctx, {
      number: newNumber('XK', ctx.now),
      applicationId: app.id,
      itemName: v.name,
      holderName: app.subjectName,
      holderCodeShown: app.subjectCodeShown,
      holderLookup: app.subjectLookup,
      scope: `${v.name}（${app.mode ? approvalModeLabels[app.mode] : '一般程序'}）`,
      validFrom: today,
      validUntil: validUntil(today),
      issuedAt: ctx.now,
    });
  }
  if (opts.outcome === 'approved') {
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
      decidedAt: ctx.now.toISOString(),
      legalTimeLimitDays: app.legalTimeLimitDays,
      elapsedMs: app.elapsedMs,
      workingDaysTaken: app.workingDaysTaken,
    },
  });
  if (lic) {
    await pushLicenseOf(ctx, lic, app, opts.code);
    const dept = await cachedDepartment(ctx.tx, app.departmentId);
    const c = opts.commitment ?? (await findCommitment(ctx.tx, app.id));
    const grade =
      app.credit.grade !== undefined ? app.credit.grade : await gradeOfCheck(ctx.tx, app.credit.checkId);
    if (c) {
      pushCommitment(ctx, {
        applicationId: app.id,
        mode: app.mode,
        itemName: v.name,
        committer: { kind: app.subjectKind, name: app.subjectName, code: opts.code },
        text: c.text,
        liability: liabilityText(v),
        signedAt: c.signedAt,
        published: c.published,
        acceptingUnit: {
          name: dept?.name ?? '',
          uscc: dept?.uscc ?? null,
          regionCode: dept?.regionCode ?? '',
        },
      });
    }
    // Every decided commitment owes its verification; the task is born with the license.
    await createVerificationTask(ctx, {
      applicationId: app.id,
      licenseId: lic.id,
      itemVersionId: v.id,
      version: v,
      mode: app.mode ?? 'standard',
      subject: { kind: app.subjectKind as CreditSubjectKind, code: opts.code, name: app.subjectName },
      grade,
      policyVersionId: app.credit.policyVersionId,
    });
  }
  if (app.applicantUserId) {
    const title =
      opts.outcome === 'approved'
        ? `“${v.name}”已办结，证照已签发`
        : opts.outcome === 'rejected'
          ? `“${v.name}”不予许可`
          : `“${v.name}”已终止办理`;
    const body =
      opts.outcome === 'approved'
        ? `办件${app.number}已准予许可，证照编号${lic!.number}，有效期至${lic!.validUntil}。`
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
