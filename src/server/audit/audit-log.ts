import canonicalize from 'canonicalize';
import { asc, desc, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import { type Actor, actorDepartmentId } from '../../domain/access';
import type { Ctx } from '../context';
import type { Db, Executor } from '../db/client';
import { auditLog } from '../db/schema';
import { sm3 } from '../security/crypto';

export const GENESIS_HASH = '0'.repeat(64);
// Serialises sealers, so each sealed row links to the one before.
const AUDIT_LOCK_KEY = 7_262_001;

export type AuditEntry = {
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
};

type AuditRow = typeof auditLog.$inferSelect;
type SealedFields = { seq: number; prevHash: string };

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

function rowHash(row: Omit<AuditRow, 'hash' | 'seq' | 'prevHash' | 'id'> & SealedFields): string {
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

/**
 * In an action the rows go into its write batch, written in one statement with the action's other rows
 * (with them or not at all); in read-only work at once.
 */
export async function appendAudit(ctx: Ctx, entry: AuditEntry): Promise<void> {
  if (!ctx.batch.accepts) {
    await appendAuditWith(ctx.tx, ctx.actor, ctx.now, ctx.requestId, entry);
    return;
  }
  ctx.batch.insert(auditLog, auditValues(ctx.actor, ctx.now, ctx.requestId, entry));
}

type AuditInsert = typeof auditLog.$inferInsert;

const auditValues = (actor: Actor, now: Date, requestId: string | null, entry: AuditEntry): AuditInsert => ({
  at: now,
  ...actorFields(actor),
  departmentId: actorDepartmentId(actor),
  action: entry.action,
  targetType: entry.targetType,
  targetId: entry.targetId ?? null,
  before: asJson(entry.before),
  after: asJson(entry.after),
  requestId,
});

/** Unsealed: no lock and no read of the chain's tail while the caller's transaction is open. */
export async function appendAuditWith(
  tx: Executor,
  actor: Actor,
  now: Date,
  requestId: string | null,
  entry: AuditEntry,
): Promise<void> {
  await tx.insert(auditLog).values(auditValues(actor, now, requestId, entry));
}

const SEAL_BATCH = 1000;

/**
 * One sealer at a time (advisory lock), reading unsealed rows through an index. Every row is updated once when sealed, so both indexes that cover `seq is null` keep an entry for each row
 * sealed since the last vacuum. A plain index scan marks those entries dead as it passes them and skips
 * them from then on. A bitmap scan, which the planner prefers once the table is large, never does: it read
 * every row sealed since the last vacuum again, every second (30 ms at 90,000 rows, growing with the
 * table). So bitmap scans are off in the sealer's own transaction.
 */
export async function lockForSealing(tx: Executor): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY}), set_config('enable_bitmapscan', 'off', true)`,
  );
}

export function unsealedRows(tx: Executor) {
  return tx.select().from(auditLog).where(isNull(auditLog.seq)).orderBy(asc(auditLog.id)).limit(SEAL_BATCH);
}

/**
 * Chains every committed unsealed row, in insertion order, after the last sealed one. One sealer at a
 * time (advisory lock); rows of a transaction still open are sealed by a later call. Returns how many.
 */
export async function sealAuditLog(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      await lockForSealing(tx);
      const unsealed = await unsealedRows(tx);
      if (unsealed.length === 0) return 0;
      const [last] = await tx
        .select({ seq: auditLog.seq, hash: auditLog.hash })
        .from(auditLog)
        .where(isNotNull(auditLog.seq))
        .orderBy(desc(auditLog.seq))
        .limit(1);
      let seq = last?.seq ?? 0;
      let prevHash = last?.hash ?? GENESIS_HASH;
      const sealed = unsealed.map((row) => {
        seq++;
        const hash = rowHash({ ...row, seq, prevHash });
        const values = sql`(${row.id}::bigint, ${seq}::bigint, ${prevHash}, ${hash})`;
        prevHash = hash;
        return values;
      });
      await tx.execute(
        sql`update audit_log a set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
            from (values ${sql.join(sealed, sql`, `)}) as v(id, seq, prev_hash, hash)
            where a.id = v.id`,
      );
      return unsealed.length;
    });
    total += n;
    if (n < SEAL_BATCH) return total;
  }
}

/**
 * Seals in the background where job workers run. Hashing a row costs about a quarter of a millisecond
 * here, all of it on the event loop that also serves requests, so it seals often and little at a time:
 * once a second, 150 decisions/s left a 75 ms run that held up every request of that process. The next
 * run is timed from the end of the last, so a slow one never queues more behind it.
 */
export class AuditSealer {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> = Promise.resolve();
  #stopped = false;

  constructor(
    private readonly db: Db,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(intervalMs = 200): void {
    this.#stopped = false;
    const next = () => {
      if (this.#stopped) return;
      this.#timer = setTimeout(() => {
        this.#running = sealAuditLog(this.db).catch(this.onError).finally(next);
      }, intervalMs);
    };
    next();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
  }
}

export type ChainProblem = { seq: number; problem: 'missing' | 'altered' | 'broken_link'; message: string };
export type ChainReport = {
  ok: boolean;
  checked: number;
  lastSeq: number;
  firstProblem: ChainProblem | null;
};

/**
 * Seals what has committed, then walks the whole chain in order and names the first row that was
 * altered, or the first one missing.
 */
export async function verifyAuditChain(db: Db, onProgress?: (checked: number) => void): Promise<ChainReport> {
  await sealAuditLog(db);
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
    for (const { seq, prevHash: linked, hash, ...row } of rows) {
      if (seq !== expectedSeq) {
        return fail(checked, expectedSeq - 1, {
          seq: expectedSeq,
          problem: 'missing',
          message: `第${expectedSeq}条审计记录缺失（被删除）`,
        });
      }
      if (linked !== prevHash) {
        return fail(checked, expectedSeq - 1, {
          seq,
          problem: 'broken_link',
          message: `第${seq}条审计记录的前序哈希与第${seq - 1}条不符`,
        });
      }
      if (rowHash({ ...row, seq, prevHash }) !== hash) {
        return fail(checked, expectedSeq - 1, {
          seq,
          problem: 'altered',
          message: `第${seq}条审计记录内容被篡改`,
        });
      }
      prevHash = hash;
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
