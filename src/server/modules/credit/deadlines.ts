import { DomainError } from '../../../domain/errors';
import { chinaDate, reckonWorkingDays } from '../../../domain/working-days';
import type { Ctx } from '../../context';
import { type JobPayload, jobNames } from '../../jobs/definitions';
import { notify } from '../inbox/notify';
import {
  applicantIdsOfSubject,
  creditOfficerIds,
  findObjection,
  findRepair,
  findSubject,
} from './repository';

export type DeadlineJob = JobPayload<'creditDeadline'>;

const words = { repair: '信用修复申请', objection: '异议申请' } as const;

/** The due day at 09:00 China time, when the reminder goes out if the case is still open. */
export const reminderAt = (dueOn: string): Date => new Date(`${dueOn}T01:00:00Z`);

/** The day a case raised now must be decided by: `workingDays` working days from today (China date). */
export async function decisionDueOn(ctx: Ctx, workingDays: number): Promise<string> {
  return reckonWorkingDays(await ctx.calendar.get(ctx.tx), chinaDate(ctx.now), workingDays).date;
}

/** Tells the credit department of a new case and queues the reminder for its due day, in the same transaction. */
export async function announceCase(
  ctx: Ctx,
  job: DeadlineJob,
  dueOn: string,
  subjectId: string,
): Promise<void> {
  const subjectName = (await findSubject(ctx.tx, subjectId))?.name ?? '';
  for (const userId of await creditOfficerIds(ctx.tx)) {
    await notify(ctx, {
      userId,
      kind: `credit.${job.type}`,
      title: `新的${words[job.type]}`,
      body: `${subjectName}提交了${words[job.type]}，请于${dueOn}前办结。`,
      refType: `credit_${job.type}`,
      refId: job.id,
    });
  }
  await ctx.jobs.enqueue(ctx.tx, jobNames.creditDeadline, job, { startAfter: reminderAt(dueOn) });
}

/** Job handler: a case still open on its due day is flagged to every credit officer (at least once, idempotent enough). */
export async function remindDeadline(ctx: Ctx, job: DeadlineJob): Promise<void> {
  const row = job.type === 'repair' ? await findRepair(ctx.tx, job.id) : await findObjection(ctx.tx, job.id);
  if (row?.status !== 'pending') return;
  const subject = await findSubject(ctx.tx, row.subjectId);
  for (const userId of await creditOfficerIds(ctx.tx)) {
    await notify(ctx, {
      userId,
      kind: `credit.${job.type}_due`,
      title: `${words[job.type]}今日到期`,
      body: `${subject?.name ?? ''}的${words[job.type]}办理期限为${row.dueOn}，尚未办结。`,
      refType: `credit_${job.type}`,
      refId: job.id,
    });
  }
}

/** The subject's own accounts learn the decision. */
export async function tellSubject(
  ctx: Ctx,
  subjectId: string,
  title: string,
  body: string,
  ref: DeadlineJob,
) {
  const subject = await findSubject(ctx.tx, subjectId);
  if (!subject) throw new DomainError('NOT_FOUND', '信用主体不存在');
  for (const userId of await applicantIdsOfSubject(ctx.tx, subject)) {
    await notify(ctx, {
      userId,
      kind: `credit.${ref.type}_decided`,
      title,
      body,
      refType: `credit_${ref.type}`,
      refId: ref.id,
      sms: true,
    });
  }
}
