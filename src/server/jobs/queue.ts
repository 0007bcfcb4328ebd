import { sql } from 'drizzle-orm';
import { type Clock, fromDrizzle, fromPglite, PgBoss } from 'pg-boss';
import type { Database, Executor } from '../db/client';

export const JOB_SCHEMA = 'pgboss';

export type JobDefinition<T = unknown> = {
  name: string;
  /** Handlers must be idempotent: delivery is at least once. */
  handle(data: T): Promise<void>;
  retryLimit?: number;
};

export type EnqueueOptions = { startAfter?: Date; singletonKey?: string };

/**
 * The database job queue (pg-boss) on either database. Jobs are written through the caller's
 * transaction, so a rolled-back action leaves no job behind and a committed one cannot lose its job.
 */
export class JobQueue {
  readonly boss: PgBoss;
  readonly #now: () => number;
  #definitions = new Map<string, JobDefinition<never>>();

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
    if (!this.#definitions.has(name)) throw new Error(`unknown job ${name}`);
    // An explicit start time keeps jobs on the application's clock: inside the caller's transaction
    // pg-boss would otherwise take the database's now(), which a test clock does not move.
    const startAfter = opts.startAfter ?? new Date(this.#now());
    return this.boss.send(name, data, { ...opts, startAfter, db: fromDrizzle(tx as never, sql) } as never);
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
