import { toleranceOutcomeLabels } from '../../../../contracts/tolerance';
import { hasPermission } from '../../../../domain/access';
import type { ReadCtx } from '../../../context';
import { findApplication } from '../../applications/repository';
import { getItemVersion } from '../../catalog/repository';
import { officialOf } from '../case-file';
import { findReview, revokedTasks } from '../repository';

/** The register: every case to the reviewing role; to an official, the cases it is concerned in. */
export async function listCases(ctx: ReadCtx) {
  const reviewer = hasPermission(ctx.actor, 'tolerance.review');
  const me = ctx.actor.kind === 'staff' ? ctx.actor.userId : null;
  const items = [];
  for (const task of await revokedTasks(ctx.db)) {
    // Tasks of cases kept outside this system (pushed in by number only) have no file here.
    if (!/^[0-9a-f-]{36}$/i.test(task.applicationId)) continue;
    const official = await officialOf(ctx, task);
    if (!reviewer && (!me || official?.id !== me)) continue;
    const [review, version, app] = await Promise.all([
      findReview(ctx.db, task.id),
      getItemVersion(ctx.db, task.itemVersionId),
      findApplication(ctx.db, task.applicationId),
    ]);
    items.push({
      taskId: task.id,
      applicationNumber: app?.number ?? '',
      itemName: version?.name ?? '',
      subjectName: task.subjectName,
      revokedAt: task.closedAt?.toISOString() ?? null,
      official: official?.name ?? null,
      reviewed: review !== undefined,
      outcomeLabel: review ? toleranceOutcomeLabels[review.outcome] : null,
    });
  }
  return { items };
}
