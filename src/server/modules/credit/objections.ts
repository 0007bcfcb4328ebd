import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import type { CreateObjection, DecideObjection } from '../../../contracts/credit';
import { isPositiveKind, OBJECTION_DECISION_WORKING_DAYS, publicityMonths } from '../../../domain/credit';
import { DomainError } from '../../../domain/errors';
import { publicTextProblem } from '../../../domain/personal-data';
import { parseDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { writeOutbox } from '../../outbox/outbox';
import { assertCreditDepartment, ownRecord, requesterName } from './access';
import { announceCase, decisionDueOn, tellSubject } from './deadlines';
import { transitionRecord } from './record-history';
import {
  decideObjectionRow,
  findRecord,
  insertObjection,
  type ObjectionRow,
  type RecordRow,
} from './repository';

const facts = (r: RecordRow) => ({
  severity: r.severity,
  summary: r.summary,
  penaltyFulfilled: r.penaltyFulfilled,
  decidedOn: r.decidedOn,
  status: r.status,
  underObjection: r.underObjection,
});

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
    before: facts(record),
    after: { ...facts(marked), dueOn },
  });
  await announceCase(ctx, { type: 'objection', id: row.id }, dueOn, record.subjectId);
  return row;
}

/**
 * Corrected (the record's facts change as stated), removed (the record was wrong and no longer exists
 * for any purpose) or upheld; in each case the objection mark is lifted.
 */
export async function decideObjection(
  ctx: Ctx,
  id: string,
  input: Static<typeof DecideObjection>,
): Promise<ObjectionRow> {
  await assertCreditDepartment(ctx);
  if (input.outcome === 'corrected' && !input.correction) {
    throw new DomainError('VALIDATION', '更正时须写明更正的内容', { field: 'correction' });
  }
  if (input.outcome !== 'corrected' && input.correction) {
    throw new DomainError('VALIDATION', '只有“更正”需要填写更正内容', { field: 'correction' });
  }
  const c = input.correction ?? {};
  if (c.decidedOn) parseDate(c.decidedOn);
  const personal = publicTextProblem('更正后的事由', c.summary);
  if (personal) throw new DomainError('VALIDATION', personal, { field: 'correction.summary' });
  // A no-op update of a pending row: locks it, so two officers deciding at once are serialised here.
  const pending = await decideObjectionRow(ctx.tx, id, { status: 'pending' });
  if (!pending) throw new DomainError('CONFLICT', '该异议不存在或已办结');
  const record = (await findRecord(ctx.tx, pending.recordId))!;
  if (c.penaltyFulfilled !== undefined && record.kind !== 'administrative_penalty') {
    throw new DomainError('VALIDATION', '只有行政处罚记录可以更正履行情况', {
      field: 'correction.penaltyFulfilled',
    });
  }
  const set =
    input.outcome === 'removed'
      ? { published: false }
      : input.outcome === 'corrected'
        ? {
            // A corrected severity brings its own publication rule (轻微 not published by default).
            ...(c.severity
              ? { severity: c.severity, published: publicityMonths[c.severity].publishedByDefault }
              : {}),
            ...(c.summary ? { summary: c.summary } : {}),
            ...(c.penaltyFulfilled !== undefined ? { penaltyFulfilled: c.penaltyFulfilled } : {}),
            ...(c.decidedOn ? { decidedOn: c.decidedOn } : {}),
          }
        : {};
  const event = ({ removed: 'remove', corrected: 'correct', upheld: 'uphold' } as const)[input.outcome];
  const after = await transitionRecord(ctx, record, event, {
    set,
    ref: { type: 'credit_objection', id },
    comment: input.note.trim(),
  });
  const decided = await decideObjectionRow(ctx.tx, id, {
    status: input.outcome,
    decidedAt: ctx.now,
    decidedBy: requesterName(ctx),
    note: input.note.trim(),
    before: facts(record),
    after: facts(after),
  });
  if (!decided) throw new DomainError('CONFLICT', '该异议已被他人办结');
  if (input.outcome !== 'upheld') {
    writeOutbox(ctx, {
      topic: 'credit_record',
      aggregateType: 'credit_record',
      aggregateId: record.id,
      idempotencyKey: `credit_record:${record.id}:objection:${id}`,
      departmentIds: [record.departmentId],
      payload: { recordId: record.id, objection: input.outcome, ...facts(after), at: ctx.now.toISOString() },
    });
  }
  await appendAudit(ctx, {
    action: `credit.objection_${input.outcome}`,
    targetType: 'credit_objection',
    targetId: id,
    before: facts(record),
    after: { ...facts(after), note: decided.note },
  });
  const outcomeWords = { corrected: '已更正', removed: '已删除该记录', upheld: '维持原记录' } as const;
  await tellSubject(
    ctx,
    decided.subjectId,
    `异议处理结果：${outcomeWords[input.outcome]}`,
    `您对信用记录（${record.authority}，${record.decidedOn}）提出的异议已办结：${outcomeWords[input.outcome]}。${decided.note ?? ''}`,
    { type: 'objection', id },
  );
  return decided;
}
