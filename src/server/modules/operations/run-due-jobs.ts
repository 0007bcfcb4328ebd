import { appendAudit } from '../../audit/audit-log';
import { type CallerInfo, type Deps, runAction } from '../../context';
import { watchCalendar } from '../calendar/watch';

/**
 * Runs the due deadline jobs now, exactly as the job worker would (each in its own transaction), then
 * audits the run.
 */
export async function runDueJobs(deps: Deps, caller: CallerInfo) {
  const ran = await deps.jobs.runDueDeadlineJobs();
  await runAction(deps, caller, (ctx) =>
    appendAudit(ctx, {
      action: 'jobs.run_due',
      targetType: 'job_queue',
      targetId: null,
      after: {
        ran: ran.length,
        failed: ran.filter((r) => !r.ok).length,
        jobs: ran.map((r) => ({ id: r.id, queue: r.queue, ok: r.ok })),
      },
    }),
  );
  await watchCalendar(deps);
  return { now: deps.clock().toISOString(), ran };
}
