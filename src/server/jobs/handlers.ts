import { type Deps, runAction, systemActor } from '../context';
import { deleteExpiredSession } from '../modules/accounts/repository';
import {
  finalOverdue,
  missingOverdue,
  missingReminder,
  timeLimitWarning,
} from '../modules/applications/deadlines';
import { chaseAssistance } from '../modules/assistance/chase-assistance';
import { remindDeadline } from '../modules/credit/deadlines';
import { deliverMessage } from '../modules/inbox/deliver';
import {
  announceDefenceOver,
  warnRectificationDue,
  warnVerificationOverdue,
} from '../modules/verification/jobs';
import { runSamplingDraws } from '../modules/verification/sampling';
import { type JobKey, type JobPayload, jobRegistry } from './definitions';
import type { JobDefinition } from './queue';

type JobHandlers = { [K in JobKey]: (data: JobPayload<K>) => Promise<void> };

/**
 * The one place each job meets its handler. Handlers re-read state and act only if still due: delivery
 * is at least once.
 */
export function jobHandlers(deps: Deps): JobHandlers {
  return {
    sessionExpire: async ({ tokenHash }) => {
      await deleteExpiredSession(deps.database.db, tokenHash, deps.clock());
    },
    deliverMessage: ({ deliveryId }) => deliverMessage(deps, deliveryId),
    creditDeadline: ({ type, id }) =>
      runAction(deps, { actor: systemActor('信用办理期限提醒'), requestId: null }, (ctx) =>
        remindDeadline(ctx, { type, id }),
      ),
    missingReminder: ({ applicationId }) => missingReminder(deps, applicationId),
    missingOverdue: ({ applicationId }) => missingOverdue(deps, applicationId),
    finalOverdue: ({ applicationId }) => finalOverdue(deps, applicationId),
    timeLimitWarning: ({ applicationId }) => timeLimitWarning(deps, applicationId),
    verificationOverdue: ({ taskId }) => warnVerificationOverdue(deps, taskId),
    rectificationDue: ({ taskId }) => warnRectificationDue(deps, taskId),
    samplingDraw: async () => {
      await runSamplingDraws(deps);
    },
    defenceDue: ({ taskId }) => announceDefenceOver(deps, taskId),
    assistanceOverdue: ({ requestId }) => chaseAssistance(deps, requestId),
  };
}

/** Every job this server runs, as the queue registers it: the registry's entries with their handlers. */
export function jobDefinitions(deps: Deps): JobDefinition<never>[] {
  const handlers = jobHandlers(deps);
  return (Object.keys(jobRegistry) as JobKey[]).map((key) => {
    const spec: { name: string; payload: unknown; retryLimit?: number; deadline?: string } = jobRegistry[key];
    return {
      name: spec.name,
      payload: spec.payload,
      handle: handlers[key] as (data: never) => Promise<void>,
      ...(spec.retryLimit ? { retryLimit: spec.retryLimit } : {}),
      ...(spec.deadline ? { deadline: { label: spec.deadline } } : {}),
    } as JobDefinition<never>;
  });
}
