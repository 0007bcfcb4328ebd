import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '../domain/access';
import type { Config } from './config';
import type { Database, Executor } from './db/client';
import { WriteBatch } from './db/write-batch';
import type { JobQueue } from './jobs/queue';
import type { UserRow } from './modules/accounts/repository';
import type { DecidedCommitment } from './modules/applications/decided-commitment';
import type { SharedDataAdapter } from './modules/applications/shared-data';
import type { CalendarCache } from './modules/calendar/calendar-cache';
import type { PolicyCache } from './modules/credit/policy-cache';
import type { CreditPlatform } from './modules/credit/sources';
import type { SealProvider } from './modules/documents/seal';
import type { IdentityPlatform } from './modules/identity/platform';
import type { EnterpriseRegistry } from './modules/identity/registry';
import type { MessageGateway } from './notifications/gateway';
import type { Caches } from './runtime/caches';
import type { TestClockControl } from './runtime/test-clock';
import type { DataCrypto } from './security/crypto';
import type { SignatureVerifier } from './security/signature-verifier';

/** Long-lived things every action may need; built once by main.ts or a test. */
export type Deps = {
  config: Config;
  database: Database;
  /** Injected so deadlines are tested by moving time, never by sleeping. */
  clock: () => Date;
  /** What this deployment keeps in memory between requests (departments, item versions, draw seeds). */
  caches: Caches;
  /** Set only where TEST_CLOCK started the deployment: the clock a system administrator may move. */
  testClock: TestClockControl | null;
  crypto: DataCrypto;
  calendar: CalendarCache;
  /** The published credit policies, for every credit check. */
  policies: PolicyCache;
  jobs: JobQueue;
  /** SMS / e-mail gateway; null where none is configured (notices then stay in the inbox). */
  messages: MessageGateway | null;
  /** External credit platforms queried on every check besides the local credit file. */
  creditSources: CreditPlatform[];
  /** The data-sharing / e-license platform that supplies materials the applicant is not asked for. */
  sharedData: SharedDataAdapter;
  /** The electronic seal service; null leaves the seal area of documents blank for a physical stamp. */
  seal: SealProvider | null;
  /** The unified identity platform (OIDC): the real one, or the local fake. */
  identity: IdentityPlatform;
  /** 市场主体登记: enterprises' names, legal representatives and registration facts. */
  registry: EnterpriseRegistry;
  /** Checks applicants' commitment signatures in worker threads, before a decision. */
  signatures: SignatureVerifier;
  /**
   * What the loop does next with a decided commitment, in the decision's transaction: the verification
   * task it owes. Given here (app.ts) so that applications does not import verification, which reads it.
   */
  commitmentDecided: (ctx: Ctx, decided: DecidedCommitment) => Promise<unknown>;
  log: FastifyBaseLogger;
};

/**
 * What a read query runs with: who asks and when. It has no transaction and nothing to write into, so a
 * query cannot change state.
 */
export type ReadCtx = Deps & {
  /** The database, outside any transaction: each statement sees what has committed. */
  db: Executor;
  actor: Actor;
  now: Date;
  requestId: string | null;
  /**
   * The caller's own account as the session lookup read it at the start of this request (it is active);
   * absent for tokens, system work and tests that build a context themselves.
   */
  account?: UserRow | null;
};

/** What one action runs with: who, when, inside which transaction. An action may call read queries. */
export type Ctx = ReadCtx & {
  tx: Executor;
  /**
   * Work to run at the very end of the transaction, just before it commits: for writes that take a
   * hot lock (the per-region 承诺编码 counter), so the lock is held for as short a time as possible.
   */
  atCommit(work: () => Promise<void>): void;
  /**
   * Rows written in one statement as the transaction commits (write-batch.ts), after the `atCommit` work, which
   * may add rows or fill in values of rows still waiting (`amend`).
   */
  batch: WriteBatch;
};

export type CallerInfo = { actor: Actor; requestId: string | null; account?: UserRow | null };

/**
 * Runs an action in one transaction: its state change, history, audit and queued work commit together
 * or not at all.
 */
export function runAction<T>(deps: Deps, caller: CallerInfo, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  const now = deps.clock();
  return deps.database.db.transaction(async (tx) => {
    const late: (() => Promise<void>)[] = [];
    const batch = new WriteBatch();
    const result = await fn({
      ...deps,
      tx,
      db: tx,
      actor: caller.actor,
      now,
      requestId: caller.requestId,
      account: caller.account ?? null,
      atCommit: (work) => void late.push(work),
      batch,
    });
    // One statement for every row of the action, the `atCommit` work's included: that work fills in what
    // it allocates (a 承诺编码) on rows still in the batch rather than updating them once written.
    for (const work of late) await work();
    await batch.flush(tx);
    return result;
  });
}

/** Read-only work needs no transaction, and gets nothing to write with. */
export function readContext(deps: Deps, caller: CallerInfo): ReadCtx {
  return {
    ...deps,
    db: deps.database.db,
    actor: caller.actor,
    now: deps.clock(),
    requestId: caller.requestId,
    account: caller.account ?? null,
  };
}

export const systemActor = (name: string): Actor => ({ kind: 'system', name });
