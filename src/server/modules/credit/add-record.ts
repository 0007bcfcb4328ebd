import { isPositiveKind, publicityEnd } from '../../../domain/credit';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import type { creditRecord } from '../../db/schema';
import { writeOutbox } from '../../outbox/outbox';
import { recordFacts } from './present';
import { startRecordHistory } from './record-history';
import { insertRecord, type RecordRow, type SubjectRow } from './repository';
import { subjectCode } from './subjects';

/**
 * A new record and what every new record entails, in the action's transaction: its first history step,
 * its audit row (`audit` adds what the way it came about has to say), and its push to the credit platform.
 */
export async function addRecord(
  ctx: Ctx,
  subject: SubjectRow,
  values: typeof creditRecord.$inferInsert,
  audit: Record<string, unknown>,
  comment?: string,
): Promise<RecordRow> {
  const row = await insertRecord(ctx.tx, values);
  await startRecordHistory(ctx.tx, ctx.actor, row, comment);
  await appendAudit(ctx, {
    action: 'credit.record_create',
    targetType: 'credit_record',
    targetId: row.id,
    after: { subjectId: subject.id, kind: row.kind, severity: row.severity, ...audit },
  });
  pushNewRecord(ctx, row, subject);
  return row;
}

/** Pushes a new record to the credit platform (承诺履约情况推送), in the transaction that wrote it. */
function pushNewRecord(ctx: Ctx, r: RecordRow, subject: SubjectRow): void {
  writeOutbox(ctx, {
    topic: 'credit_record',
    aggregateType: 'credit_record',
    aggregateId: r.id,
    departmentIds: [r.departmentId],
    payload: recordPayload(ctx, r, subject),
  });
}

/** What the credit platform receives for each new record. */
const recordPayload = (ctx: Ctx, r: RecordRow, subject: SubjectRow) => ({
  recordId: r.id,
  subjectKind: subject.kind,
  subjectName: subject.name,
  subjectCode: subjectCode(subject, ctx.crypto, true),
  ...recordFacts(r),
  published: r.published,
  publicityEnd: isPositiveKind(r.kind) ? null : publicityEnd(r.severity, r.decidedOn),
  applicationId: r.applicationId,
  at: ctx.now.toISOString(),
});
