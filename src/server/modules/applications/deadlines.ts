import { finalStatuses } from '../../../domain/application-lifecycle';
import { isDomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import { type Ctx, type Deps, runAction, systemActor } from '../../context';
import { jobNames } from '../../jobs/definitions';
import { recordBreach } from '../credit/record-breach';
import { trackDeadline } from '../deadlines/track';
import { issueDocument } from '../documents/issue-document';
import { notify } from '../inbox/notify';
import { issueDecision, timeTaken } from './issue-decision';
import {
  approverIdsOf,
  claimDeadlineWarning,
  claimReminder,
  findApplication,
  missingOf,
  setFinalDue,
} from './repository';
import { auditApplication, FINAL_SUPPLY_DAYS, requireVersion, transition } from './shared';

/**
 * The durable deadlines of an application. Each handler re-reads the case and acts only if it is still
 * due; its writes are compare-and-set, so a job run twice (or by two instances) acts once.
 */
async function run(deps: Deps, name: string, fn: (ctx: Ctx) => Promise<void>): Promise<void> {
  try {
    await runAction(deps, { actor: systemActor(name), requestId: null }, fn);
  } catch (e) {
    // Another instance (or a person) moved the case first: nothing is left to do.
    if (isDomainError(e) && (e.code === 'CONFLICT' || e.code === 'INVALID_TRANSITION')) return;
    throw e;
  }
}

/** The working day before a due date: remind what is still missing. */
export function missingReminder(deps: Deps, applicationId: string): Promise<void> {
  return run(deps, '容缺补正提醒', async (ctx) => {
    const app = await findApplication(ctx.tx, applicationId);
    if (app?.status !== 'missing_materials') return;
    const today = chinaDate(ctx.now);
    const claimed = (await claimReminder(ctx.tx, applicationId, ctx.now)).filter((m) => m.dueDate > today);
    if (!claimed.length) return;
    // The 补正通知书 is issued for counter cases too: the window prints it for the applicant.
    issueDocument(ctx, {
      kind: 'correction',
      departmentId: app.departmentId,
      applicationId: app.id,
      facts: { materials: claimed.map((m) => ({ name: m.name, dueDate: m.dueDate })) },
    });
    if (!app.applicantUserId) return;
    await notify(ctx, {
      userId: app.applicantUserId,
      kind: 'application.missing_reminder',
      title: '容缺材料补正提醒',
      body: `办件${app.number}的容缺材料即将到期：${claimed.map((m) => `${m.name}（${m.dueDate}前）`).join('；')}。`,
      refType: 'application',
      refId: app.id,
      sms: true,
    });
  });
}

/** A due date passed with materials still missing: formal 催告 with a final due date (002). */
export function missingOverdue(deps: Deps, applicationId: string): Promise<void> {
  return run(deps, '容缺逾期催告', async (ctx) => {
    const app = await findApplication(ctx.tx, applicationId);
    if (app?.status !== 'missing_materials') return;
    const today = chinaDate(ctx.now);
    const overdue = ((await missingOf(ctx.tx, [applicationId])).get(applicationId) ?? []).filter(
      (m) => !m.suppliedAt && m.dueDate < today,
    );
    if (!overdue.length) return;
    const finalDue = await trackDeadline(ctx, {
      ownerType: 'application',
      ownerId: applicationId,
      kind: 'final_supply',
      startDate: today,
      workingDays: FINAL_SUPPLY_DAYS,
    });
    const finalDueDate = finalDue.date;
    const after = await transition(ctx, app, 'remind', {
      set: { finalDueDate, ...(finalDue.provisional ? { deadlinesProvisional: true } : {}) },
      comment: `催告：逾期未补正${overdue.map((m) => m.name).join('、')}，最后期限${finalDueDate}`,
    });
    await setFinalDue(ctx.tx, applicationId, finalDueDate);
    issueDocument(ctx, {
      kind: 'reminder',
      departmentId: app.departmentId,
      applicationId: app.id,
      facts: { materials: overdue.map((m) => ({ name: m.name, dueDate: m.dueDate })), finalDueDate },
    });
    await finalDue.schedule(jobNames.finalOverdue, { applicationId }, { before: 0, at: 'day_end' });
    finalDue.save();
    if (app.applicantUserId) {
      await notify(ctx, {
        userId: app.applicantUserId,
        kind: 'application.reminder_notice',
        title: '催告通知书',
        body: `办件${app.number}：您承诺补正的${overdue.map((m) => `“${m.name}”`).join('、')}已逾期。请于${finalDueDate}前补齐；逾期仍未补正的，将终止办理，并依照信用承诺制度记入信用记录。`,
        refType: 'application',
        refId: app.id,
        sms: true,
      });
    }
    await auditApplication(ctx, 'application.remind', app, after, { finalDueDate });
  });
}

/** Still missing after the 催告: the case ends and the policy decides the consequence for credit. */
export function finalOverdue(deps: Deps, applicationId: string): Promise<void> {
  return run(deps, '容缺催告期满', async (ctx) => {
    const app = await findApplication(ctx.tx, applicationId);
    if (app?.status !== 'reminded' || !app.finalDueDate) return;
    if (chinaDate(ctx.now) <= app.finalDueDate) return;
    const v = await requireVersion(ctx, app.itemVersionId);
    const code = ctx.crypto.decrypt(app.subjectCodeEnc);
    const reason = '容缺受理后经催告仍未在期限内补正材料，终止办理';
    const after = await transition(ctx, app, 'terminate', {
      comment: reason,
      set: await timeTaken(ctx, app),
    });
    const breach = await recordBreach(ctx, {
      subject: { kind: app.subjectKind as 'enterprise', code, name: app.subjectName },
      event: 'missing_materials_unsupplied',
      policyVersionId: app.credit.policyVersionId,
      decidingDepartmentId: app.departmentId,
      reason,
      applicationId: app.id,
    });
    await issueDecision(ctx, after, v, { outcome: 'terminated', instant: false, reason, code });
    await auditApplication(ctx, 'application.terminate', app, after, {
      breachRecords: breach.records.map((r) => r.id),
    });
  });
}

/** Two working days before the legal time limit: warn the approving department's officers. */
export function timeLimitWarning(deps: Deps, applicationId: string): Promise<void> {
  return run(deps, '法定时限预警', async (ctx) => {
    const app = await findApplication(ctx.tx, applicationId);
    if (!app || finalStatuses.includes(app.status)) return;
    if (!(await claimDeadlineWarning(ctx.tx, applicationId, ctx.now))) return;
    for (const userId of await approverIdsOf(ctx.tx, app.departmentId)) {
      await notify(ctx, {
        userId,
        kind: 'application.time_limit_warning',
        title: '办件即将超过法定时限',
        body: `办件${app.number}（${app.subjectName}）的法定办结期限为${app.legalDeadline}，请及时办理。`,
        refType: 'application',
        refId: app.id,
      });
    }
  });
}
