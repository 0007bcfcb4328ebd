import type { Static } from 'typebox';
import type { ResolveEscalation } from '../../../contracts/escalation';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { actorRef } from '../catalog/shared';
import { presentEscalation } from './present';
import { updateEscalation } from './repository';
import { checkVersion, requireEscalation } from './steward';

/** Closes the entry with what was done (staff added and told, handed over off-line, …). */
export async function resolveEscalation(ctx: Ctx, id: string, input: Static<typeof ResolveEscalation>) {
  const before = await requireEscalation(ctx, id);
  checkVersion(before, input.version);
  if (before.status === 'resolved') throw new DomainError('INVALID_TRANSITION', '该转办记录已办结');
  const resolution = input.resolution.trim();
  if (resolution.length < 2) throw new DomainError('VALIDATION', '请写明处理结果');
  const after = await updateEscalation(ctx.tx, before, ['open', 'assigned'], {
    status: 'resolved',
    resolution,
    resolvedBy: actorRef(ctx.actor).actorName,
    resolvedAt: ctx.now,
  });
  if (!after) throw new DomainError('CONFLICT', '该转办记录已被他人处理，请刷新后重试');
  await appendAudit(ctx, {
    action: 'escalation.resolve',
    targetType: 'escalation',
    targetId: id,
    before: { status: before.status },
    after: { status: after.status, resolution },
  });
  return presentEscalation(after);
}
