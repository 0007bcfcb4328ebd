import type { Static } from 'typebox';
import { type ApprovalMode, approvalModeLabels } from '../../../contracts/catalog';
import { type CreditOutcome, creditOutcomeLabels } from '../../../contracts/credit';
import {
  type ToleranceCase,
  toleranceOutcomeLabels,
  toleranceSituationLabels,
} from '../../../contracts/tolerance';
import { hasPermission } from '../../../domain/access';
import { chineseDate, chineseDateTime } from '../../../domain/chinese-time';
import { DomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import type { ReadCtx } from '../../context';
import { findApplication, findCommitment, listEvents } from '../applications/repository';
import { getItemVersion } from '../catalog/repository';
import { decisionOf, findTask, listTaskEvents, type TaskRow } from '../verification/repository';
import { auditRowsOf, displayNames, findReview, publisherOf, staffName } from './repository';

const modeName = (m: string) => approvalModeLabels[m as ApprovalMode] ?? m;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The official concerned (义马 section 五 protects the official who decided): whoever approved by hand;
 * where the decision was made on the spot under the commitment (即时办结), the person who published the
 * item version that let it be.
 */
export async function officialOf(ctx: Pick<ReadCtx, 'db'>, task: TaskRow) {
  if (!UUID.test(task.applicationId)) return null;
  const events = await listEvents(ctx.db, task.applicationId);
  const approved = events.find((e) => e.event === 'approve' && e.actorId);
  const id = approved?.actorId ?? (await publisherOf(ctx.db, task.itemVersionId));
  return id && UUID.test(id) ? ((await staffName(ctx.db, id)) ?? null) : null;
}

/** The reviewing role reads every case; the official concerned reads its own; to anyone else there is none. */
export async function caseTask(ctx: ReadCtx, taskId: string) {
  const task = UUID.test(taskId) ? await findTask(ctx.db, taskId) : undefined;
  if (task?.status !== 'revoked') throw new DomainError('NOT_FOUND', '容错免责案件不存在');
  const official = await officialOf(ctx, task);
  const reviewer = hasPermission(ctx.actor, 'tolerance.review');
  const own = ctx.actor.kind === 'staff' && official?.id === ctx.actor.userId;
  if (!reviewer && !own) throw new DomainError('NOT_FOUND', '容错免责案件不存在');
  return { task, official };
}

/**
 * The case file, produced from what the system recorded — the audit trail, the histories, the credit
 * snapshot, the signed commitment, the versions in force — never typed, so it cannot say other than
 * what happened.
 */
export async function caseFile(ctx: ReadCtx, taskId: string): Promise<Static<typeof ToleranceCase>> {
  const { task, official } = await caseTask(ctx, taskId);
  const app = await findApplication(ctx.db, task.applicationId);
  if (!app) throw new DomainError('NOT_FOUND', '容错免责案件不存在');
  const [commitment, decided, version, appEvents, taskEvents, review] = await Promise.all([
    findCommitment(ctx.db, app.id),
    decisionOf(ctx.db, app.id),
    getItemVersion(ctx.db, task.itemVersionId),
    listEvents(ctx.db, app.id),
    listTaskEvents(ctx.db, task.id),
    findReview(ctx.db, task.id),
  ]);
  const steps = await auditRowsOf(ctx.db, [
    { type: 'application', id: app.id },
    { type: 'credit_check', id: app.credit.checkId },
    { type: 'verification_task', id: task.id },
  ]);
  const names = await displayNames(ctx.db, [
    ...steps.map((s) => s.actorId),
    ...appEvents.map((e) => e.actorId),
    ...taskEvents.map((e) => e.actorId),
  ]);
  const nameOf = (e: { actorId: string | null; actorName: string | null }) =>
    (e.actorId && names.get(e.actorId)) || e.actorName;
  const decidedAt = decided?.decidedAt ?? app.decidedAt;
  const firstFinding = taskEvents.find((e) => e.event.startsWith('find_'));
  const noticeAt = taskEvents.find((e) => e.event === 'notify_defence')?.at;
  const revokeAt = taskEvents.find((e) => e.event === 'revoke')?.at;
  const creditBeforeDecision = steps.find((s) => s.action === 'credit.check');
  const procedure = [
    {
      rule: '办理前查询信用状况，所选办理方式为信用核查结果允许的方式',
      followed:
        Boolean(app.credit.checkId) &&
        app.mode !== null &&
        app.credit.allowedModes.includes(app.mode) &&
        (!creditBeforeDecision || !decidedAt || creditBeforeDecision.at <= decidedAt),
      detail: `信用核查结果：${creditOutcomeLabels[app.credit.outcome as CreditOutcome] ?? app.credit.outcome}；允许的办理方式：${app.credit.allowedModes.map(modeName).join('、') || '无'}；所选：${app.mode ? modeName(app.mode) : '无'}`,
    },
    {
      rule: '作出审批决定前申请人已签署告知承诺书',
      followed: Boolean(commitment && decidedAt && commitment.signedAt <= decidedAt),
      detail: commitment
        ? `承诺书签署于${chineseDateTime(commitment.signedAt)}，审批决定作出于${decidedAt ? chineseDateTime(decidedAt) : '（无）'}`
        : '无承诺书',
    },
    {
      rule: '在核查期限内完成核查',
      followed: Boolean(firstFinding && chinaDate(firstFinding.at) <= task.dueDate),
      detail: `核查期限${chineseDate(task.dueDate)}；核查结论登记于${firstFinding ? chineseDateTime(firstFinding.at) : '（无）'}`,
    },
    {
      rule: '撤销前已送达陈述申辩告知书',
      followed: Boolean(noticeAt && revokeAt && noticeAt <= revokeAt),
      detail: noticeAt
        ? `告知书送达于${chineseDateTime(noticeAt)}${revokeAt ? `，撤销决定作出于${chineseDateTime(revokeAt)}` : ''}`
        : '未送达陈述申辩告知书',
    },
  ];
  return {
    taskId: task.id,
    applicationNumber: app.number,
    itemName: version?.name ?? '',
    itemVersion: version?.versionNo ?? 0,
    itemVersionId: task.itemVersionId,
    policyVersionId: app.credit.policyVersionId,
    subjectName: task.subjectName,
    subjectCode: task.subjectCodeMasked,
    official: official ? { userId: official.id, name: official.name } : null,
    decision: decided
      ? {
          outcome: decided.outcome,
          instant: decided.instant,
          decidedBy: decided.decidedBy,
          decidedAt: decided.decidedAt.toISOString(),
        }
      : null,
    creditCheck: {
      checkId: app.credit.checkId,
      outcome: app.credit.outcome,
      reasons: app.credit.reasons,
      allowedModes: app.credit.allowedModes,
    },
    mode: app.mode,
    commitment: commitment
      ? { text: commitment.text, digest: commitment.digest, signedAt: commitment.signedAt.toISOString() }
      : null,
    materials: app.materials.map((m) => ({ name: m.name, state: m.state, source: m.source })),
    revocation: { reason: task.revocationReason, at: revokeAt?.toISOString() ?? null },
    steps: steps.map((s) => ({
      at: s.at.toISOString(),
      action: s.action,
      actorName: nameOf(s),
      targetType: s.targetType,
      auditId: s.id,
    })),
    history: [
      ...appEvents.map((e) => ({
        at: e.at.toISOString(),
        source: 'application',
        event: e.event,
        actorName: nameOf(e),
      })),
      ...taskEvents.map((e) => ({
        at: e.at.toISOString(),
        source: 'verification',
        event: e.event,
        actorName: nameOf(e),
      })),
    ],
    procedure,
    review: review
      ? {
          situation: review.situation,
          situationLabel: review.situation ? toleranceSituationLabels[review.situation] : null,
          outcome: review.outcome,
          outcomeLabel: toleranceOutcomeLabels[review.outcome],
          reasons: review.reasons,
          reviewerName: review.reviewerName,
          reviewedAt: review.reviewedAt.toISOString(),
        }
      : null,
  };
}
