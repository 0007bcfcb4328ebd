import type { Static } from 'typebox';
import type { CreateRepair } from '../../../contracts/credit';
import { REPAIR_DECISION_WORKING_DAYS, requireRepairAllowed } from '../../../domain/credit';
import { DomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { ownRecord, requesterName } from './access';
import { announceCase, decisionDueOn } from './deadlines';
import { insertRepair, listRepairs, type RepairRow } from './repository';

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
