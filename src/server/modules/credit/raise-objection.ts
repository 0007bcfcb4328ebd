import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import type { CreateObjection } from '../../../contracts/credit';
import { isPositiveKind, OBJECTION_DECISION_WORKING_DAYS } from '../../../domain/credit';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { ownRecord, requesterName } from './access';
import { announceCase, decisionDueOn } from './deadlines';
import { recordStateFacts } from './present';
import { transitionRecord } from './record-history';
import { insertObjection, type ObjectionRow } from './repository';

/** A subject disputes a record: it is marked 异议处理中 until the credit department decides. */
export async function raiseObjection(ctx: Ctx, input: Static<typeof CreateObjection>): Promise<ObjectionRow> {
  const record = await ownRecord(ctx, input.recordId, '只能对本人（本企业）的信用记录提出异议');
  if (isPositiveKind(record.kind)) throw new DomainError('PRECONDITION_FAILED', '守信激励类记录无需提出异议');
  const dueOn = await decisionDueOn(ctx, OBJECTION_DECISION_WORKING_DAYS);
  const objectionId = randomUUID();
  // Marks the record 异议处理中; a second objection, or one on a repaired or removed record, is refused here.
  const marked = await transitionRecord(ctx, record, 'object', {
    ref: { type: 'credit_objection', id: objectionId },
    comment: input.reason.trim(),
  });
  const row = await insertObjection(ctx.tx, {
    id: objectionId,
    recordId: record.id,
    subjectId: record.subjectId,
    reason: input.reason.trim(),
    evidence: input.evidence?.trim() || null,
    status: 'pending',
    raisedBy: requesterName(ctx),
    raisedAt: ctx.now,
    dueOn,
  });
  await appendAudit(ctx, {
    action: 'credit.objection_raise',
    targetType: 'credit_objection',
    targetId: row.id,
    before: recordStateFacts(record),
    after: { ...recordStateFacts(marked), dueOn },
  });
  await announceCase(ctx, { type: 'objection', id: row.id }, dueOn, record.subjectId);
  return row;
}
