import { chinaDate, chinaDayEnd, reckonWorkingDays } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import { type Deps, runAction, systemActor } from '../../context';
import { jobNames } from '../../jobs/definitions';
import { calendarOf } from '../calendar/calendar-cache';
import { notify } from '../inbox/notify';
import { findTask } from '../verification/repository';
import { findRequest, updateRequest } from './repository';
import { tellHelper } from './tell-helper';

/**
 * The deadline job: an unanswered request past its date is chased — the helper's handlers (or its
 * system, through the push channel) and the requester are told — and chased again the next working
 * day until answered. A request answered meanwhile changes nothing.
 */
export async function chaseAssistance(deps: Deps, requestId: string): Promise<void> {
  await runAction(deps, { actor: systemActor('协助核查期限监控'), requestId: null }, async (ctx) => {
    const request = await findRequest(ctx.tx, requestId);
    const today = chinaDate(ctx.now);
    if (request?.status !== 'open' || today <= request.dueDate) return;
    const task = await findTask(ctx.tx, request.taskId);
    if (!task) return;
    const chased = await updateRequest(ctx.tx, request, { chasedAt: ctx.now });
    if (!chased) return;
    const title = `协助核查已逾期：${task.subjectName}`;
    const body = `该协助核查请求应于${request.dueDate}前答复，目前仍未答复。请求事项：${request.question}`;
    await tellHelper(
      ctx,
      request,
      {
        // A key of its own per day: the default (topic and request) is the request's own message.
        idempotencyKey: `assistance:${request.id}:chase:${today}`,
        payload: {
          requestId: request.id,
          kind: 'reminder',
          dueDate: request.dueDate,
          question: request.question,
        },
      },
      { kind: 'assistance_overdue', title, body },
    );
    if (request.requestedById) {
      await notify(ctx, {
        userId: request.requestedById,
        kind: 'assistance_overdue',
        title,
        body: `${body}已催办协助部门。`,
        refType: 'verification_task',
        refId: task.id,
      });
    }
    const next = reckonWorkingDays(await calendarOf(ctx), today, 1).date;
    await ctx.jobs.enqueue(
      ctx.tx,
      jobNames.assistanceOverdue,
      { requestId: request.id },
      {
        startAfter: chinaDayEnd(next),
      },
    );
    await appendAudit(ctx, {
      action: 'assistance.chase',
      targetType: 'assistance_request',
      targetId: request.id,
      after: { dueDate: request.dueDate, channel: request.channel, chasedOn: today },
    });
  });
}
