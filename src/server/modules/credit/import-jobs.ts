import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Static } from 'typebox';
import {
  type ImportJobView,
  type ImportPhaseName,
  importJobStatusLabels,
  importPhaseLabels,
} from '../../../contracts/credit';
import type { Actor } from '../../../domain/access';
import { DomainError, isDomainError } from '../../../domain/errors';
import { appendAuditWith } from '../../audit/audit-log';
import type { Deps } from '../../context';
import type { Executor } from '../../db/client';
import type { DataCrypto } from '../../security/crypto';
import { assertCreditDepartment } from './access';
import { type ImportProgress, type ImportResult, importRecords } from './import-records';
import { openSheet, type SheetFormat } from './import-sheet';
import {
  failStaleImportJobs,
  findImportJob,
  type ImportJobRow,
  insertImportJob,
  listImportJobs,
  updateImportJob,
} from './repository';

/**
 * Credit imports as background jobs. A job row is written (and audited) when the file has arrived; the
 * import then runs in this process, one at a time, in a transaction of its own, while the job row is
 * kept up to date outside that transaction so that the caller can poll it. The row belongs to the
 * credit officer who started it: nobody else reads it.
 *
 * On PostgreSQL the progress is written to the row about once a second, so a poll answered by another
 * server process sees it too; a job whose heartbeat stops for a minute belonged to a process that died
 * (its transaction rolled back with it: nothing was imported). PGlite has one connection, held by the
 * import's transaction, so there progress lives in memory until the end: one process serves every poll.
 */
export type ImportJobInput = {
  fileName: string;
  format: SheetFormat;
  sizeBytes: number;
  source: string;
  skipInvalid: boolean;
};

type Runner = Pick<Deps, 'database' | 'crypto' | 'clock' | 'log'>;

const STALE_MS = 60_000;
const HEARTBEAT_MS = 1_000;
const INTERRUPTED = '导入进程已中断（服务停止或重启），未导入任何记录；可重新导入同一文件';

/** The source a file's 来源编号 belong to when the caller names none: the importing department. */
export const defaultSource = (actor: Actor): string =>
  actor.kind === 'staff' ? `部门:${actor.departmentId}` : actorName(actor);

const actorName = (a: Actor): string => (a.kind === 'staff' || a.kind === 'applicant' ? a.username : a.name);
const actorUserId = (a: Actor): string | null =>
  a.kind === 'staff' || a.kind === 'applicant' ? a.userId : null;

/** Writes the job row and its audit entry; the caller then hands the file to `ImportJobs.run`. */
export async function createImportJob(
  ctx: { tx: Executor; crypto: DataCrypto; actor: Actor; now: Date; requestId: string | null },
  input: ImportJobInput,
): Promise<ImportJobRow> {
  await assertCreditDepartment({ db: ctx.tx, actor: ctx.actor });
  const a = ctx.actor;
  const row: ImportJobRow = {
    id: randomUUID(),
    status: 'queued',
    phase: 'queued',
    fileName: input.fileName,
    format: input.format,
    encoding: null,
    sizeBytes: input.sizeBytes,
    bytesRead: 0,
    rowsRead: 0,
    source: input.source,
    skipInvalid: input.skipInvalid,
    result: null,
    problems: null,
    problemCount: 0,
    error: null,
    createdBy: actorName(a),
    createdByUserId: actorUserId(a),
    departmentId: a.kind === 'staff' ? a.departmentId : null,
    createdAt: ctx.now,
    startedAt: null,
    finishedAt: null,
    heartbeatAt: ctx.now,
  };
  await insertImportJob(ctx.tx, row);
  await appendAuditWith(ctx.tx, ctx.crypto, ctx.actor, ctx.now, ctx.requestId, {
    action: 'credit.records_import_start',
    targetType: 'credit_import_job',
    targetId: row.id,
    after: {
      fileName: input.fileName,
      format: input.format,
      sizeBytes: input.sizeBytes,
      source: input.source,
    },
  });
  return row;
}

type Live = { progress: ImportProgress; encoding: string | null; controller: AbortController };

export class ImportJobs {
  readonly #deps: Runner;
  readonly #live = new Map<string, Live>();
  #queue: Promise<void> = Promise.resolve();

