import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { type Clock, TestClock } from 'pg-boss';
import { AuditSealer } from './audit/audit-log';
import type { Config } from './config';
import type { Deps } from './context';
import type { Database } from './db/client';
import { checkPreparedQueries } from './db/prepared';
import { registerAuth } from './http/auth';
import { registerErrorHandling } from './http/errors';
import { openapiOptions, swaggerUiOptions } from './http/openapi';
import { ajvOptions, registerRequestBounds } from './http/validation';
import { registerWebApp } from './http/web-app';
import { jobDefinitions } from './jobs/handlers';
import { JobQueue } from './jobs/queue';
import { accountRoutes } from './modules/accounts/routes';
import { revokeApplicationDecision } from './modules/applications/revoke-decision';
import { applicationRoutes } from './modules/applications/routes';
import { departmentFetchesLater, type SharedDataAdapter } from './modules/applications/shared-data';
import { assistanceRoutes } from './modules/assistance/routes';
import { auditRoutes } from './modules/audit/routes';
import { CalendarCache } from './modules/calendar/calendar-cache';
import { calendarRoutes } from './modules/calendar/routes';
import { catalogRoutes } from './modules/catalog/routes';
import { creditImportRoutes } from './modules/credit/import-routes';
import { PolicyCache } from './modules/credit/policy-cache';
import type { CreditSubjectKind } from './modules/credit/port';
import { recordBreach } from './modules/credit/record-breach';
import { creditRoutes } from './modules/credit/routes';
import { type CreditPlatform, HttpCreditPlatform } from './modules/credit/sources';
import { documentFallbacksFound } from './modules/documents/fonts';
import { documentRoutes } from './modules/documents/routes';
import type { SealProvider } from './modules/documents/seal';
import { escalationRoutes } from './modules/escalation/routes';
import { healthRoutes } from './modules/health/routes';
import { demoIdentities } from './modules/identity/demo-identities';
import { type FakeIdentityProvider, startFakeIdentityProvider } from './modules/identity/fake-provider';
import { type IdentityPlatform, OidcIdentityPlatform } from './modules/identity/platform';
import {
  demoRegistryEntities,
  type EnterpriseRegistry,
  FakeEnterpriseRegistry,
  HttpEnterpriseRegistry,
} from './modules/identity/registry';
import { identityRoutes, oidcRedirectUri } from './modules/identity/routes';
import { inboxRoutes } from './modules/inbox/routes';
import { inspectionRoutes } from './modules/inspection/routes';
import { mandateRoutes } from './modules/mandates/routes';
import { operationsRoutes } from './modules/operations/routes';
import { pushRoutes } from './modules/push/routes';
import { reportRoutes } from './modules/reports/routes';
import { startRollupLoop } from './modules/statistics/refresh-rollup';
import { statisticsRoutes } from './modules/statistics/routes';
import { toleranceRoutes } from './modules/tolerance/routes';
import { createVerificationTask } from './modules/verification/create-tasks';
import type { RevocationEffects } from './modules/verification/revoke-for-breach';
import { verificationRoutes } from './modules/verification/routes';
import { HttpMessageGateway, type MessageGateway } from './notifications/gateway';
import { PushDispatcher } from './push/dispatcher';
import { createCaches } from './runtime/caches';
import { TestClockControl } from './runtime/test-clock';
import { DataCrypto } from './security/crypto';
import { createSignatureVerifier } from './security/signature-verifier';

export type AppOptions = {
  config: Config;
  database: Database;
  /** One clock for the app and the job queue; tests pass pg-boss's TestClock and move it. */
  clock?: Clock;
  /** Start this instance's job workers (main.ts: WORKERS); the queue itself always runs. */
  workers?: boolean;
  /** With TEST_CLOCK: let the test clock run on with real time (main.ts); tests move it by hand. */
  tickTestClock?: boolean;
  /** Defaults to one derived from config.dataKey. */
  crypto?: DataCrypto;
  /** Defaults to the HTTP gateway when MESSAGE_GATEWAY_URL is set, else none. */
  messages?: MessageGateway | null;
  /** External credit platforms; defaults to the HTTP platform when CREDIT_PLATFORM_URL is set, else none. */
  creditSources?: CreditPlatform[];
  /** The data-sharing / e-license platform; by default the department fetches shared materials itself. */
  sharedData?: SharedDataAdapter;
  /** The built browser application (dist/web), served at `/` when it exists. */
  webRoot?: string;
  /** The electronic seal service (电子印章); without one the seal area of documents is left blank. */
  seal?: SealProvider | null;
  /** The identity platform; by default the OIDC issuer configured, else a local fake provider started here. */
  identity?: IdentityPlatform;
  /** 市场主体登记; by default the HTTP registry configured, else the demo county's fake. */
  registry?: EnterpriseRegistry;
};

