import type { Static } from 'typebox';
import type { DecideRepair } from '../../../contracts/credit';
import { repairRefusal } from '../../../domain/credit';
import { DomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { writeOutbox } from '../../outbox/outbox';
import { issueDocument } from '../documents/issue-document';
import { assertCreditDepartment, requesterName } from './access';
import { tellSubject } from './deadlines';
import { transitionRecord } from './record-history';
import { decideRepairRow, findRecord, type RepairRow } from './repository';

/**
 * The credit department decides. Approved: the record stops being published and no longer counts, from
 * the next credit check on (checks already made keep what they found).
 */
export async function decideRepair(
  ctx: Ctx,
  id: string,
  input: Static<typeof DecideRepair>,
): Promise<RepairRow> {
  await assertCreditDepartment(ctx);
  const decided = await decideRepairRow(ctx.tx, id, {
    status: input.approve ? 'approved' : 'rejected',
    decidedAt: ctx.now,
    decidedBy: requesterName(ctx),
    note: input.note.trim(),
  });
  if (!decided) throw new DomainError('CONFLICT', '该信用修复申请不存在或已办结');
  const record = (await findRecord(ctx.tx, decided.recordId))!;
  if (input.approve) {
    const why = repairRefusal(record, chinaDate(ctx.now));
    if (why) throw new DomainError('PRECONDITION_FAILED', why);
    await transitionRecord(ctx, record, 'repair', {
      set: { published: false },
      ref: { type: 'credit_repair_request', id },
      comment: decided.note,
    });
    writeOutbox(ctx, {
      topic: 'credit_record',
      aggregateType: 'credit_record',
      aggregateId: record.id,
      idempotencyKey: `credit_record:${record.id}:repaired`,
      departmentIds: [record.departmentId],
      payload: { recordId: record.id, status: 'repaired', repairedAt: ctx.now.toISOString() },
    });
  }
  await appendAudit(ctx, {
    action: input.approve ? 'credit.repair_approve' : 'credit.repair_reject',
    targetType: 'credit_repair_request',
    targetId: id,
    before: { status: 'pending', recordStatus: record.status },
    after: {
      status: decided.status,
      recordStatus: input.approve ? 'repaired' : record.status,
      note: decided.note,
    },
  });
  if (ctx.actor.kind === 'staff') {
    issueDocument(ctx, {
      kind: 'repair',
      departmentId: ctx.actor.departmentId,
      repairRequestId: decided.id,
      facts: { approved: input.approve, note: decided.note },
    });
  }
  await tellSubject(
    ctx,
    decided.subjectId,
    input.approve ? '信用修复申请已通过' : '信用修复申请未通过',
    input.approve
      ? `您的信用记录（${record.authority}，${record.decidedOn}）已完成信用修复，不再公示，下次信用核查起不再影响告知承诺办理。`
      : `您的信用修复申请未通过：${decided.note ?? ''}`,
    { type: 'repair', id },
  );
  return decided;
}
