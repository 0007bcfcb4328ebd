import { type Deps, runAction, systemActor } from '../context';
import { deleteExpiredSession } from '../modules/accounts/repository';
import {
  finalOverdue,
  missingOverdue,
  missingReminder,
  timeLimitWarning,
} from '../modules/applications/deadlines';
import { jobNamesApplications } from '../modules/applications/shared';
import { chaseAssistance } from '../modules/assistance/chase-assistance';
import { CREDIT_DEADLINE_JOB, type DeadlineJob, remindDeadline } from '../modules/credit/deadlines';
import { deliverMessage } from '../modules/inbox/deliver';
import {
  announceDefenceOver,
  warnRectificationDue,
  warnVerificationOverdue,
} from '../modules/verification/jobs';
import { runSamplingDraws } from '../modules/verification/sampling';
import type { JobDefinition } from './queue';

export const jobNames = {
  sessionExpire: 'session.expire',
  deliverMessage: 'message.deliver',
  verificationOverdue: 'verification.overdue',
  rectificationDue: 'verification.rectification_due',
  /** After a day ends: reveal its 抽查 seed and draw its cases. */
  samplingDraw: 'verification.sampling_draw',
  /** The end of a 陈述申辩 period: the approving department may now decide. */
  defenceDue: 'verification.defence_due',
  /** An assistance request past its working-day deadline: chase the helper, again each working day. */
  assistanceOverdue: 'assistance.overdue',
  ...jobNamesApplications,
} as const;

/** Every job this server runs. Handlers re-read state and act only if still due: delivery is at least once. */
export function jobDefinitions(deps: Deps): JobDefinition<never>[] {
  const sessionExpire: JobDefinition<{ tokenHash: string }> = {
    name: jobNames.sessionExpire,
    // Removes a session row at its expiry so the table does not grow with abandoned logins.
    handle: async ({ tokenHash }) => {
      await deleteExpiredSession(deps.database.db, tokenHash, deps.clock());
    },
  };
  const deliver: JobDefinition<{ deliveryId: string }> = {
    name: jobNames.deliverMessage,
    retryLimit: 8,
    handle: ({ deliveryId }) => deliverMessage(deps, deliveryId),
  };
  const creditDeadline: JobDefinition<DeadlineJob> = {
    name: CREDIT_DEADLINE_JOB,
    deadline: { label: '信用修复、异议办理期限提醒' },
    handle: (job) =>
      runAction(deps, { actor: systemActor('信用办理期限提醒'), requestId: null }, (ctx) =>
        remindDeadline(ctx, job),
      ),
  };
  const verificationOverdue: JobDefinition<{ taskId: string }> = {
    name: jobNames.verificationOverdue,
    deadline: { label: '核查逾期预警' },
    handle: ({ taskId }) => warnVerificationOverdue(deps, taskId),
  };
  const rectificationDue: JobDefinition<{ taskId: string }> = {
    name: jobNames.rectificationDue,
    deadline: { label: '整改期满复查提醒' },
    handle: ({ taskId }) => warnRectificationDue(deps, taskId),
  };
  const samplingDraw: JobDefinition<{ day: string }> = {
    name: jobNames.samplingDraw,
    deadline: { label: '抽查抽取（公开前一日种子）' },
    handle: async () => {
      await runSamplingDraws(deps);
    },
  };
  const defenceDue: JobDefinition<{ taskId: string }> = {
    name: jobNames.defenceDue,
    deadline: { label: '陈述申辩期满提醒' },
    handle: ({ taskId }) => announceDefenceOver(deps, taskId),
  };
  const assistanceOverdue: JobDefinition<{ requestId: string }> = {
    name: jobNames.assistanceOverdue,
    deadline: { label: '协助核查逾期催办' },
    handle: ({ requestId }) => chaseAssistance(deps, requestId),
  };
  type ById = JobDefinition<{ applicationId: string }>;
  const byId = (name: string, label: string, fn: (deps: Deps, id: string) => Promise<void>): ById => ({
    name,
    deadline: { label },
    handle: ({ applicationId }) => fn(deps, applicationId),
  });
  return [
    sessionExpire,
    deliver,
    creditDeadline,
    byId(jobNames.missingReminder, '容缺材料补正提醒', missingReminder),
    byId(jobNames.missingOverdue, '容缺逾期催告', missingOverdue),
    byId(jobNames.finalOverdue, '催告期满终止办理', finalOverdue),
    byId(jobNames.timeLimitWarning, '法定时限预警', timeLimitWarning),
    verificationOverdue,
    rectificationDue,
    samplingDraw,
    defenceDue,
    assistanceOverdue,
  ] as JobDefinition<never>[];
}
