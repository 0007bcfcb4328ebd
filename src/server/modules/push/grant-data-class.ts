import { type PushDataClass, pushDataClassLabels } from '../../../contracts/push';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { findUserById } from '../accounts/repository';
import { findSubscription, insertDataGrant } from './repository';

export type GrantDataClassInput = { dataClass: PushDataClass; legalBasis: string };

/**
 * A legal reviewer lets a receiving system have a class of personal data in clear, on a legal basis that is
 * recorded with the grant (个人信息保护法 §13: processing needs a basis; §34: a state organ processes
 * personal information only within its statutory powers). Takes effect at the dispatcher's next batch,
 * for messages already waiting too: what goes out is decided at delivery (ADR 0019).
 */
export async function grantDataClass(ctx: Ctx, subscriptionId: string, input: GrantDataClassInput) {
  const actor = ctx.actor;
  // The grant names the person who answers for it: only a staff account can.
  if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN', '只有合法性审查人员可以授予明文推送');
  const legalBasis = input.legalBasis.trim();
  if (!legalBasis) {
    throw new DomainError(
      'VALIDATION',
      '请填写法律依据：授予明文推送个人信息须写明所依据的法律、行政法规的名称和条款',
      { field: 'legalBasis' },
    );
  }
  if (!(await findSubscription(ctx.tx, subscriptionId))) throw new DomainError('NOT_FOUND', '推送订阅不存在');
  const user = ctx.account?.id === actor.userId ? ctx.account : await findUserById(ctx.tx, actor.userId);
  const row = await insertDataGrant(ctx.tx, {
    subscriptionId,
    dataClass: input.dataClass,
    legalBasis,
    grantedBy: actor.userId,
    grantedByName: user?.displayName ?? actor.username,
    grantedAt: ctx.now,
  });
  if (!row) {
    throw new DomainError(
      'CONFLICT',
      `该订阅已有有效的“${pushDataClassLabels[input.dataClass]}”授权；如需变更法律依据，请先撤销原授权`,
    );
  }
  await appendAudit(ctx, {
    action: 'push_data_grant.grant',
    targetType: 'push_data_grant',
    targetId: row.id,
    after: { subscriptionId, dataClass: row.dataClass, legalBasis: row.legalBasis },
  });
  return row;
}
