import http from 'node:http';
import https from 'node:https';
import { type Deps, runAction, systemActor } from '../context';
import { notify } from '../modules/inbox/notify';
import { activeSystemAdminIds } from '../modules/push/repository';
import { openIdsInText } from '../security/personal-data';
import {
  type ClaimedDelivery,
  claimDueDeliveries,
  deliveryTargets,
  insertAttempts,
  markDelivered,
  markFailed,
  subscriptionNames,
} from './repository';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signPush, TIMESTAMP_HEADER } from './signing';

type Claimed = ClaimedDelivery;

type Outcome = {
  row: Claimed;
  at: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
};

type Target = { url: URL; secret: string; agent: http.Agent; clearResidentIds: boolean };

/** Delay before attempt n + 1 after n failures: base × 2^(n−1), capped. */
export const backoffSeconds = (failures: number, base: number, cap: number): number =>
  Math.min(cap, base * 2 ** Math.max(0, failures - 1));

/**
 * Delivers outbox messages to subscribed systems: claims due deliveries with FOR UPDATE SKIP LOCKED
 * (so several server instances share the work without sending a row twice), sends them concurrently
 * over keep-alive connections, and records every attempt in one transaction per batch.
 *
 * At least once: a claim moves `next_attempt_at` one lease into the future before anything is sent.
 * A process killed mid-batch leaves its rows due again when the lease ends; a receiver may then see
 * a message twice, and deduplicates on the idempotency-key header.
 */
export class PushDispatcher {
  readonly #deps: Deps;
  #stopped = true;
  #loops: Promise<void>[] = [];
  readonly #sleepers = new Set<() => void>();
  readonly #targets = new Map<string, Target & { secretEnc: string; href: string }>();
  readonly #agents = new Map<string, http.Agent>();

  constructor(deps: Deps) {
    this.#deps = deps;
  }

