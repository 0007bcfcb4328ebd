import type { ReadCtx } from '../../../context';
import { taskFile } from '../case-access';
import { visibleTask } from '../task-access';

/** One file of a task: evidence and defence material for whoever sees the task, case material for its inspectors. */
export async function getTaskFile(ctx: ReadCtx, taskId: string, fileId: string) {
  return taskFile(ctx, await visibleTask(ctx, taskId), fileId);
}
