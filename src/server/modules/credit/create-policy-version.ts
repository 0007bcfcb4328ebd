import type { Static } from 'typebox';
import { Value } from 'typebox/value';
import type { CreatePolicyVersion } from '../../../contracts/credit';
import { type PolicyDefinition, PolicyDefinition as PolicySchema } from '../../../contracts/credit-policy';
import { policyProblems } from '../../../domain/credit-policy';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { assertCreditDepartment } from './access';
import { insertPolicy, listPolicies, nextPolicyVersion, type PolicyRow } from './repository';

/** A policy change is a new version: drafted, simulated, then published; published versions never change. */
export async function createPolicyVersion(
  ctx: Ctx,
  input: Static<typeof CreatePolicyVersion>,
): Promise<PolicyRow> {
  await assertCreditDepartment(ctx);
  if (!Value.Check(PolicySchema, input.definition)) {
    const problems = [...Value.Errors(PolicySchema, input.definition)]
      .slice(0, 20)
      .map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new DomainError('VALIDATION', `规则集格式有误：${problems[0]}`, { field: 'definition', problems });
  }
  const definition = input.definition as PolicyDefinition;
  const problems = policyProblems(definition);
  if (problems.length) {
    throw new DomainError('VALIDATION', `规则集有误：${problems[0]}`, { field: 'definition', problems });
  }
  const all = await listPolicies(ctx.tx);
  if (all.some((p) => p.code === input.code && p.status === 'draft')) {
    throw new DomainError('CONFLICT', '该准入规则已有未发布的草稿版本');
  }
  const taken = all.filter((p) => p.code !== input.code && p.status === 'published');
  for (const region of input.regions) {
    const other = taken.find((p) => p.regions.includes(region));
    if (other)
      throw new DomainError('CONFLICT', `行政区划${region}已适用准入规则“${other.name}”`, {
        field: 'regions',
      });
  }
  const row = await insertPolicy(ctx.tx, {
    code: input.code,
    version: await nextPolicyVersion(ctx.tx, input.code),
    name: input.name.trim(),
    regions: input.regions,
    definition,
    status: 'draft',
    createdBy: ctx.actor.kind === 'staff' ? ctx.actor.username : null,
    createdAt: ctx.now,
  });
  if (!row) throw new DomainError('CONFLICT', '该准入规则已有未发布的草稿版本');
  await appendAudit(ctx, {
    action: 'credit.policy_draft',
    targetType: 'eligibility_policy',
    targetId: row.id,
    after: { code: row.code, version: row.version, regions: row.regions },
  });
  return row;
}
