import { chinaDate } from '../../../domain/working-days';
import type { Ctx } from '../../context';
import { presentNotice } from './present';
import { taskView, taskWithNotice } from './present-task';
import type { NoticeRow, TaskRow } from './repository';
import { noticeOfTask, partyNotice, visibleTask } from './task-access';

/**
 * The ways a route runs one step of the ladder by the task's id: the task is found as the caller may see
 * it (another department's is absent), the step runs, and the task comes back as the list shows it.
 * `onTask(step)` is that as the route's action (`actOnId`).
 */
export const onTask =
  <I>(step: (ctx: Ctx, task: TaskRow, input: I) => Promise<TaskRow>) =>
  async (ctx: Ctx, id: string, input: I) =>
    taskView(ctx, await step(ctx, await visibleTask(ctx, id), input));

/** A step of due process on the task: answers the task with its defence notice. */
export async function stepDefence<I>(
  ctx: Ctx,
  id: string,
  step: (ctx: Ctx, task: TaskRow, input: I) => Promise<{ task: TaskRow; notice: NoticeRow }>,
  input: I,
) {
  return taskWithNotice(ctx, await step(ctx, await visibleTask(ctx, id), input));
}

/** A step of due process that needs the notice already served. */
export type NoticeStep<I> = (
  ctx: Ctx,
  task: TaskRow,
  notice: NoticeRow,
  input: I,
) => Promise<{ task: TaskRow; notice: NoticeRow }>;

export function stepOnNotice<I>(ctx: Ctx, id: string, step: NoticeStep<I>, input: I) {
  return stepDefence(ctx, id, async (c, task, i: I) => step(c, task, await noticeOfTask(c, task), i), input);
}

/** The party's own answer to a notice addressed to it, as the route's action (`actOnId`) by the notice's id. */
export const onOwnNotice =
  <I>(step: (ctx: Ctx, notice: NoticeRow, input: I) => Promise<{ notice: NoticeRow }>) =>
  async (ctx: Ctx, noticeId: string, input: I) => {
    const { notice } = await step(ctx, await partyNotice(ctx, noticeId), input);
    return presentNotice(notice, chinaDate(ctx.now));
  };
