import { type Static, type TObject, type TProperties, Type } from 'typebox';

/**
 * A deadline job's payload may carry `provisional: true` when its time was reckoned on a calendar the
 * authorities have not published yet (deadlines/track.ts); recomputation then moves it.
 */
const deadlinePayload = <P extends TProperties>(properties: P) =>
  Type.Object({ ...properties, provisional: Type.Optional(Type.Boolean()) });

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
  missingReminder: {
    name: 'application.missing_reminder',
    payload: deadlinePayload({ applicationId: Type.String() }),
    deadline: '容缺材料补正提醒',
  },
  missingOverdue: {
    name: 'application.missing_overdue',
    payload: deadlinePayload({ applicationId: Type.String() }),
    deadline: '容缺逾期催告',
  },
  finalOverdue: {
    name: 'application.final_overdue',
    payload: deadlinePayload({ applicationId: Type.String() }),
    deadline: '催告期满终止办理',
  },
  timeLimitWarning: {
    name: 'application.time_limit_warning',
    payload: deadlinePayload({ applicationId: Type.String() }),
    deadline: '法定时限预警',
  },
  verificationOverdue: {
    name: 'verification.overdue',
    payload: deadlinePayload({ taskId: Type.String() }),
    deadline: '核查逾期预警',
  },
  rectificationDue: {
    name: 'verification.rectification_due',
    payload: deadlinePayload({ taskId: Type.String() }),
    deadline: '整改期满复查提醒',
  },
  /** After a day ends: reveal its 抽查 seed and draw its cases. */
  samplingDraw: {
    name: 'verification.sampling_draw',
    payload: deadlinePayload({ day: Type.String() }),
    deadline: '抽查抽取（公开前一日种子）',
  },
  /** The end of a 陈述申辩 period: the approving department may now decide. */
  defenceDue: {
    name: 'verification.defence_due',
    payload: deadlinePayload({ taskId: Type.String() }),
    deadline: '陈述申辩期满提醒',
  },
  /** An assistance request past its working-day deadline: chase the helper, again each working day. */
  assistanceOverdue: {
    name: 'assistance.overdue',
    payload: deadlinePayload({ requestId: Type.String() }),
    deadline: '协助核查逾期催办',
  },
} as const satisfies Record<string, JobSpec>;

export type JobSpec = { name: string; payload: TObject; retryLimit?: number; deadline?: string };
export type JobKey = keyof typeof jobRegistry;
export type JobPayload<K extends JobKey> = Static<(typeof jobRegistry)[K]['payload']>;

/** The queue names, for the actions that queue jobs. */
export const jobNames = Object.fromEntries(Object.entries(jobRegistry).map(([k, v]) => [k, v.name])) as {
  readonly [K in JobKey]: (typeof jobRegistry)[K]['name'];
};