declare module 'fastify' {
  interface FastifyInstance {
    deps: Deps;
    /** Outbox delivery; runs its loops where workers run, tests call `runOnce`. */
    push: PushDispatcher;
    /** The local fake identity provider, where this app started one (no IDENTITY_ISSUER). */
    fakeIdentity: FakeIdentityProvider | null;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Registers every plugin and module; never listens, so tests drive it with `inject`. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { config } = opts;
  await checkPreparedQueries(opts.database.db);
  const app = Fastify({
    logger: { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const sent = req.headers['x-request-id'];
      return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
    },
    bodyLimit: 5 * 1024 * 1024,
    ajv: ajvOptions,
    // Refused by the router before any route runs: answered in the same shape and language as the rest.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      void reply.status(tooLong ? 414 : 400).send({
        code: 'VALIDATION',
        message: tooLong ? '请求参数有误：路径参数过长' : '请求参数有误：网址编码不正确',
      });
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  registerRequestBounds(app);

  if (!config.dataKey && !opts.crypto) throw new Error('缺少数据密钥（DATA_KEY）');
  // TEST_CLOCK: one TestClock for the app and its queue, starting now unless a test brings its own.
  let clock = opts.clock;
  let testClock: TestClockControl | null = null;
  if (config.testClock) {
    const tc = clock instanceof TestClock ? clock : new TestClock(Date.now());
    clock = tc;
    testClock = new TestClockControl(tc);
  }
  let fakeIdentity: FakeIdentityProvider | null = null;
  let identity = opts.identity;
  if (!identity) {
    let issuer = config.identityIssuer;
    if (!issuer) {
      fakeIdentity = await startFakeIdentityProvider({
        port: config.identityFakePort,
        hostname: new URL(config.publicBaseUrl).hostname,
        clientId: config.identityClientId,
        clientSecret: config.identityClientSecret,
        redirectUris: [oidcRedirectUri(config)],
        identities: demoIdentities,
      });
      issuer = fakeIdentity.issuer;
      app.log.info(`未配置统一身份认证（IDENTITY_ISSUER）：已启动本地模拟身份认证服务 ${issuer}`);
    }
    identity = new OidcIdentityPlatform(issuer, config.identityClientId, config.identityClientSecret);
  }
  app.decorate('fakeIdentity', fakeIdentity);
  if (fakeIdentity) {
    const f = fakeIdentity;
    app.addHook('onClose', () => f.close());
  }
  const deps: Deps = {
    config,
    identity,
    registry:
      opts.registry ??
      (config.registryUrl
        ? new HttpEnterpriseRegistry(config.registryUrl, config.registryToken)
        : new FakeEnterpriseRegistry(demoRegistryEntities)),
    database: opts.database,
    clock: clock ? () => new Date(clock.now()) : () => new Date(),
    testClock,
    crypto: opts.crypto ?? new DataCrypto(config.dataKey!),
    caches: createCaches(),
    calendar: new CalendarCache(),
    policies: new PolicyCache(),
    jobs: new JobQueue(opts.database, clock),
    messages:
      opts.messages !== undefined
        ? opts.messages
        : config.messageGatewayUrl
          ? new HttpMessageGateway(config.messageGatewayUrl, config.messageGatewayToken)
          : null,
    sharedData: opts.sharedData ?? departmentFetchesLater,
    seal: opts.seal ?? null,
    creditSources:
      opts.creditSources ??
      (config.creditPlatformUrl
        ? [
            new HttpCreditPlatform({
              id: 'platform',
              name: config.creditPlatformName,
              url: config.creditPlatformUrl,
              token: config.creditPlatformToken,
              timeoutMs: config.creditPlatformTimeoutMs,
              retries: config.creditPlatformRetries,
            }),
          ]
        : []),
    signatures: createSignatureVerifier(config.signatureThreads, config.signatureVerification),
    commitmentDecided: createVerificationTask,
    log: app.log,
  };
  app.decorate('deps', deps);
  if (config.signatureVerification !== 'sm2') {
    app.log.error(
      '申请人签名验证已关闭（SIGNATURE_VERIFICATION=skip-for-benchmark，仅供压测对比）：不得用于实际办理',
    );
  }
  app.addHook('onClose', () => deps.signatures.close());
  const fallbacks = documentFallbacksFound(config.documentFallbackFonts);
  if (fallbacks.length) app.log.info({ fonts: fallbacks }, '文书生僻字备用字体');
  else {
    app.log.warn(
      '未找到生僻字备用字体（DOCUMENT_FALLBACK_FONTS，默认 Debian 软件包 fonts-hanazono）：文书中 CJK 扩展B 等字体未收录的字将打印为〔U+20BB7〕形式的码位',
    );
  }
  await deps.jobs.start(jobDefinitions(deps), {
    work: opts.workers ?? false,
    onError: (err) => app.log.error({ err }, '任务队列错误'),
  });
  app.addHook('onClose', () => deps.jobs.stop());
  if (testClock && opts.tickTestClock) app.addHook('onReady', async () => testClock.startTicking());
  if (testClock) app.addHook('onClose', async () => testClock.stop());

