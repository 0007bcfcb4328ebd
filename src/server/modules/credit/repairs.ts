import type { Static } from 'typebox';
import type { CreateRepair, DecideRepair } from '../../../contracts/credit';
import { REPAIR_DECISION_WORKING_DAYS, repairRefusal, requireRepairAllowed } from '../../../domain/credit';
import { DomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { writeOutbox } from '../../outbox/outbox';
import { issueDocument } from '../documents/issue-document';
import { assertCreditDepartment, ownRecord, requesterName } from './access';
import { announceCase, decisionDueOn, tellSubject } from './deadlines';
import { transitionRecord } from './record-history';
import { decideRepairRow, findRecord, insertRepair, listRepairs, type RepairRow } from './repository';

/**
 * A subject asks for its record to be repaired, with evidence that the obligation is met and a
 * credit-repair commitment. Allowed only once the minimum publicity period for the record's severity has
 * passed (and, for a penalty, once it is fulfilled); the credit department must decide within
 * REPAIR_DECISION_WORKING_DAYS working days.
 */
export async function requestRepair(ctx: Ctx, input: Static<typeof CreateRepair>): Promise<RepairRow> {
  const record = await ownRecord(ctx, input.recordId, '只能对本人（本企业）的信用记录申请修复');
  requireRepairAllowed(record, chinaDate(ctx.now));
  const pending = (await listRepairs(ctx.tx, 'pending')).some((r) => r.recordId === record.id);
  if (pending) throw new DomainError('CONFLICT', '该记录已有正在办理的信用修复申请');
  const dueOn = await decisionDueOn(ctx, REPAIR_DECISION_WORKING_DAYS);
  const row = await insertRepair(ctx.tx, {
    recordId: record.id,
    subjectId: record.subjectId,
    evidence: input.evidence.trim(),
    commitment: input.commitment.trim(),
    status: 'pending',
    requestedBy: requesterName(ctx),
    requestedAt: ctx.now,
    dueOn,
  });
  if (!row) throw new DomainError('CONFLICT', '该记录已有正在办理的信用修复申请');
  await appendAudit(ctx, {
    action: 'credit.repair_request',
    targetType: 'credit_repair_request',
    targetId: row.id,
    after: { recordId: record.id, dueOn },
  });
  await announceCase(ctx, { type: 'repair', id: row.id }, dueOn, record.subjectId);
  return row;
}

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
