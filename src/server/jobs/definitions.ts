import { type Deps, runAction, systemActor } from '../context';
import { deleteExpiredSession } from '../modules/accounts/repository';
import {
  finalOverdue,
  missingOverdue,
  missingReminder,
  timeLimitWarning,
} from '../modules/applications/deadlines';
import { jobNamesApplications } from '../modules/applications/shared';
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
    handle: (job) =>
      runAction(deps, { actor: systemActor('信用办理期限提醒'), requestId: null }, (ctx) =>
        remindDeadline(ctx, job),
      ),
  };
  const verificationOverdue: JobDefinition<{ taskId: string }> = {
    name: jobNames.verificationOverdue,
    handle: ({ taskId }) => warnVerificationOverdue(deps, taskId),
  };
  const rectificationDue: JobDefinition<{ taskId: string }> = {
    name: jobNames.rectificationDue,
    handle: ({ taskId }) => warnRectificationDue(deps, taskId),
  };
  const samplingDraw: JobDefinition<{ day: string }> = {
    name: jobNames.samplingDraw,
    handle: async () => {
      await runSamplingDraws(deps);
    },
  };
  const defenceDue: JobDefinition<{ taskId: string }> = {
    name: jobNames.defenceDue,
    handle: ({ taskId }) => announceDefenceOver(deps, taskId),
  };
  type ById = JobDefinition<{ applicationId: string }>;
  const byId = (name: string, fn: (deps: Deps, id: string) => Promise<void>): ById => ({
    name,
    handle: ({ applicationId }) => fn(deps, applicationId),
  });
  return [
    sessionExpire,
    deliver,
    creditDeadline,
    byId(jobNames.missingReminder, missingReminder),
    byId(jobNames.missingOverdue, missingOverdue),
    byId(jobNames.finalOverdue, finalOverdue),
    byId(jobNames.timeLimitWarning, timeLimitWarning),
    verificationOverdue,
    rectificationDue,
    samplingDraw,
    defenceDue,
    creditDeadline,
  ] as JobDefinition<never>[];
}
