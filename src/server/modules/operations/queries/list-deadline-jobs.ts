import type { ReadCtx } from '../../../context';

const idOf = (data: Record<string, unknown>, key: string) =>
  typeof data[key] === 'string' ? (data[key] as string) : null;

/** The queued deadline jobs, optionally only the due (or not yet due) ones; at most 500 listed. */
export async function listDeadlineJobs(ctx: ReadCtx, query: { due?: boolean }) {
  const all = (await ctx.jobs.queuedDeadlineJobs()).map((j) => ({
    id: j.id,
    queue: j.queue,
    label: j.label,
    state: j.state,
    startAfter: j.startAfter.toISOString(),
    due: j.startAfter.getTime() <= ctx.now.getTime(),
    provisional: j.data.provisional === true,
    applicationId: idOf(j.data, 'applicationId'),
    taskId: idOf(j.data, 'taskId'),
  }));
  const { due } = query;
  const items = due === undefined ? all : all.filter((j) => j.due === due);
  return {
    now: ctx.now.toISOString(),
    total: items.length,
    due: all.filter((j) => j.due).length,
    items: items.slice(0, 500),
  };
}
