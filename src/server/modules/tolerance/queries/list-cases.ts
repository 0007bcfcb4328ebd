import { toleranceOutcomeLabels } from '../../../../contracts/tolerance';
import { hasPermission } from '../../../../domain/access';
import type { ReadCtx } from '../../../context';
import { registerCases } from '../repository';

/** The register: every case to the reviewing role; to an official, the cases it is concerned in. */
export async function listCases(ctx: ReadCtx, page: { page: number; pageSize: number }) {
  const reviewer = hasPermission(ctx.actor, 'tolerance.review');
  const me = ctx.actor.kind === 'staff' ? ctx.actor.userId : null;
  if (!reviewer && !me) return { items: [], total: 0, ...page };
  const { rows, total } = await registerCases(ctx.db, reviewer ? null : me, page);
  return {
    total,
    ...page,
    items: rows.map((row) => ({
      taskId: row.taskId,
      applicationNumber: row.applicationNumber,
      itemName: row.itemName,
      subjectName: row.subjectName,
      revokedAt: row.revokedAt?.toISOString() ?? null,
      official: row.officialName,
      reviewed: row.outcome !== null,
      outcomeLabel: row.outcome ? toleranceOutcomeLabels[row.outcome] : null,
    })),
  };
}
