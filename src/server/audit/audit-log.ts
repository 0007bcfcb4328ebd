import canonicalize from 'canonicalize';
import { asc, desc, gt, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { type Actor, actorDepartmentId } from '../../domain/access';
import type { Ctx } from '../context';
import type { Executor } from '../db/client';
import { auditLog } from '../db/schema';
import { sm3 } from '../security/crypto';

export const GENESIS_HASH = '0'.repeat(64);
// Serialises appends so each row links to the one before; taken last in a transaction to keep it short.
const AUDIT_LOCK_KEY = 7_262_001;

export type AuditEntry = {
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
};

type AuditRow = typeof auditLog.$inferSelect;

const actorFields = (actor: Actor) => {
  switch (actor.kind) {
    case 'staff':
    case 'applicant':
      return { actorKind: actor.kind, actorId: actor.userId, actorName: actor.username };
    case 'token':
      return { actorKind: 'token', actorId: actor.tokenId, actorName: actor.name };
    case 'system':
      return { actorKind: 'system', actorId: null, actorName: actor.name };
  }
};

/** JSON as stored in jsonb: dates become strings, undefined disappears. */
const asJson = (v: unknown): unknown => (v === undefined ? null : JSON.parse(JSON.stringify(v)));

function rowHash(row: Omit<AuditRow, 'hash'>): string {
  const body = canonicalize({
    seq: row.seq,
    at: row.at.toISOString(),
    actorKind: row.actorKind,
    actorId: row.actorId,
    actorName: row.actorName,
    departmentId: row.departmentId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    before: row.before,
    after: row.after,
    requestId: row.requestId,
  });
  return sm3(`${row.prevHash}\n${body}`);
}

export async function appendAudit(ctx: Ctx, entry: AuditEntry): Promise<void> {
  await appendAuditWith(ctx.tx, ctx.actor, ctx.now, ctx.requestId, entry);
}

export async function appendAuditWith(
  tx: Executor,
  actor: Actor,
  now: Date,
  requestId: string | null,
  entry: AuditEntry,
): Promise<void> {
  // The lock is held until the transaction ends, so after the first row the chain's tail is this
  // transaction's own last row: later rows skip the lock and the read.
  let last = tx instanceof PgTransaction ? chainTail.get(tx) : undefined;
  if (!last) {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
    [last] = await tx
      .select({ seq: auditLog.seq, hash: auditLog.hash })
      .from(auditLog)
      .orderBy(desc(auditLog.seq))
      .limit(1);
  }
  const row = {
    seq: (last?.seq ?? 0) + 1,
    at: now,
    ...actorFields(actor),
    departmentId: actorDepartmentId(actor),
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    before: asJson(entry.before),
    after: asJson(entry.after),
    requestId,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = rowHash(row);
  await tx.insert(auditLog).values({ ...row, hash });
  if (tx instanceof PgTransaction) chainTail.set(tx, { seq: row.seq, hash });
}

/** Per open transaction: the last audit row it wrote. Dropped with the transaction object. */
const chainTail = new WeakMap<Executor, { seq: number; hash: string }>();

export type ChainProblem = { seq: number; problem: 'missing' | 'altered' | 'broken_link'; message: string };
export type ChainReport = {
  ok: boolean;
  checked: number;
  lastSeq: number;
  firstProblem: ChainProblem | null;
};

/** Walks the whole chain in order and names the first row that was altered, or the first one missing. */
export async function verifyAuditChain(
  db: Executor,
  onProgress?: (checked: number) => void,
): Promise<ChainReport> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  const batch = 5000;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq))
      .limit(batch);
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return fail(checked, expectedSeq - 1, {
          seq: expectedSeq,
          problem: 'missing',
          message: `第${expectedSeq}条审计记录缺失（被删除）`,
        });
      }
      if (row.prevHash !== prevHash) {
        return fail(checked, expectedSeq - 1, {
          seq: row.seq,
          problem: 'broken_link',
          message: `第${row.seq}条审计记录的前序哈希与第${row.seq - 1}条不符`,
        });
      }
      if (rowHash(row) !== row.hash) {
        return fail(checked, expectedSeq - 1, {
          seq: row.seq,
          problem: 'altered',
          message: `第${row.seq}条审计记录内容被篡改`,
        });
      }
      prevHash = row.hash;
      expectedSeq++;
      checked++;
    }
    onProgress?.(checked);
    if (rows.length < batch) break;
  }
  return { ok: true, checked, lastSeq: expectedSeq - 1, firstProblem: null };
}

const fail = (checked: number, lastSeq: number, firstProblem: ChainProblem): ChainReport => ({
  ok: false,
  checked,
  lastSeq,
  firstProblem,
});
