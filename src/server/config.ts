import { join } from 'node:path';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';

/** The only reader of process.env: parsed once at start-up and passed down. */
const ConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  host: Type.String(),
  databaseUrl: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  dataDir: Type.String({ minLength: 1 }),
  logLevel: Type.Union([
    Type.Literal('fatal'),
    Type.Literal('error'),
    Type.Literal('warn'),
    Type.Literal('info'),
    Type.Literal('debug'),
    Type.Literal('trace'),
    Type.Literal('silent'),
  ]),
  trustProxy: Type.Boolean(),
  /** 32 hex characters (SM4 key) protecting resident ID numbers; generated into DATA_DIR when absent. */
  dataKey: Type.Union([Type.String({ pattern: '^[0-9a-fA-F]{32}$' }), Type.Null()]),
  seedDemo: Type.Boolean(),
  /** Run job workers (deadlines, reminders, deliveries); with several processes, in the first only. */
  workers: Type.Boolean(),
  /** Server processes sharing the port (PostgreSQL only: PGlite is one process's embedded database). */
  processes: Type.Integer({ minimum: 1, maximum: 64 }),
  /** Connections each process keeps to PostgreSQL. */
  poolSize: Type.Integer({ minimum: 2, maximum: 200 }),
  loginMaxFailures: Type.Integer({ minimum: 1 }),
  lockoutMinutes: Type.Integer({ minimum: 1 }),
  sessionHours: Type.Integer({ minimum: 1 }),
  loginRateLimitPerMinute: Type.Integer({ minimum: 1 }),
  /** SMS / e-mail gateway endpoint (JSON POST); without it notices stay in the inbox. */
  messageGatewayUrl: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  messageGatewayToken: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  /** External credit platform queried on every credit check besides the local credit file. */
  creditPlatformUrl: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  creditPlatformName: Type.String({ minLength: 1 }),
  creditPlatformToken: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  creditPlatformTimeoutMs: Type.Integer({ minimum: 100, maximum: 60_000 }),
  creditPlatformRetries: Type.Integer({ minimum: 0, maximum: 5 }),
  /** Eligibility policy for items whose department's region has none of its own. */
  creditDefaultPolicy: Type.String({ minLength: 1 }),
  /**
   * Worker threads that verify applicants' SM2 signatures off the event loop (10–18 ms each in pure JS);
   * 0 verifies on the event loop.
   */
  signatureThreads: Type.Integer({ minimum: 0, maximum: 64 }),
  /**
   * For the decision benchmark's A/B only (bench/applications.ts): `skip-for-benchmark` accepts every
   * applicant signature unchecked, to measure what SM2 verification costs. Never in service: refused unless
   * the database's name says it is a benchmark's, and the server logs an error on every start with it.
   */
  signatureVerification: Type.Union([Type.Literal('sm2'), Type.Literal('skip-for-benchmark')]),
  /** Push delivery: attempts before a delivery is dead-lettered. */
  pushMaxAttempts: Type.Integer({ minimum: 1, maximum: 50 }),
  /** Deliveries claimed per round and HTTP connections kept open per receiving system. */
  pushBatchSize: Type.Integer({ minimum: 1, maximum: 5000 }),
  pushConnections: Type.Integer({ minimum: 1, maximum: 1024 }),
  /** Concurrent claim-send-record loops per server on PostgreSQL (PGlite always runs one). */
  pushLoops: Type.Integer({ minimum: 1, maximum: 16 }),
  /** How long a claimed delivery stays invisible to other dispatchers (covers a crash mid-send). */
  pushLeaseSeconds: Type.Integer({ minimum: 1 }),
  pushTimeoutMs: Type.Integer({ minimum: 100 }),
  /** First retry delay; doubles per attempt up to pushMaxBackoffSeconds. */
  pushBackoffSeconds: Type.Integer({ minimum: 1 }),
  pushMaxBackoffSeconds: Type.Integer({ minimum: 1 }),
  /**
   * Hosts receiving systems may be registered at (exact, or `*.suffix`); empty: any host on the
   * government network. Loopback is refused unless listed; link-local (cloud metadata) always.
   */
  pushAllowedHosts: Type.Array(Type.String({ minLength: 1 })),
  /** Largest credit import file accepted over HTTP, in megabytes (streamed to DATA_DIR/imports). */
  creditImportMaxMb: Type.Integer({ minimum: 1, maximum: 102_400 }),
  /** Where the public reaches this system: the QR code on each document points below it. */
  publicBaseUrl: Type.String({ pattern: '^https?://' }),
  /** Font files tried, in order, for characters the bundled fonts lack (CJK Extension B and beyond). */
  documentFallbackFonts: Type.Array(Type.String({ minLength: 1 })),
  /**
   * Append-only file of signed audit chain heads, kept for the auditor (ADR 0009); null: checkpoints
   * go to the push subscribers of `audit_checkpoint` only.
   */
  auditCheckpointFile: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  /** Seconds between checkpoints while the chain grows; 0: none (verification then cannot see a cut tail). */
  auditCheckpointSeconds: Type.Integer({ minimum: 0 }),
  /** Seconds between refreshes of the statistics roll-up in worker processes; 0: never (all live counts). */
  statisticsRefreshSeconds: Type.Integer({ minimum: 0 }),
  /**
   * A deployment for acceptance testing: the app's clock (and its job queue's) starts at the system time
   * and runs on with it, and a system administrator may move it forward through /api/admin/clock.
   */
  testClock: Type.Boolean(),
  /**
   * The unified identity platform's OpenID Connect issuer (统一身份认证); null: the server starts the local
   * fake provider on `identityFakePort` (development, demos, tests).
   */
  identityIssuer: Type.Union([Type.String({ pattern: '^https?://' }), Type.Null()]),
  identityClientId: Type.String({ minLength: 1 }),
  identityClientSecret: Type.String({ minLength: 1 }),
  /** Port of the local fake identity provider (0: any free port). */
  identityFakePort: Type.Integer({ minimum: 0, maximum: 65535 }),
  /** 市场主体登记 shared-data endpoint; null: the built-in registry of the demo county's enterprises. */
  registryUrl: Type.Union([Type.String({ pattern: '^https?://' }), Type.Null()]),
  registryToken: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
});
export type Config = Static<typeof ConfigSchema>;

