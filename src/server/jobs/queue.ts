import { sql } from 'drizzle-orm';
import { type Clock, fromDrizzle, fromPglite, PgBoss } from 'pg-boss';
import type { TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';
import type { Database, Executor } from '../db/client';

export const JOB_SCHEMA = 'pgboss';

export type JobDefinition<T = unknown> = {
  name: string;
  /** Handlers must be idempotent: delivery is at least once. */
  handle(data: T): Promise<void>;
  /** The payload's schema (definitions.ts): a job whose payload does not match is refused when queued. */
  payload?: TSchema;
  retryLimit?: number;
  /** A deadline job (reminder, 催告, termination, overdue warning): listed and run on demand by operators. */
  deadline?: { label: string };
};

export type QueuedJob = {
  id: string;
  queue: string;
  label: string;
  state: string;
  startAfter: Date;
  data: Record<string, unknown>;
};

export type RunOutcome = { id: string; queue: string; label: string; ok: boolean; error: string | null };

export type EnqueueOptions = { startAfter?: Date; singletonKey?: string };

/**
 * The database job queue (pg-boss) on either database. Jobs are written through the caller's
 * transaction, so a rolled-back action leaves no job behind and a committed one cannot lose its job.
 */
export class JobQueue {
  readonly boss: PgBoss;
  readonly #now: () => number;
  #definitions = new Map<string, JobDefinition<never>>();
  /** Each payload schema compiled once: checked interpretively it cost about 0.3 ms per job queued. */
  #payloadChecks = new Map<string, Validator>();

  constructor(database: Database, clock?: Clock) {
    this.#now = clock ? () => clock.now() : () => Date.now();
    const common = { schema: JOB_SCHEMA, ...(clock ? { clock } : {}) };
    this.boss =
      database.kind === 'pglite'
        ? new PgBoss({ ...common, db: fromPglite(database.pglite! as never), backend: 'pglite' } as never)
        : new PgBoss({ ...common, connectionString: poolUrl(database), max: 4 } as never);
  }

  /** Creates the schema and queues; `work` starts this instance's workers as well. */
  async start(
    definitions: JobDefinition<never>[],
    opts: { work: boolean; onError: (e: Error) => void },
  ): Promise<void> {
    this.boss.on('error', opts.onError);
    await this.boss.start();
    for (const d of definitions) {
      this.#definitions.set(d.name, d);
      await this.boss.createQueue(d.name, { retryLimit: d.retryLimit ?? 5, retryBackoff: true } as never);
      // Loads the queue into pg-boss's cache now: on PGlite a cache miss inside an open transaction
      // would wait on the very connection the transaction holds.
      await this.boss.getJobById(d.name, '00000000-0000-0000-0000-000000000000');
    }
    if (opts.work) {
      for (const d of definitions) {
        const handler = async (jobs: { data: unknown }[]) => {
          for (const job of jobs) await d.handle(job.data as never);
        };
        await this.boss.work(d.name, { pollingIntervalSeconds: 2, batchSize: 20 } as never, handler as never);
      }
    }
  }

  async enqueue(tx: Executor, name: string, data: object, opts: EnqueueOptions = {}): Promise<string | null> {
    const definition = this.#definitions.get(name);
    if (!definition) throw new Error(`unknown job ${name}`);
    if (definition.payload) {
      let check = this.#payloadChecks.get(name);
      if (!check) {
        check = Compile(definition.payload);
        this.#payloadChecks.set(name, check);
      }
      if (!check.Check(data)) {
        const first = check.Errors(data)[0];
        throw new Error(`job ${name}: payload does not match its schema (${first?.message ?? ''})`);
      }
    }
    // An explicit start time keeps jobs on the application's clock: inside the caller's transaction
    // pg-boss would otherwise take the database's now(), which a test clock does not move.
    const startAfter = opts.startAfter ?? new Date(this.#now());
    return this.boss.send(name, data, { ...opts, startAfter, db: fromDrizzle(tx as never, sql) } as never);
  }

  /**
   * Moves a job still waiting to run to a new time (and payload), in the caller's transaction; a job
   * already running or done is left alone. Returns whether it was moved: setting the same time again
   * is harmless, so a recomputation may run twice.
   */
  async reschedule(
    tx: Executor,
    name: string,
    id: string,
    startAfter: Date,
    data?: object,
  ): Promise<boolean> {
    const moved = await this.boss.update(name, data, {
      id,
      startAfter,
      db: fromDrizzle(tx as never, sql),
    } as never);
    return moved.updated > 0;
  }

  deadlineQueues(): { name: string; label: string }[] {
    return [...this.#definitions.values()]
      .filter((d) => d.deadline)
      .map((d) => ({ name: d.name, label: d.deadline!.label }));
  }

  /** Deadline jobs waiting to run (created or retrying), soonest first. */
  async queuedDeadlineJobs(): Promise<QueuedJob[]> {
    const out: QueuedJob[] = [];
    for (const q of this.deadlineQueues()) {
      const jobs = await this.boss.findJobs<Record<string, unknown>>(q.name, { queued: true });
      for (const j of jobs) {
        out.push({
          id: j.id,
          queue: q.name,
          label: q.label,
          state: j.state,
          startAfter: j.startAfter,
          data: j.data,
        });
      }
    }
    return out.sort((a, b) => a.startAfter.getTime() - b.startAfter.getTime() || a.id.localeCompare(b.id));
  }

  /**
   * Runs every deadline job that is due now, at once, instead of waiting for the workers' next poll:
   * fetched as a worker fetches (a job another instance holds is skipped), handled, completed or failed.
   * Repeats while a pass finds more, since a handler may queue a further job that is already due.
   */
  async runDueDeadlineJobs(limit = 1000): Promise<RunOutcome[]> {
    const ran: RunOutcome[] = [];
    for (let pass = 0; pass < 10 && ran.length < limit; pass++) {
      const before = ran.length;
      for (const q of this.deadlineQueues()) {
        const handle = this.#definitions.get(q.name)!.handle as (data: unknown) => Promise<void>;
        for (;;) {
          const jobs = await this.boss.fetch<unknown>(q.name, { batchSize: 50 });
          if (!jobs.length) break;
          for (const job of jobs) {
            try {
              await handle(job.data);
              await this.boss.complete(q.name, job.id);
              ran.push({ id: job.id, queue: q.name, label: q.label, ok: true, error: null });
            } catch (e) {
              const error = e instanceof Error ? e.message : String(e);
              await this.boss.fail(q.name, job.id, { message: error });
              ran.push({ id: job.id, queue: q.name, label: q.label, ok: false, error });
            }
          }
          if (ran.length >= limit) break;
        }
      }
      if (ran.length === before) break;
    }
    return ran;
  }

  stop(): Promise<void> {
    return this.boss.stop({ graceful: true, wait: true, timeout: 5000 } as never);
  }
}

function poolUrl(database: Database): string {
  const opts = database.pool!.options as { connectionString?: string };
  if (!opts.connectionString) throw new Error('PostgreSQL pool has no connection string');
  return opts.connectionString;
}
