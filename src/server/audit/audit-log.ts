import { randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import { type Actor, actorDepartmentId } from '../../domain/access';
import type { Ctx } from '../context';
import type { Db, Executor } from '../db/client';
import { insertRows } from '../db/rows';
import { auditLog } from '../db/schema';
import { type DataCrypto, sm3 } from '../security/crypto';
import { type Checkpoint, readCheckpoints, writeCheckpoint } from './checkpoint';
import { type AuditKeys, auditKeys } from './keys';
import {
  type AuditInsert,
  type AuditRow,
  chainHead,
  chainRowsFrom,
  countFlaggedRows,
  flagRows,
  insertAuditRowsReturning,
  lockForSealing,
  sealRows,
  unsealedRows,
} from './repository';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditEntry = {
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
};

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
  await insertRows(tx, auditLog, auditValues(crypto, actor, now, requestId, entry));
}

const SEAL_BATCH = 1000;

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
      const found = await unsealedRows(tx, SEAL_BATCH);
      if (found.length === 0) return 0;
      const unsealed = found.filter((row) => macValid(keys, row));
      const forged = found.filter((row) => !unsealed.includes(row));
      if (forged.length) {
        const now = new Date();
        await flagRows(
          tx,
          forged.map((r) => r.id),
          now,
        );
        const findings = await insertAuditRowsReturning(
          tx,
          forged.map((r) =>
            auditValues(crypto, { kind: 'system', name: '审计日志封链' }, now, null, forgedRowFinding(r)),
          ),
        );
        unsealed.push(...findings);
      }
      const last = await chainHead(tx);
      let seq = last?.seq ?? 0;
      let prevHash = last?.hash ?? GENESIS_HASH;
      const sealed = unsealed.map((row) => {
        seq++;
        const hash = rowHash({ ...row, seq, prevHash });
        const seal = { id: row.id, seq, prevHash, hash };
        prevHash = hash;
        return seal;
      });
      await sealRows(tx, sealed);
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
  const flaggedRows = await countFlaggedRows(db);
  const findings: ChainFinding[] = [];
  const report = (checked: number, lastSeq: number, firstProblem: ChainProblem | null): ChainReport => ({
    ok: !firstProblem && findings.length === 0 && file.problems.length === 0,
    checked,
    lastSeq,
    firstProblem,
    findings: findings.slice(0, 100),
    flaggedRows,
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
    const rows = await chainRowsFrom(db, expectedSeq, batch);
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
