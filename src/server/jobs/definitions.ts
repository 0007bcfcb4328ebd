import { type Static, type TObject, type TProperties, type TString, Type } from 'typebox';

/**
 * A deadline job's payload may carry `provisional: true` when its time was reckoned on a calendar the
 * authorities have not published yet (deadlines/track.ts); recomputation then moves it.
 */
const deadlinePayload = <P extends TProperties>(properties: P) =>
  Type.Object({ ...properties, provisional: Type.Optional(Type.Boolean()) });

/** A deadline job about one thing, which its payload names by `key`: an application, a task, a request, a day. */
const deadlineJob = <N extends string, K extends string>(name: N, key: K, deadline: string) => ({
  name,
  payload: deadlinePayload({ [key]: Type.String() } as Record<K, TString>),
  deadline,
});

/**
 * Every background job of the application, in one place: its queue name, the schema of its payload
 * (checked when a job is queued, so a wrong payload fails the action that queued it, not a worker hours
 * later), its retry limit, and for deadline jobs the label operators see. Handlers are wired in
 * handlers.ts, one per entry; the compiler refuses a job without one.
 */
export const jobRegistry = {
  /** Removes a session row at its expiry so the table does not grow with abandoned logins. */
  sessionExpire: { name: 'session.expire', payload: Type.Object({ tokenHash: Type.String() }) },
  deliverMessage: {
    name: 'message.deliver',
    payload: Type.Object({ deliveryId: Type.String() }),
    retryLimit: 8,
  },
  /** A credit repair or objection still open on its due day: every credit officer is told. */
  creditDeadline: {
    name: 'credit.deadline',
    payload: deadlinePayload({
      type: Type.Union([Type.Literal('repair'), Type.Literal('objection')]),
      id: Type.String(),
    }),
    deadline: '信用修复、异议办理期限提醒',
  },
  missingReminder: deadlineJob('application.missing_reminder', 'applicationId', '容缺材料补正提醒'),
  missingOverdue: deadlineJob('application.missing_overdue', 'applicationId', '容缺逾期催告'),
  finalOverdue: deadlineJob('application.final_overdue', 'applicationId', '催告期满终止办理'),
  timeLimitWarning: deadlineJob('application.time_limit_warning', 'applicationId', '法定时限预警'),
  verificationOverdue: deadlineJob('verification.overdue', 'taskId', '核查逾期预警'),
  rectificationDue: deadlineJob('verification.rectification_due', 'taskId', '整改期满复查提醒'),
  /** After a day ends: reveal its 抽查 seed and draw its cases. */
  samplingDraw: deadlineJob('verification.sampling_draw', 'day', '抽查抽取（公开前一日种子）'),
  /** The end of a 陈述申辩 period: the approving department may now decide. */
  defenceDue: deadlineJob('verification.defence_due', 'taskId', '陈述申辩期满提醒'),
  /** An assistance request past its working-day deadline: chase the helper, again each working day. */
  assistanceOverdue: deadlineJob('assistance.overdue', 'requestId', '协助核查逾期催办'),
} as const satisfies Record<string, JobSpec>;

export type JobSpec = { name: string; payload: TObject; retryLimit?: number; deadline?: string };
export type JobKey = keyof typeof jobRegistry;
export type JobPayload<K extends JobKey> = Static<(typeof jobRegistry)[K]['payload']>;

/** The queue names, for the actions that queue jobs. */
export const jobNames = Object.fromEntries(Object.entries(jobRegistry).map(([k, v]) => [k, v.name])) as {
  readonly [K in JobKey]: (typeof jobRegistry)[K]['name'];
};