const bool = (v: string | undefined, dflt: boolean): boolean =>
  v === undefined || v === '' ? dflt : ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());
const int = (v: string | undefined, dflt: number): number => (v === undefined || v === '' ? dflt : Number(v));

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = {
    port: int(env.PORT, 3000),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || null,
    dataDir: env.DATA_DIR || './data',
    logLevel: env.LOG_LEVEL || 'info',
    trustProxy: bool(env.TRUST_PROXY, false),
    dataKey: env.DATA_KEY || null,
    seedDemo: bool(env.SEED_DEMO, true),
    workers: bool(env.WORKERS, true),
    processes: int(env.PROCESSES, 1),
    poolSize: int(env.DB_POOL_SIZE, 10),
    loginMaxFailures: int(env.LOGIN_MAX_FAILURES, 5),
    lockoutMinutes: int(env.LOCKOUT_MINUTES, 15),
    sessionHours: int(env.SESSION_HOURS, 12),
    loginRateLimitPerMinute: int(env.LOGIN_RATE_LIMIT_PER_MINUTE, 30),
    messageGatewayUrl: env.MESSAGE_GATEWAY_URL || null,
    messageGatewayToken: env.MESSAGE_GATEWAY_TOKEN || null,
    creditPlatformUrl: env.CREDIT_PLATFORM_URL || null,
    creditPlatformName: env.CREDIT_PLATFORM_NAME || '外部信用平台',
    creditPlatformToken: env.CREDIT_PLATFORM_TOKEN || null,
    creditPlatformTimeoutMs: int(env.CREDIT_PLATFORM_TIMEOUT_MS, 3000),
    creditPlatformRetries: int(env.CREDIT_PLATFORM_RETRIES, 1),
    creditDefaultPolicy: env.CREDIT_DEFAULT_POLICY || 'wushen',
    signatureThreads: int(env.SIGNATURE_THREADS, 1),
    signatureVerification: env.SIGNATURE_VERIFICATION === 'skip-for-benchmark' ? 'skip-for-benchmark' : 'sm2',
    pushMaxAttempts: int(env.PUSH_MAX_ATTEMPTS, 8),
    pushBatchSize: int(env.PUSH_BATCH_SIZE, 500),
    pushConnections: int(env.PUSH_CONNECTIONS, 64),
    pushLoops: int(env.PUSH_LOOPS, 2),
    pushLeaseSeconds: int(env.PUSH_LEASE_SECONDS, 60),
    pushTimeoutMs: int(env.PUSH_TIMEOUT_MS, 10_000),
    pushBackoffSeconds: int(env.PUSH_BACKOFF_SECONDS, 30),
    pushMaxBackoffSeconds: int(env.PUSH_MAX_BACKOFF_SECONDS, 21_600),
    pushAllowedHosts: (env.PUSH_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    creditImportMaxMb: int(env.CREDIT_IMPORT_MAX_MB, 2048),
    publicBaseUrl: env.PUBLIC_BASE_URL || `http://localhost:${int(env.PORT, 3000)}`,
    documentFallbackFonts: (
      env.DOCUMENT_FALLBACK_FONTS ??
      '/usr/share/fonts/truetype/hanazono/HanaMinB.ttf,/usr/share/fonts/truetype/hanazono/HanaMinA.ttf'
    )
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean),
    auditCheckpointFile:
      env.AUDIT_CHECKPOINT_FILE === 'off'
        ? null
        : env.AUDIT_CHECKPOINT_FILE || join(env.DATA_DIR || './data', 'audit-checkpoints.jsonl'),
    auditCheckpointSeconds: int(env.AUDIT_CHECKPOINT_SECONDS, 60),
    statisticsRefreshSeconds: int(env.STATISTICS_REFRESH_SECONDS, 600),
    testClock: bool(env.TEST_CLOCK, false),
    identityIssuer: env.IDENTITY_ISSUER || null,
    identityClientId: env.IDENTITY_CLIENT_ID || 'xinyipi',
    identityClientSecret: env.IDENTITY_CLIENT_SECRET || 'xinyipi-local-fake-secret',
    identityFakePort: int(env.IDENTITY_FAKE_PORT, int(env.PORT, 3000) + 1),
    registryUrl: env.REGISTRY_URL || null,
    registryToken: env.REGISTRY_TOKEN || null,
  };
  if (!Value.Check(ConfigSchema, raw)) {
    const problems = [...Value.Errors(ConfigSchema, raw)].map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new Error(`配置有误：${problems.join('；')}`);
  }
  // A lease shorter than a send could end while the request is still in flight and let another
  // dispatcher send the same row again.
  if (raw.pushLeaseSeconds * 1000 <= raw.pushTimeoutMs) {
    throw new Error(
      '配置有误：PUSH_LEASE_SECONDS 必须长于 PUSH_TIMEOUT_MS（推送认领租期应长于单次发送超时）',
    );
  }
  if (raw.processes > 1 && !raw.databaseUrl) {
    throw new Error(
      '配置有误：内置数据库（PGlite）只能由一个进程使用，PROCESSES 大于 1 时须配置 DATABASE_URL',
    );
  }
  // Accepting any signature must never reach a deployment: only a scratch database named for a benchmark.
  if (raw.signatureVerification !== 'sm2' && !/bench/.test(databaseName(raw.databaseUrl))) {
    throw new Error(
      '配置有误：SIGNATURE_VERIFICATION=skip-for-benchmark（不验申请人签名）只能用于压测，数据库名称须含 bench',
    );
  }
  if (raw.testClock && raw.processes > 1) {
    throw new Error('配置有误：测试时钟（TEST_CLOCK）只能在单进程部署中使用，请将 PROCESSES 设为 1');
  }
  return raw;
}

function databaseName(url: string | null): string {
  if (!url) return '';
  try {
    return decodeURIComponent(new URL(url).pathname.slice(1));
  } catch {
    return '';
  }
}

export const testConfig = (overrides: Partial<Config> = {}): Config => ({
  ...loadConfig({}),
  logLevel: 'silent',
  // Test receivers listen on this machine.
  pushAllowedHosts: ['127.0.0.1'],
  seedDemo: false,
  dataKey: '0123456789abcdef0123456789abcdef',
  // Test files run side by side: none writes a shared checkpoint file unless it names its own.
  auditCheckpointFile: null,
  auditCheckpointSeconds: 0,
  // Tests refresh the statistics roll-up themselves, when they mean to.
  statisticsRefreshSeconds: 0,
  // Each test app's fake identity provider takes a free port.
  identityFakePort: 0,
  ...overrides,
});