  const push = new PushDispatcher(deps);
  app.decorate('push', push);
  // Loops start once the app is ready and stop before the database closes.
  if (opts.workers)
    app.addHook('onReady', async () => push.start(deps.database.kind === 'pglite' ? 1 : config.pushLoops));
  app.addHook('onClose', () => push.stop());
  if (opts.workers) {
    const sealer = new AuditSealer(
      deps.database.db,
      deps.crypto,
      (err) => app.log.error({ err }, '审计日志封链失败'),
      { file: config.auditCheckpointFile, everyMs: config.auditCheckpointSeconds * 1000 },
    );
    app.addHook('onReady', async () => sealer.start());
    app.addHook('onClose', () => sealer.stop());
    const refreshMs = config.statisticsRefreshSeconds * 1000;
    if (refreshMs > 0) {
      let stop: (() => Promise<void>) | null = null;
      app.addHook('onReady', async () => {
        stop = startRollupLoop(
          deps.database.db,
          deps.clock,
          (err) => app.log.error({ err }, '统计汇总刷新失败'),
          refreshMs,
        );
      });
      app.addHook('onClose', async () => stop?.());
    }
  }

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // Behind TLS (TRUST_PROXY) browsers may be told to upgrade and to stay on HTTPS; over plain HTTP on a
  // LAN host name either would leave /docs and every page blank (only loopback is exempt in browsers).
  const tls = config.trustProxy;
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: tls ? [] : null } },
    strictTransportSecurity: false,
  });
  // HSTS only where the request itself came over TLS (directly or, with TRUST_PROXY, through the proxy).
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https')
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
  const web = opts.webRoot ? await registerWebApp(app, opts.webRoot) : null;
  registerErrorHandling(app, web?.fallback);
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, openapiOptions);
  await app.register(swaggerUi, swaggerUiOptions(tls));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  registerAuth(app, deps);

  await app.register(healthRoutes(deps));
  await app.register(accountRoutes(deps));
  await app.register(calendarRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(inboxRoutes(deps));
  await app.register(catalogRoutes(deps));
  await app.register(verificationRoutes(deps, revocationEffects));
  await app.register(statisticsRoutes(deps));
  await app.register(creditRoutes(deps));
  await app.register(creditImportRoutes(deps));
  await app.register(pushRoutes(deps));
  await app.register(inspectionRoutes(deps));
  await app.register(operationsRoutes(deps));
  await app.register(applicationRoutes(deps));
  await app.register(escalationRoutes(deps));
  await app.register(documentRoutes(deps));
  await app.register(identityRoutes(deps));
  await app.register(mandateRoutes(deps));
  await app.register(assistanceRoutes(deps));
  await app.register(reportRoutes(deps));
  await app.register(toleranceRoutes(deps));
  return app;
}

/**
 * What revoking a decision for a broken or false commitment does outside the verification ladder: the
 * application's decision and license are revoked, and the breach goes into the subject's credit file (which
 * pushes it on). Wired here so that verification and applications do not import each other.
 */
const revocationEffects: RevocationEffects = {
  revokeDecision: (ctx, task, reason) => revokeApplicationDecision(ctx, task.applicationId, reason),
  recordBreach: (ctx, task, falseCommitment, reason) =>
    recordBreach(ctx, {
      subject: {
        kind: task.subjectKind as CreditSubjectKind,
        code: ctx.crypto.decrypt(task.subjectCodeSealed),
        name: task.subjectName,
      },
      event: falseCommitment ? 'false_commitment' : 'broken_commitment',
      policyVersionId: task.policyVersionId,
      decidingDepartmentId: task.approvingDepartmentId,
      reason,
      applicationId: task.applicationId,
    }),
};
