import type { ReadCtx } from '../../../context';
import { readCase } from '../case-access';
import { visibleTask } from '../task-access';

/** The case behind a task, for the inspectors assigned to verify it. */
export async function getCase(ctx: ReadCtx, taskId: string) {
  return readCase(ctx, await visibleTask(ctx, taskId));
}