  constructor(deps: Runner) {
    this.#deps = deps;
  }

  /**
   * Queues the import of a file already on disk. `removeFile` deletes it afterwards (an upload); the
   * command line imports the user's own file and keeps it. Resolves when this job has finished.
   */
  run(
    job: ImportJobRow,
    actor: Actor,
    file: { path: string; removeFile: boolean },
    onProgress?: (p: ImportProgress & { encoding: string | null }) => void,
  ): Promise<ImportJobRow> {
    const live: Live = {
      progress: { phase: 'reading', rowsRead: 0, bytesRead: 0, totalBytes: job.sizeBytes },
      encoding: null,
      controller: new AbortController(),
    };
    this.#live.set(job.id, live);
    const done = this.#queue.then(() => this.#execute(job, actor, file.path, live, onProgress));
    this.#queue = done.then(
      () => undefined,
      () => undefined,
    );
    return done.finally(async () => {
      this.#live.delete(job.id);
      if (file.removeFile) await rm(file.path, { force: true });
    });
  }

  /** The progress of a job running (or queued) in this process. */
  live(id: string): Live | undefined {
    return this.#live.get(id);
  }

  /** Stops the running import (it rolls back) and waits for the queue to empty. */
  async close(): Promise<void> {
    for (const l of this.#live.values()) l.controller.abort();
    await this.#queue;
  }

  #swept: Promise<void> | null = null;

  /** The sweep, at the first use of imports in this process (not at start-up: tools build the app unmigrated). */
  sweepOnce(): Promise<void> {
    this.#swept ??= this.sweep().catch((e) => {
      this.#swept = null;
      throw e;
    });
    return this.#swept;
  }

  /** Marks jobs of processes that are gone as failed; on PGlite every unfinished job is such a one. */
  async sweep(): Promise<void> {
    const { database, clock } = this.#deps;
    const now = clock();
    const before =
      database.kind === 'pglite' ? new Date(now.getTime() + 1) : new Date(now.getTime() - STALE_MS);
    await database.db.transaction(async (tx) => {
      const ids = (await failStaleImportJobs(tx, before, now, INTERRUPTED)).filter(
        (id) => !this.#live.has(id),
      );
      for (const id of ids)
        await appendAuditWith(tx, this.#deps.crypto, { kind: 'system', name: '信用记录导入' }, now, null, {
          action: 'credit.records_import_failed',
          targetType: 'credit_import_job',
          targetId: id,
          after: { error: INTERRUPTED },
        });
    });
  }

  async #execute(
    job: ImportJobRow,
    actor: Actor,
    path: string,
    live: Live,
    onProgress?: (p: ImportProgress & { encoding: string | null }) => void,
  ): Promise<ImportJobRow> {
    const { database, crypto, clock, log } = this.#deps;
    const db = database.db;
    const startedAt = clock();
    await updateImportJob(db, job.id, {
      status: 'running',
      phase: 'reading',
      startedAt,
      heartbeatAt: startedAt,
    });
    // PostgreSQL only: on PGlite the import's transaction holds the one connection until it ends.
    const heartbeat =
      database.kind === 'postgres'
        ? setInterval(() => {
            const p = live.progress;
            updateImportJob(db, job.id, {
              phase: p.phase,
              rowsRead: p.rowsRead,
              bytesRead: p.bytesRead,
              encoding: live.encoding,
              heartbeatAt: clock(),
            }).catch((err) => log.warn({ err }, '导入进度写入失败'));
          }, HEARTBEAT_MS)
        : null;
    const report = (p: ImportProgress) => {
      live.progress = p;
      if (live.controller.signal.aborted) throw new DomainError('UNAVAILABLE', INTERRUPTED);
      onProgress?.({ ...p, encoding: live.encoding });
    };
    let outcome: Partial<ImportJobRow>;
    let audit: { action: string; after: unknown } | null = null;
    try {
      const sheet = await openSheet(path, job.format);
      live.encoding = sheet.encoding;
      const result: ImportResult = await db.transaction((tx) =>
        importRecords(
          { tx, actor, now: startedAt, crypto, requestId: null, databaseKind: database.kind },
          sheet,
          { source: job.source, skipInvalid: job.skipInvalid },
          report,
        ),
      );
      const { problems, problemCount, skipped: _skipped, ...counts } = result;
      outcome = {
        status: 'succeeded',
        phase: 'done',
        result: counts,
        problems,
        problemCount,
        encoding: sheet.encoding,
        rowsRead: result.rows,
        bytesRead: sheet.sizeBytes,
      };
    } catch (e) {
      const known = isDomainError(e);
      if (!known) log.error({ err: e, jobId: job.id }, '信用记录导入失败');
      const details = known
        ? (e.details as { problems?: ImportJobRow['problems']; total?: number } | undefined)
        : undefined;
      outcome = {
        status: 'failed',
        phase: live.progress.phase,
        rowsRead: live.progress.rowsRead,
        bytesRead: live.progress.bytesRead,
        encoding: live.encoding,
        error: known ? e.message : '导入时发生内部错误，未导入任何记录',
        problems: details?.problems ?? null,
        problemCount: details?.total ?? 0,
      };
      audit = {
        action: 'credit.records_import_failed',
        after: { error: outcome.error, problemCount: outcome.problemCount },
      };
    } finally {
      if (heartbeat) clearInterval(heartbeat);
    }
    const finishedAt = clock();
    await db.transaction(async (tx) => {
      await updateImportJob(tx, job.id, { ...outcome, finishedAt, heartbeatAt: finishedAt });
      if (audit)
        await appendAuditWith(tx, crypto, actor, finishedAt, null, {
          action: audit.action,
          targetType: 'credit_import_job',
          targetId: job.id,
          after: audit.after,
        });
    });
    return { ...job, ...outcome, finishedAt, heartbeatAt: finishedAt } as ImportJobRow;
  }

  present(row: ImportJobRow, now: Date): Static<typeof ImportJobView> {
    const live = this.#live.get(row.id);
    let { status, phase, rowsRead, bytesRead, encoding, error, finishedAt } = row;
    if (live && (status === 'queued' || status === 'running')) {
      phase = status === 'queued' ? 'queued' : live.progress.phase;
      rowsRead = live.progress.rowsRead;
      bytesRead = live.progress.bytesRead;
      encoding = live.encoding ?? encoding;
    } else if (
      !live &&
      (status === 'queued' || status === 'running') &&
      (this.#deps.database.kind === 'pglite' || now.getTime() - row.heartbeatAt.getTime() > STALE_MS)
    ) {
      status = 'failed';
      error = INTERRUPTED;
      finishedAt = row.heartbeatAt;
    }
    const percent =
      status === 'succeeded'
        ? 100
        : row.sizeBytes
          ? Math.min(99, Math.floor((bytesRead / row.sizeBytes) * 100))
          : 0;
    return {
      id: row.id,
      status,
      statusLabel: importJobStatusLabels[status],
      phase: phase as ImportPhaseName,
      phaseLabel: importPhaseLabels[phase as ImportPhaseName],
      fileName: row.fileName,
      format: row.format,
      encoding,
      sizeBytes: row.sizeBytes,
      bytesRead,
      rowsRead,
      percent,
      source: row.source,
      skipInvalid: row.skipInvalid,
      result: row.result,
      problems: row.problems ?? [],
      problemCount: row.problemCount,
      error,
      createdAt: row.createdAt.toISOString(),
      startedAt: row.startedAt?.toISOString() ?? null,
      finishedAt: finishedAt?.toISOString() ?? null,
    };
  }
}

/** A job is read by the one who started it; anyone else is told it does not exist. */
export async function readOwnImportJob(
  ctx: { db: Executor; actor: Actor },
  id: string,
): Promise<ImportJobRow> {
  await assertCreditDepartment(ctx);
  const row = await findImportJob(ctx.db, id);
  const userId = actorUserId(ctx.actor);
  if (!row || !userId || row.createdByUserId !== userId) {
    throw new DomainError('NOT_FOUND', '导入任务不存在');
  }
  return row;
}

export async function listOwnImportJobs(ctx: { db: Executor; actor: Actor }): Promise<ImportJobRow[]> {
  await assertCreditDepartment(ctx);
  const userId = actorUserId(ctx.actor);
  return userId ? listImportJobs(ctx.db, userId, 50) : [];
}
