import { randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import { and, asc, count, gt, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { type Actor, actorDepartmentId } from '../../domain/access';
import type { Ctx } from '../context';
import type { Db, Executor } from '../db/client';
import { auditLog } from '../db/schema';
import { type DataCrypto, sm3 } from '../security/crypto';
import { type Checkpoint, chainHead, readCheckpoints, writeCheckpoint } from './checkpoint';
import { type AuditKeys, auditKeys } from './keys';

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
type WrittenFields = Pick<
  AuditRow,
  | 'at'
  | 'actorKind'
  | 'actorId'
  | 'actorName'
  | 'departmentId'
  | 'action'
  | 'targetType'
  | 'targetId'
  | 'before'
  | 'after'
  | 'requestId'
>;

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

/**
 * The fields of a row the application writes, as the chain hash and the MAC both cover them (JSON-ready:
 * the instant as ISO text). A field added to the row must be added here, or neither covers it.
 */
const writtenFields = (row: WrittenFields) => ({
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

export function rowHash(row: Omit<AuditRow, 'hash' | 'seq' | 'prevHash' | 'id'> & SealedFields): string {
  const body = canonicalize({ seq: row.seq, ...writtenFields(row) });
  return sm3(`${row.prevHash}\n${body}`);
}

/**
 * What the MAC covers: the row as the application wrote it, with its nonce. Not `id` (a sequence value
 * the batch does not know before the insert): the nonce, under a unique MAC, is what keeps a copied row out.
 */
const macText = (row: WrittenFields, nonce: string): string =>
  canonicalize({ nonce, ...writtenFields(row) })!;

/** Whether the application wrote this row: its MAC matches under the key the database does not hold. */
const macValid = (keys: AuditKeys, row: AuditRow): boolean =>
  !!row.nonce && keys.macMatches(macText(row, row.nonce), row.mac);

/**
 * The rows go into the action's write batch, written in one statement with the action's other rows (with
 * them or not at all). Read-only work has no batch and audits nothing.
 */
export async function appendAudit(ctx: Ctx, entry: AuditEntry): Promise<void> {
  ctx.batch.insert(auditLog, auditValues(ctx.crypto, ctx.actor, ctx.now, ctx.requestId, entry));
}

type AuditInsert = typeof auditLog.$inferInsert;

/**
 * The row as written, with its nonce and MAC: one HMAC-SM3 over a few hundred bytes, a few microseconds
 * on the decision path (the SM2 signature is made only at checkpoints).
 */
export function auditValues(
  crypto: DataCrypto,
  actor: Actor,
  now: Date,
  requestId: string | null,
  entry: AuditEntry,
): AuditInsert {
  const row: WrittenFields = {
    at: now,
    ...actorFields(actor),
    departmentId: actorDepartmentId(actor),
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    before: asJson(entry.before),
    after: asJson(entry.after),
    requestId,
  };
  const nonce = randomUUID();
  return { ...row, nonce, mac: auditKeys(crypto).mac(macText(row, nonce)) };
}

/** Unsealed: no lock and no read of the chain's tail while the caller's transaction is open. */
export async function appendAuditWith(
  tx: Executor,
  crypto: DataCrypto,
  actor: Actor,
  now: Date,
  requestId: string | null,
  entry: AuditEntry,
): Promise<void> {
  await tx.insert(auditLog).values(auditValues(crypto, actor, now, requestId, entry));
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
  return tx
    .select()
    .from(auditLog)
    .where(and(isNull(auditLog.seq), isNull(auditLog.flaggedAt)))
    .orderBy(asc(auditLog.id))
    .limit(SEAL_BATCH);
}

export const FORGED_ROW_ACTION = 'audit.forged_row';

/**
 * The finding recorded for a row that was not written by the application: the row as found, so the
 * evidence stays in the chain even if the row itself is later removed.
 */
function forgedRowFinding(row: AuditRow): AuditEntry {
  const { seq: _s, prevHash: _p, hash: _h, flaggedAt: _f, ...found } = row;
  return {
    action: FORGED_ROW_ACTION,
    targetType: 'audit_log',
    targetId: String(row.id),
    after: {
      reason: row.mac ? 'mac_mismatch' : 'mac_missing',
      message: row.mac
        ? `审计记录（编号${row.id}）的校验码不符：不是由本系统写入，未纳入哈希链`
        : `审计记录（编号${row.id}）没有校验码：不是由本系统写入，未纳入哈希链`,
      row: found,
    },
  };
}

/**
 * Chains every committed unsealed row, in insertion order, after the last sealed one. One sealer at a
 * time (advisory lock); rows of a transaction still open are sealed by a later call. A row whose MAC
 * does not match was not written by the application (an insert by SQL): it is flagged and never chained,
 * and a finding naming it is chained in its place. Returns how many rows it dealt with.
 */
export async function sealAuditLog(db: Db, crypto: DataCrypto): Promise<number> {
  const keys = auditKeys(crypto);
  let total = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      await lockForSealing(tx);
      const found = await unsealedRows(tx);
      if (found.length === 0) return 0;
      const unsealed = found.filter((row) => macValid(keys, row));
      const forged = found.filter((row) => !unsealed.includes(row));
      if (forged.length) {
        const now = new Date();
        await tx
          .update(auditLog)
          .set({ flaggedAt: now })
          .where(
            inArray(
              auditLog.id,
              forged.map((r) => r.id),
            ),
          );
        const findings = await tx
          .insert(auditLog)
          .values(
            forged.map((r) =>
              auditValues(crypto, { kind: 'system', name: '审计日志封链' }, now, null, forgedRowFinding(r)),
            ),
          )
          .returning();
        unsealed.push(...findings);
      }
      const last = await chainHead(tx);
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
      return found.length;
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
export type CheckpointSchedule = {
  /** The append-only file an auditor keeps; null: checkpoints go to the push subscribers only. */
  file: string | null;
  /** At most one checkpoint per this many milliseconds, and only when the chain has grown; 0: none. */
  everyMs: number;
};

export class AuditSealer {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> = Promise.resolve();
  #stopped = false;
  #lastCheckpointAt = 0;
  #lastCheckpointSeq = 0;

  constructor(
    private readonly db: Db,
    private readonly crypto: DataCrypto,
    private readonly onError: (err: unknown) => void,
    private readonly checkpoints: CheckpointSchedule = { file: null, everyMs: 0 },
  ) {}

  start(intervalMs = 200): void {
    this.#stopped = false;
    const next = () => {
      if (this.#stopped) return;
      this.#timer = setTimeout(() => {
        this.#running = this.#run(false).catch(this.onError).finally(next);
      }, intervalMs);
    };
    next();
  }

  /** Seals, then signs the head when a checkpoint is due (or, when stopping, whenever it has moved). */
  async #run(final: boolean): Promise<void> {
    await sealAuditLog(this.db, this.crypto);
    const { everyMs, file } = this.checkpoints;
    if (everyMs <= 0) return;
    if (!final && Date.now() - this.#lastCheckpointAt < everyMs) return;
    this.#lastCheckpointAt = Date.now();
    const written = await writeCheckpoint(this.db, this.crypto, {
      file,
      now: new Date(),
      after: this.#lastCheckpointSeq,
    });
    if (written) this.#lastCheckpointSeq = written.seq;
  }

  /** Lets a run in progress finish, then seals and checkpoints once more, so a clean stop leaves no tail. */
  async stop(): Promise<void> {
    const wasRunning = !this.#stopped && this.#timer !== null;
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
    if (wasRunning) await this.#run(true).catch(this.onError);
  }
}

export type ChainProblem = {
  seq: number;
  problem: 'missing' | 'altered' | 'broken_link' | 'forged' | 'checkpoint_mismatch' | 'truncated';
  message: string;
};
export type ChainFinding = { seq: number; rowId: string | null; message: string };
export type ChainReport = {
  ok: boolean;
  checked: number;
  lastSeq: number;
  firstProblem: ChainProblem | null;
  /** Rows the sealer refused (not written by the application), as recorded in the chain. */
  findings: ChainFinding[];
  /** Rows refused and never chained, still in the table. */
  flaggedRows: number;
  /** The last checkpoint found in the checkpoint file, and what is wrong with the file, if anything. */
  checkpoint: {
    file: string | null;
    count: number;
    last: Pick<Checkpoint, 'seq' | 'hash' | 'at'> | null;
    problems: string[];
  };
  /** The SM2 public key checkpoints are signed with, for an auditor checking them independently. */
  checkpointKey: string;
};

/**
 * Seals what has committed, then walks the whole chain in order and names the first row that was
 * altered, missing, or not written by the application (its MAC), and compares the chain with the signed
 * checkpoints kept outside the database: a row that differs from a checkpoint, or a chain that ends
 * before the last checkpoint (its tail deleted), is reported. Rows sealed before MACs existed (a prefix
 * of the chain with none) are accepted as they are; the checkpoints cover them from the first one on.
 */
export async function verifyAuditChain(
  db: Db,
  crypto: DataCrypto,
  opts: { checkpointFile?: string | null; onProgress?: (checked: number) => void } = {},
): Promise<ChainReport> {
  await sealAuditLog(db, crypto);
  const keys = auditKeys(crypto);
  const file = await readCheckpoints(opts.checkpointFile ?? null, keys);
  const expected = new Map<number, Checkpoint>();
  let lastCheckpoint: Checkpoint | null = null;
  for (const c of file.checkpoints) {
    expected.set(c.seq, c);
    if (!lastCheckpoint || c.seq > lastCheckpoint.seq) lastCheckpoint = c;
  }
  const [flagged] = await db.select({ n: count() }).from(auditLog).where(isNotNull(auditLog.flaggedAt));
  const findings: ChainFinding[] = [];
  const report = (checked: number, lastSeq: number, firstProblem: ChainProblem | null): ChainReport => ({
    ok: !firstProblem && findings.length === 0 && file.problems.length === 0,
    checked,
    lastSeq,
    firstProblem,
    findings: findings.slice(0, 100),
    flaggedRows: Number(flagged?.n ?? 0),
    checkpoint: {
      file: file.file,
      count: file.checkpoints.length,
      last: lastCheckpoint && { seq: lastCheckpoint.seq, hash: lastCheckpoint.hash, at: lastCheckpoint.at },
      problems: file.problems.slice(0, 20),
    },
    checkpointKey: keys.publicKey,
  });

  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let macSeen = false;
  const batch = 5000;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq))
      .limit(batch);
    for (const row of rows) {
      const { seq, prevHash: linked, hash } = row;
      const fail = (problem: ChainProblem['problem'], message: string) =>
        report(checked, expectedSeq - 1, { seq: seq ?? expectedSeq, problem, message });
      if (seq !== expectedSeq) {
        return report(checked, expectedSeq - 1, {
          seq: expectedSeq,
          problem: 'missing',
          message: `第${expectedSeq}条审计记录缺失（被删除）`,
        });
      }
      if (linked !== prevHash) return fail('broken_link', `第${seq}条审计记录的前序哈希与第${seq - 1}条不符`);
      if (rowHash({ ...row, seq, prevHash }) !== hash) return fail('altered', `第${seq}条审计记录内容被篡改`);
      if (macValid(keys, row)) macSeen = true;
      else if (row.mac || macSeen) {
        return fail('forged', `第${seq}条审计记录的校验码不符：不是由本系统写入（由数据库直接插入或改写）`);
      }
      const checkpoint = expected.get(seq);
      if (checkpoint && checkpoint.hash !== hash) {
        return fail(
          'checkpoint_mismatch',
          `第${seq}条审计记录与 ${checkpoint.at} 的检查点不符：该处之前的记录被改写或删除后重新封链`,
        );
      }
      if (row.action === FORGED_ROW_ACTION) {
        const after = row.after as { message?: string } | null;
        findings.push({ seq, rowId: row.targetId, message: after?.message ?? '发现非本系统写入的审计记录' });
      }
      prevHash = hash!;
      expectedSeq++;
      checked++;
    }
    opts.onProgress?.(checked);
    if (rows.length < batch) break;
  }
  const lastSeq = expectedSeq - 1;
  if (lastCheckpoint && lastCheckpoint.seq > lastSeq) {
    return report(checked, lastSeq, {
      seq: lastSeq + 1,
      problem: 'truncated',
      message: `审计日志末尾被截断：${lastCheckpoint.at} 的检查点记录到第${lastCheckpoint.seq}条，数据库中只到第${lastSeq}条`,
    });
  }
  return report(checked, lastSeq, null);
}
