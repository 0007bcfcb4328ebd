import type { CreditRecordKind, CreditSeverity, CreditSubjectKindName } from '../../../contracts/credit';
import { creditRecordKinds, creditSeverities } from '../../../contracts/credit';

/**
 * An external credit platform (信用中国, 国家企业信用信息公示系统, a city credit platform) queried on every
 * credit check. The local credit file is read directly from the database; every other source sits behind
 * this one interface, so a test's fake platform and the real HTTP adapter are interchangeable.
 */
export type PlatformRecord = {
  ref: string;
  kind: CreditRecordKind;
  severity: CreditSeverity;
  authority: string;
  decidedOn: string;
  summary: string;
  penaltyFulfilled: boolean | null;
};
export type PlatformAnswer = {
  records: PlatformRecord[];
  grade: { scale: string; value: string; gradedOn: string } | null;
};
export type PlatformQuery = { kind: CreditSubjectKindName; code: string; name: string };

export interface CreditPlatform {
  readonly id: string;
  readonly name: string;
  query(subject: PlatformQuery): Promise<PlatformAnswer>;
}

export class PlatformError extends Error {}

/** What every configured platform answered about one subject (or why it did not). */
export type PlatformAnswers = {
  code: string;
  answers: {
    platform: CreditPlatform;
    answer: PlatformAnswer | null;
    error: string | null;
    durationMs: number;
  }[];
};

/**
 * Asks every platform at once (a slow one costs its own timeout only). Called before the credit check's
 * transaction opens, so no database connection or lock waits on another system's network.
 */
export async function askCreditPlatforms(
  platforms: CreditPlatform[],
  subject: PlatformQuery,
): Promise<PlatformAnswers> {
  const answers = await Promise.all(
    platforms.map(async (platform) => {
      const t0 = Date.now();
      try {
        const answer = await platform.query(subject);
        return { platform, answer, error: null, durationMs: Date.now() - t0 };
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        return { platform, answer: null, error, durationMs: Date.now() - t0 };
      }
    }),
  );
  return { code: subject.code, answers };
}

export type HttpPlatformOptions = {
  id: string;
  name: string;
  /** Base URL; the adapter POSTs `{ kind, code }` to `<url>/query` and expects `{ records, grade }`. */
  url: string;
  token: string | null;
  timeoutMs: number;
  retries: number;
};

const KINDS = new Set<string>(creditRecordKinds);
const SEVERITIES = new Set<string>(creditSeverities);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks an answer field by field: a platform that speaks nonsense has not answered. */
export function parsePlatformAnswer(body: unknown): PlatformAnswer {
  const b = body as { records?: unknown; grade?: unknown };
  if (!b || !Array.isArray(b.records)) throw new PlatformError('应答格式错误：缺少 records');
  const records = b.records.map((r: Record<string, unknown>, i: number) => {
    if (
      typeof r?.kind !== 'string' ||
      !KINDS.has(r.kind) ||
      typeof r.severity !== 'string' ||
      !SEVERITIES.has(r.severity) ||
      typeof r.decidedOn !== 'string' ||
      !DATE.test(r.decidedOn)
    ) {
      throw new PlatformError(`应答格式错误：第${i + 1}条记录无法识别`);
    }
    return {
      ref: typeof r.ref === 'string' ? r.ref : `#${i + 1}`,
      kind: r.kind as CreditRecordKind,
      severity: r.severity as CreditSeverity,
      authority: typeof r.authority === 'string' ? r.authority : '',
      decidedOn: r.decidedOn,
      summary: typeof r.summary === 'string' ? r.summary : '',
      penaltyFulfilled: typeof r.penaltyFulfilled === 'boolean' ? r.penaltyFulfilled : null,
    };
  });
  const g = b.grade as { scale?: unknown; value?: unknown; gradedOn?: unknown } | null | undefined;
  const grade =
    g && typeof g.scale === 'string' && typeof g.value === 'string'
      ? { scale: g.scale, value: g.value, gradedOn: typeof g.gradedOn === 'string' ? g.gradedOn : '' }
      : null;
  return { records, grade };
}

/**
 * JSON over HTTP with a timeout per attempt and a bounded number of retries on timeouts, network errors
 * and 5xx. A 4xx is the platform refusing us: not retried.
 */
export class HttpCreditPlatform implements CreditPlatform {
  readonly id: string;
  readonly name: string;
  readonly #o: HttpPlatformOptions;

  constructor(o: HttpPlatformOptions) {
    this.id = o.id;
    this.name = o.name;
    this.#o = o;
  }

  async query(subject: PlatformQuery): Promise<PlatformAnswer> {
    let last: Error = new PlatformError('未查询');
    for (let attempt = 0; attempt <= this.#o.retries; attempt++) {
      try {
        const res = await fetch(`${this.#o.url.replace(/\/$/, '')}/query`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(this.#o.token ? { authorization: `Bearer ${this.#o.token}` } : {}),
          },
          body: JSON.stringify({ kind: subject.kind, code: subject.code }),
          signal: AbortSignal.timeout(this.#o.timeoutMs),
        });
        if (res.status >= 400 && res.status < 500) {
          throw new PlatformError(`平台拒绝查询（HTTP ${res.status}）`);
        }
        if (!res.ok) {
          last = new PlatformError(`平台服务异常（HTTP ${res.status}）`);
          continue;
        }
        let body: unknown;
        try {
          body = await res.json();
        } catch (e) {
          if ((e as Error).name === 'TimeoutError' || (e as Error).name === 'AbortError') throw e;
          throw new PlatformError('应答格式错误：不是有效的JSON');
        }
        return parsePlatformAnswer(body);
      } catch (e) {
        if (e instanceof PlatformError) throw e;
        const err = e as Error;
        last =
          err.name === 'TimeoutError' || err.name === 'AbortError'
            ? new PlatformError(`查询超时（${this.#o.timeoutMs}毫秒）`)
            : new PlatformError(`无法连接平台（${err.message}）`);
      }
    }
    throw new PlatformError(`${last.message}，已重试${this.#o.retries}次`);
  }
}
