import { publicityMonths } from '../../../domain/credit';
import { DomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import type { Ctx } from '../../context';
import { cachedDepartment } from '../accounts/department-cache';
import { addRecord } from './add-record';
import type { BreachInput, BreachResult } from './port';
import { findPolicy, findRecordByEventKey } from './repository';
import { findOrCreateSubject } from './subjects';

/**
 * A breach found after approval (a false or broken commitment, materials never supplied after 催告)
 * becomes the records the case's policy version dictates — e.g. 虚假承诺 and, in 扎兰屯, a blacklist
 * entry — each audited and pushed through the outbox. Repeating the same event on the same application
 * adds nothing.
 */
export async function recordBreach(ctx: Ctx, input: BreachInput): Promise<BreachResult> {
  const policy = await findPolicy(ctx.tx, input.policyVersionId);
  if (!policy)
    throw new DomainError('NOT_FOUND', '准入规则版本不存在', { policyVersionId: input.policyVersionId });
  const subject = await findOrCreateSubject(ctx, input.subject);
  const authority = await departmentName(ctx, input.decidingDepartmentId);
  const consequences = policy.definition.breach[input.event];
  const out: BreachResult['records'] = [];
  for (const [i, c] of consequences.entries()) {
    const eventKey = input.applicationId ? `${input.applicationId}:${input.event}:${i}` : null;
    const existing = eventKey ? await findRecordByEventKey(ctx.tx, eventKey) : undefined;
    if (existing) {
      out.push({ id: existing.id, kind: existing.kind, severity: existing.severity });
      continue;
    }
    const severity = c.severity === 'by_impact' ? (input.impact ?? 'general') : c.severity;
    const row = await addRecord(
      ctx,
      subject.row,
      {
        subjectId: subject.row.id,
        kind: c.kind,
        severity,
        authority,
        decidedOn: chinaDate(ctx.now),
        summary: `${c.summary}。${input.reason}`,
        penaltyFulfilled: null,
        source: 'local',
        sourceRef: input.applicationId ? `申请 ${input.applicationId}` : null,
        published: publicityMonths[severity].publishedByDefault,
        validUntil: null,
        status: 'active',
        eventKey,
        applicationId: input.applicationId ?? null,
        createdBy:
          ctx.actor.kind === 'system' ? ctx.actor.name : 'username' in ctx.actor ? ctx.actor.username : null,
        departmentId: input.decidingDepartmentId,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      },
      {
        event: input.event,
        policy: `${policy.code}@${policy.version}`,
        applicationId: input.applicationId ?? null,
      },
      input.reason,
    );
    out.push({ id: row.id, kind: row.kind, severity: row.severity });
  }
  return { records: out };
}

async function departmentName(ctx: Ctx, id: string): Promise<string> {
  const name = (await cachedDepartment(ctx, id))?.name;
  if (!name) throw new DomainError('NOT_FOUND', '作出认定的部门不存在', { decidingDepartmentId: id });
  return name;
}
