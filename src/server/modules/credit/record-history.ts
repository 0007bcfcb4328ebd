import type { CreditRecordEvent } from '../../../contracts/credit';
import type { Actor } from '../../../domain/access';
import { decideCreditRecordTransition } from '../../../domain/credit-record-lifecycle';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import type { Executor } from '../../db/client';
import { insertRecordEvent, type RecordRow, updateRecord } from './repository';

const actorRef = (a: Actor): { actorId: string | null; actorName: string | null } => {
  switch (a.kind) {
    case 'staff':
    case 'applicant':
      return { actorId: a.userId, actorName: a.username };
    case 'token':
      return { actorId: a.tokenId, actorName: a.name };
    case 'system':
      return { actorId: null, actorName: a.name };
  }
};

/** The first step of a record's history, written with the record (the action audits the creation). */
export async function startRecordHistory(
  db: Executor,
  actor: Actor,
  record: RecordRow,
  comment: string | null = null,
): Promise<void> {
  await insertRecordEvent(db, {
    recordId: record.id,
    event: 'create',
    fromStatus: null,
    toStatus: record.status,
    underObjection: record.underObjection,
    ...actorRef(actor),
    comment,
    at: record.createdAt,
  });
}

type Change = {
  /** Facts that change with the step (a corrected summary, publication). */
  set?: Partial<Pick<RecordRow, 'severity' | 'summary' | 'penaltyFulfilled' | 'decidedOn' | 'published'>>;
  /** The repair request or objection that caused the step. */
  ref?: { type: 'credit_repair_request' | 'credit_objection'; id: string };
  comment?: string | null;
};

/**
 * Moves a record one step along its lifecycle (domain/credit-record-lifecycle.ts): the table says whether
 * the step is allowed (refused in Chinese otherwise), the row changes compare-and-set on the state the
 * caller read, and the step is written to the history and the audit log in the same transaction.
 */
export async function transitionRecord(
  ctx: Ctx,
  record: RecordRow,
  event: Exclude<CreditRecordEvent, 'create'>,
  change: Change = {},
): Promise<RecordRow> {
  const t = decideCreditRecordTransition(record.status, event, { underObjection: record.underObjection });
  if (!t.ok) throw new DomainError(t.code, t.message, { recordId: record.id, event });
  const after = await updateRecord(
    ctx.tx,
    record.id,
    { status: record.status, underObjection: record.underObjection },
    { ...change.set, status: t.to, underObjection: t.underObjection, updatedAt: ctx.now },
  );
  if (!after) throw new DomainError('CONFLICT', '信用记录已被他人修改，请刷新后重试');
  await insertRecordEvent(ctx.tx, {
    recordId: record.id,
    event,
    fromStatus: record.status,
    toStatus: t.to,
    underObjection: t.underObjection,
    refType: change.ref?.type ?? null,
    refId: change.ref?.id ?? null,
    ...actorRef(ctx.actor),
    comment: change.comment ?? null,
    at: ctx.now,
  });
  await appendAudit(ctx, {
    action: `credit.record_${event}`,
    targetType: 'credit_record',
    targetId: record.id,
    before: { status: record.status, underObjection: record.underObjection },
    after: { status: t.to, underObjection: t.underObjection, ...change.set, ref: change.ref ?? null },
  });
  return after;
}
