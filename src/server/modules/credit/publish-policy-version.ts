import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { assertCreditDepartment } from './access';
import { findPolicy, type PolicyRow, publishedPolicyByCode, setPolicyStatus } from './repository';

/** Publishing supersedes the version in force; checks already made keep the version they were judged under. */
export async function publishPolicyVersion(ctx: Ctx, id: string): Promise<PolicyRow> {
  await assertCreditDepartment(ctx);
  const draft = await findPolicy(ctx.tx, id);
  if (!draft) throw new DomainError('NOT_FOUND', '准入规则版本不存在');
  if (draft.status !== 'draft') throw new DomainError('INVALID_TRANSITION', '只有草稿版本可以发布');
  const previous = await publishedPolicyByCode(ctx.tx, draft.code);
  if (previous && !(await setPolicyStatus(ctx.tx, previous.id, 'published', 'superseded'))) {
    throw new DomainError('CONFLICT', '准入规则已被他人变更，请刷新后重试');
  }
  const published = await setPolicyStatus(ctx.tx, id, 'draft', 'published', ctx.now);
  if (!published) throw new DomainError('CONFLICT', '准入规则已被他人变更，请刷新后重试');
  await appendAudit(ctx, {
    action: 'credit.policy_publish',
    targetType: 'eligibility_policy',
    targetId: id,
    before: { status: 'draft', supersedes: previous ? `${previous.code}@${previous.version}` : null },
    after: { status: 'published', code: published.code, version: published.version },
  });
  // The cache also revalidates by the published versions' key; dropping it now spares the next check a miss.
  ctx.atCommit(async () => ctx.policies.invalidate());
  return published;
}