  /** Starts `loops` claim-send-record loops; two overlap one batch's database work with another's sends. */
  start(loops = 2, idleMs = 200): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    for (let i = 0; i < loops; i++) this.#loops.push(this.#loop(idleMs));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const wake of this.#sleepers) wake();
    await Promise.allSettled(this.#loops);
    this.#loops = [];
    for (const a of this.#agents.values()) a.destroy();
    this.#agents.clear();
  }

  async #loop(idleMs: number): Promise<void> {
    while (!this.#stopped) {
      let n = 0;
      try {
        n = await this.runOnce();
      } catch (err) {
        this.#deps.log.error({ err }, '推送分发出错');
      }
      if (n === 0 && !this.#stopped) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(t);
            this.#sleepers.delete(wake);
            resolve();
          };
          const t = setTimeout(wake, idleMs);
          this.#sleepers.add(wake);
        });
      }
    }
  }

  /** One round: claim a batch of due deliveries, send, record. Returns how many were attempted. */
  async runOnce(): Promise<number> {
    const { config, database, clock } = this.#deps;
    const now = clock();
    const leaseUntil = new Date(now.getTime() + config.pushLeaseSeconds * 1000);
    const rows = await claimDueDeliveries(database.db, now, leaseUntil, config.pushBatchSize);
    if (rows.length === 0) return 0;
    await this.#loadTargets(rows);
    // One deadline for the whole batch, counted from the moment its requests are made and including any
    // wait for a free connection. It aborts every unfinished request in the same tick, so a request queued
    // behind one that timed out cannot take the freed connection and go out late. The batch then ends
    // within it, well inside the claim's lease, so no other dispatcher can claim a row this one is still
    // about to send.
    const batch = new AbortController();
    const deadline = setTimeout(
      () => batch.abort(new Error(`超时（${config.pushTimeoutMs} 毫秒）`)),
      config.pushTimeoutMs,
    );
    const outcomes = await Promise.all(rows.map((r) => this.#send(r, batch.signal)));
    clearTimeout(deadline);
    await this.#record(outcomes);
    return rows.length;
  }

  async #loadTargets(rows: Claimed[]): Promise<void> {
    const ids = [...new Set(rows.map((r) => r.subscription_id))];
    const subs = await deliveryTargets(this.#deps.database.db, ids);
    for (const s of subs) {
      const cached = this.#targets.get(s.id);
      if (cached && cached.secretEnc === s.secretEnc && cached.href === s.url) {
        cached.clearResidentIds = s.clearResidentIds;
        continue;
      }
      let secret: string;
      try {
        secret = this.#deps.crypto.decrypt(s.secretEnc);
      } catch (err) {
        // A key that no longer decrypts must not stall the batch: its rows fail, back off and dead-letter.
        this.#deps.log.error({ err, subscriptionId: s.id }, '推送订阅的签名密钥无法解密');
        this.#targets.delete(s.id);
        continue;
      }
      const url = new URL(s.url);
      this.#targets.set(s.id, {
        url,
        href: s.url,
        secretEnc: s.secretEnc,
        secret,
        agent: this.#agent(url),
        clearResidentIds: s.clearResidentIds,
      });
    }
  }

  /** One keep-alive pool per origin, shared by the subscriptions that point at it. */
  #agent(url: URL): http.Agent {
    let agent = this.#agents.get(url.origin);
    if (!agent) {
      const opts = {
        keepAlive: true,
        maxSockets: this.#deps.config.pushConnections,
        scheduling: 'fifo' as const,
      };
      agent = url.protocol === 'https:' ? new https.Agent(opts) : new http.Agent(opts);
      this.#agents.set(url.origin, agent);
    }
    return agent;
  }

  #send(row: Claimed, signal: AbortSignal): Promise<Outcome> {
    const target = this.#targets.get(row.subscription_id);
    const at = this.#deps.clock();
    const started = performance.now();
    const done = (statusCode: number | null, error: string | null): Outcome => ({
      row,
      at,
      statusCode,
      error,
      durationMs: Math.round(performance.now() - started),
    });
    if (!target) return Promise.resolve(done(null, '订阅不存在或签名密钥无法解密'));
    const createdAt =
      row.created_at instanceof Date ? row.created_at.toISOString() : new Date(row.created_at).toISOString();
    // Built by hand so the stored jsonb text goes out as is, without a parse and re-serialise per message.
    // Resident IDs are sealed in the outbox: in clear only for a subscription granted them (ADR 0019).
    const payload = openIdsInText(this.#deps.crypto, row.payload, target.clearResidentIds);
    const body = `{"id":${JSON.stringify(row.idempotency_key)},"seq":${row.seq},"topic":${JSON.stringify(row.topic)},"aggregateType":${JSON.stringify(row.aggregate_type)},"aggregateId":${JSON.stringify(row.aggregate_id)},"createdAt":"${createdAt}","payload":${payload}}`;
    const timestamp = Math.floor(at.getTime() / 1000);
    const lib = target.url.protocol === 'https:' ? https : http;
    return new Promise<Outcome>((resolve) => {
      const req = lib.request(
        target.url,
        {
          method: 'POST',
          agent: target.agent,
          signal,
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'content-length': Buffer.byteLength(body),
            [IDEMPOTENCY_HEADER]: row.idempotency_key,
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: signPush(target.secret, timestamp, body),
            'x-xyp-topic': row.topic,
            'x-xyp-delivery': String(row.id),
            'x-xyp-attempt': String(row.attempts),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const code = res.statusCode ?? 0;
            resolve(done(code, code >= 200 && code < 300 ? null : `接收方返回 HTTP ${code}`));
          });
          res.on('error', (e) => resolve(done(res.statusCode ?? null, e.message)));
        },
      );
      req.on('error', (e) =>
        resolve(
          done(null, signal.aborted ? String((signal.reason as Error).message) : e.message || String(e)),
        ),
      );
      req.end(body);
    });
  }

  async #record(outcomes: Outcome[]): Promise<void> {
    const { config, database } = this.#deps;
    const now = this.#deps.clock();
    const delivered = outcomes.filter((o) => o.error === null);
    const failed = outcomes.filter((o) => o.error !== null);
    const dead = failed.filter((o) => o.row.attempts >= config.pushMaxAttempts);
    await database.db.transaction(async (tx) => {
      await insertAttempts(
        tx,
        outcomes.map((o) => ({
          deliveryId: o.row.id,
          attempt: o.row.attempts,
          at: o.at,
          statusCode: o.statusCode,
          error: o.error?.slice(0, 500) ?? null,
          durationMs: o.durationMs,
        })),
      );
      // Grouped so a healthy batch costs one UPDATE however many rows it has.
      for (const [code, group] of groupBy(delivered, (o) => String(o.statusCode))) {
        await markDelivered(
          tx,
          group.map((o) => o.row.id),
          Number(code),
          now,
        );
      }
      for (const [, group] of groupBy(failed, (o) => `${o.row.attempts}|${o.statusCode}|${o.error}`)) {
        const first = group[0]!;
        const isDead = first.row.attempts >= config.pushMaxAttempts;
        const delay = backoffSeconds(
          first.row.attempts,
          config.pushBackoffSeconds,
          config.pushMaxBackoffSeconds,
        );
        await markFailed(
          tx,
          group.map((o) => o.row.id),
          { attempts: first.row.attempts, statusCode: first.statusCode, error: first.error! },
          isDead ? null : new Date(now.getTime() + delay * 1000),
          now,
        );
      }
    });
    if (dead.length) await this.#alert(dead);
  }

  /** Dead letters need a person: one inbox notice per system administrator per batch, and an error log. */
  async #alert(dead: Outcome[]): Promise<void> {
    const subs = [...new Set(dead.map((o) => o.row.subscription_id))];
    this.#deps.log.error(
      { deliveries: dead.map((o) => o.row.id), subscriptions: subs, lastError: dead[0]!.error },
      `推送失败已转入死信：${dead.length} 条`,
    );
    await runAction(this.#deps, { actor: systemActor('推送分发'), requestId: null }, async (ctx) => {
      const names = await subscriptionNames(ctx.tx, subs);
      const label = names.map((n) => n.systemName).join('、');
      for (const userId of await activeSystemAdminIds(ctx.tx)) {
        await notify(ctx, {
          userId,
          kind: 'push_dead_letter',
          title: `推送失败：${dead.length} 条消息未能送达${label}`,
          body: `向${label}推送的 ${dead.length} 条消息连续 ${this.#deps.config.pushMaxAttempts} 次失败，已停止重试（最近一次错误：${dead[0]!.error}）。请排查接收系统后在推送管理中重新推送。`,
          refType: 'push_delivery',
          refId: String(dead[0]!.row.id),
        });
      }
    });
  }
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}
