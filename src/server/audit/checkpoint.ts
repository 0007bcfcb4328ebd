import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Db } from '../db/client';
import { WriteBatch } from '../db/write-batch';
import { writeOutbox } from '../outbox/outbox';
import type { DataCrypto } from '../security/crypto';
import { type AuditKeys, auditKeys } from './keys';
import { chainHead } from './repository';

/** A signed chain head: `seq` and its `hash` as they stood at `at`. One JSON line in the checkpoint file. */
export type Checkpoint = {
  seq: number;
  hash: string;
  at: string;
  publicKey: string;
  signature: string;
  algorithm: 'SM2-with-SM3';
};

/** The exact text signed, so an auditor can check a checkpoint with any SM2 implementation. */
export const checkpointText = (c: Pick<Checkpoint, 'seq' | 'hash' | 'at'>): string =>
  `xyp-audit-checkpoint|${c.seq}|${c.hash}|${c.at}`;

/**
 * Signs the chain's head and sends it out of the database: a line appended to the checkpoint file (the
 * file an auditor keeps, AUDIT_CHECKPOINT_FILE) and a message to the push subscribers of
 * `audit_checkpoint` (the credit platform). Nothing when the chain is empty or its head is not past
 * `after`. Call after sealing.
 */
export async function writeCheckpoint(
  db: Db,
  crypto: DataCrypto,
  opts: { file: string | null; now: Date; after?: number },
): Promise<Checkpoint | null> {
  const head = await chainHead(db);
  if (!head?.seq || !head.hash || head.seq <= (opts.after ?? 0)) return null;
  const keys = auditKeys(crypto);
  const body = { seq: head.seq, hash: head.hash, at: opts.now.toISOString() };
  const checkpoint: Checkpoint = {
    ...body,
    publicKey: keys.publicKey,
    signature: keys.sign(checkpointText(body)),
    algorithm: 'SM2-with-SM3',
  };
  const batch = new WriteBatch();
  writeOutbox(
    { batch, now: opts.now, crypto },
    {
      topic: 'audit_checkpoint',
      aggregateType: 'audit_log',
      aggregateId: String(head.seq),
      payload: { ...checkpoint, signedText: checkpointText(body) },
      idempotencyKey: `audit_checkpoint:${head.seq}:${body.at}`,
      departmentIds: [],
    },
  );
  await batch.flush(db);
  if (opts.file) {
    await mkdir(dirname(opts.file), { recursive: true });
    await appendFile(opts.file, `${JSON.stringify(checkpoint)}\n`, { flag: 'a', mode: 0o640 });
  }
  return checkpoint;
}

export type CheckpointFile = {
  file: string | null;
  /** Validly signed by this installation's key, in file order. */
  checkpoints: Checkpoint[];
  /** Lines that are not a checkpoint, or whose signature fails: each one a sign of tampering. */
  problems: string[];
};

/** Reads the checkpoint file; a missing file is no checkpoints (a new installation), not an error. */
export async function readCheckpoints(file: string | null, keys: AuditKeys): Promise<CheckpointFile> {
  const out: CheckpointFile = { file, checkpoints: [], problems: [] };
  if (!file || !existsSync(file)) return out;
  const lines = (await readFile(file, 'utf8')).split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let c: Checkpoint;
    try {
      c = JSON.parse(line) as Checkpoint;
    } catch {
      out.problems.push(`检查点文件第${i + 1}行无法解析`);
      return;
    }
    if (
      !Number.isInteger(c.seq) ||
      typeof c.hash !== 'string' ||
      typeof c.at !== 'string' ||
      typeof c.signature !== 'string'
    ) {
      out.problems.push(`检查点文件第${i + 1}行缺少必要内容`);
      return;
    }
    if (!keys.verify(checkpointText(c), c.signature)) {
      out.problems.push(`检查点文件第${i + 1}行（第${c.seq}条）签名无效，不是本系统签发的检查点`);
      return;
    }
    out.checkpoints.push(c);
  });
  return out;
}
