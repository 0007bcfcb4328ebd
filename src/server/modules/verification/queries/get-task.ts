import { chinaDate } from '../../../../domain/working-days';
import type { ReadCtx } from '../../../context';
import { presentEvidence, presentNotice } from '../present';
import { presentTask, presentTaskEvent } from '../present-task';
import { evidenceOfTask, findNoticeOfTask, itemNameOf, listTaskEvents } from '../repository';
import { visibleTask } from '../task-access';

/** A task with its history, evidence and defence notice. */
export async function getTask(ctx: ReadCtx, id: string) {
  const task = await visibleTask(ctx, id);
  const today = chinaDate(ctx.now);
  const [itemName, events, evidence, notice] = await Promise.all([
    itemNameOf(ctx.db, task.itemVersionId),
    listTaskEvents(ctx.db, task.id),
    evidenceOfTask(ctx.db, task.id),
    findNoticeOfTask(ctx.db, task.id),
  ]);
  return {
    ...presentTask(task, itemName, today),
    evidence: evidence.map(presentEvidence),
    defenceNotice: notice ? presentNotice(notice, today) : null,
    history: events.map(presentTaskEvent),
  };
}
