import canonicalize from 'canonicalize';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { sm3 } from '../../security/crypto';
import { applyInboundResult } from '../verification/inbound';
import { presentInbound } from './present';
import { findInbound, type InboundRow, insertInbound } from './repository';

export type InboundInput = {
  senderKey: string;
  commitmentCode?: string;
  taskId?: string;
  outcome: InboundRow['outcome'];
  verifiedOn: string;
  findings: string;
};

/**
 * A verification result sent back by a supervising system. Idempotent on the sender's key per
 * department: the same key with the same content answers the stored row; with other content it is a
 * conflict, since silently keeping either version would lose the other.
 */
export async function receiveResult(
  ctx: Ctx,
  input: InboundInput,
): Promise<ReturnType<typeof presentInbound>> {
  if (ctx.actor.kind !== 'token')
    throw new DomainError('FORBIDDEN', '核查结果只接受其他部门系统以接口令牌提交');
  if (!input.commitmentCode && !input.taskId) {
    throw new DomainError('VALIDATION', '承诺编码和核查任务编号至少填写一项');
  }
  const bodyHash = sm3(canonicalize(input)!);
  const existing = await findInbound(ctx.tx, ctx.actor.departmentId, input.senderKey);
  if (existing) return sameOrConflict(existing, bodyHash);
  const row = await insertInbound(ctx.tx, {
    tokenId: ctx.actor.tokenId,
    departmentId: ctx.actor.departmentId,
    senderKey: input.senderKey,
    bodyHash,
    commitmentCode: input.commitmentCode ?? null,
    taskId: input.taskId ?? null,
    outcome: input.outcome,
    verifiedOn: input.verifiedOn,
    findings: input.findings,
    payload: input,
    status: 'received',
    receivedAt: ctx.now,
  });
  if (!row) {
    // A concurrent request with the same key won the insert.
    const winner = await findInbound(ctx.tx, ctx.actor.departmentId, input.senderKey);
    return sameOrConflict(winner!, bodyHash);
  }
  await appendAudit(ctx, {
    action: 'push_result.receive',
    targetType: 'push_inbound_result',
    targetId: row.id,
    after: {
      senderKey: row.senderKey,
      commitmentCode: row.commitmentCode,
      taskId: row.taskId,
      outcome: row.outcome,
      verifiedOn: row.verifiedOn,
    },
  });
  const status = await applyInboundResult(ctx, row);
  return presentInbound({ ...row, status }, false);
}

function sameOrConflict(existing: InboundRow, bodyHash: string) {
  if (existing.bodyHash !== bodyHash) {
    throw new DomainError('CONFLICT', '该幂等键已用于内容不同的核查结果，请使用新的幂等键', {
      senderKey: existing.senderKey,
    });
  }
  return presentInbound(existing, true);
}
