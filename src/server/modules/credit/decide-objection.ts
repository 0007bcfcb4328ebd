import type { Static } from 'typebox';
import type { DecideObjection } from '../../../contracts/credit';
import { publicityMonths } from '../../../domain/credit';
import { DomainError } from '../../../domain/errors';
import { publicTextProblem } from '../../../domain/personal-data';
import { parseDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { writeOutbox } from '../../outbox/outbox';
import { assertCreditDepartment, requesterName } from './access';
import { tellSubject } from './deadlines';
import { recordStateFacts } from './present';
import { transitionRecord } from './record-history';
import { decideObjectionRow, findRecord, type ObjectionRow } from './repository';

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
    before: recordStateFacts(record),
    after: recordStateFacts(after),
  });
  if (!decided) throw new DomainError('CONFLICT', '该异议已被他人办结');
  if (input.outcome !== 'upheld') {
    writeOutbox(ctx, {
      topic: 'credit_record',
      aggregateType: 'credit_record',
      aggregateId: record.id,
      idempotencyKey: `credit_record:${record.id}:objection:${id}`,
      departmentIds: [record.departmentId],
      payload: {
        recordId: record.id,
        objection: input.outcome,
        ...recordStateFacts(after),
        at: ctx.now.toISOString(),
      },
    });
  }
  await appendAudit(ctx, {
    action: `credit.objection_${input.outcome}`,
    targetType: 'credit_objection',
    targetId: id,
    before: recordStateFacts(record),
    after: { ...recordStateFacts(after), note: decided.note },
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
