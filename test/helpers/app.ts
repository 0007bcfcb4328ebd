import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { TestClock } from 'pg-boss';
import { afterAll, inject } from 'vitest';
import { buildApp } from '../../src/server/app';
import { DEMO_PASSWORD } from '../../src/server/bootstrap';
import { type Config, testConfig } from '../../src/server/config';
import type { Database } from '../../src/server/db/client';
import type { SharedDataAdapter } from '../../src/server/modules/applications/shared-data';
import type { CreditPlatform } from '../../src/server/modules/credit/sources';
import type { SealProvider } from '../../src/server/modules/documents/seal';
import type { FakeIdentity } from '../../src/server/modules/identity/fake-provider';
import type { EnterpriseRegistry } from '../../src/server/modules/identity/registry';
import type { MessageGateway } from '../../src/server/notifications/gateway';
import { openTestDatabase, TEST_DATA_KEY } from './database';
import { followOidc } from './oidc';
import { registerEntity, testRegistry } from './registry';
import { signAsApplicant } from './signing';

export type Session = { cookie: string; csrf: string };

export type ProvenApplicant = {
  username: string;
  password?: string;
  displayName: string;
  phone?: string;
} & (
  | { applicantType: 'enterprise'; uscc: string; legalRepresentative?: string }
  | { applicantType: 'individual' | 'agent'; residentId: string }
);

export type TestApp = {
  app: FastifyInstance;
  database: Database;
  /**
   * The one clock of the app and its job queue: tests move it instead of sleeping. Moving it lets
   * delayed jobs become due; `runJobs` then lets the workers poll.
   */
  clock: { readonly now: Date; set(iso: string): Promise<void>; advanceDays(days: number): Promise<void> };
  runJobs(): Promise<void>;
  login(username: string, password?: string): Promise<Session>;
  /** Signs in through the local fake identity provider as this identity (added to it first). */
  oidcLogin(identity: FakeIdentity): Promise<Session>;
  /**
   * A password-registered applicant whose identity a window clerk has confirmed (an enterprise is put in
   * the tests' registry under the name given): the way tests get an applicant that may apply.
   */
  provenApplicant(a: ProvenApplicant): Promise<Session>;
  /** `inject` with the session's cookie and CSRF header, or a Bearer token. */
  call(as: Session | string | null, opts: InjectOptions): Promise<LightMyRequestResponse>;
};

/**
 * One app on a private copy of the prepared database (PGlite, or PostgreSQL with TEST_DATABASE_URL);
 * closed and dropped after the file's tests.
 */
export async function createTestApp(
  opts: {
    now?: string;
    config?: Partial<Config>;
    workers?: boolean;
    messages?: MessageGateway | null;
    creditSources?: CreditPlatform[];
    sharedData?: SharedDataAdapter;
    seal?: SealProvider | null;
    registry?: EnterpriseRegistry;
  } = {},
): Promise<TestApp> {
  const { database, drop } = await openTestDatabase({
    pgTemplate: inject('pgTemplate'),
    pgliteDump: inject('pgliteDump'),
  });
  const testClock = new TestClock(opts.now ?? '2026-11-23T02:00:00Z');
  const clock: TestApp['clock'] = {
    get now() {
      return new Date(testClock.now());
    },
    set: (iso) => testClock.setTime(iso),
    advanceDays: (days) => testClock.setTime(testClock.now() + days * 86_400_000),
  };
  const app = await buildApp({
    config: testConfig({ dataKey: TEST_DATA_KEY, loginRateLimitPerMinute: 10_000, ...opts.config }),
    database,
    clock: testClock,
    workers: opts.workers ?? false,
    messages: opts.messages ?? null,
    creditSources: opts.creditSources ?? [],
    ...(opts.sharedData ? { sharedData: opts.sharedData } : {}),
    ...(opts.seal ? { seal: opts.seal } : {}),
    registry: opts.registry ?? testRegistry,
  });
  await app.ready();
  afterAll(async () => {
    await app.close();
    await drop();
  });

  const send: TestApp['call'] = (as, o) => {
    const headers: Record<string, string> = { ...(o.headers as Record<string, string>) };
    if (typeof as === 'string') headers.authorization = `Bearer ${as}`;
    else if (as) {
      headers.cookie = as.cookie;
      headers['x-csrf-token'] = as.csrf;
    }
    return app.inject({ ...o, headers });
  };
  // An applicant's online submission is signed as the browser would sign it (helpers/signing.ts).
  const call: TestApp['call'] = async (as, o) => send(as, await signAsApplicant(send, as, o));

  const login: TestApp['login'] = async (username, password = DEMO_PASSWORD) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const c = res.cookies.find((k) => k.name === 'xyp_session');
    return { cookie: `xyp_session=${c!.value}`, csrf: res.json().csrfToken };
  };

  const sessionFrom = async (cookie: string): Promise<Session> => {
    const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    if (me.statusCode !== 200) throw new Error(`session: ${me.statusCode} ${me.body}`);
    return { cookie, csrf: me.json().csrfToken };
  };

  const oidcLogin: TestApp['oidcLogin'] = async (identity) => {
    app.fakeIdentity!.add(identity);
    const r = await followOidc(app, identity.sub);
    if (!r.session) throw new Error(`oidc login failed: ${r.location}`);
    return sessionFrom(`xyp_session=${r.session}`);
  };

  const provenApplicant: TestApp['provenApplicant'] = async (a) => {
    const password = a.password ?? 'Xinyipi#2026x';
    const { legalRepresentative, ...body } = a as ProvenApplicant & { legalRepresentative?: string };
    if (a.applicantType === 'enterprise') registerEntity(a.uscc, a.displayName, legalRepresentative);
    const reg = await app.inject({
      method: 'POST',
      url: '/api/applicants/register',
      payload: { ...body, password },
    });
    if (reg.statusCode !== 201) throw new Error(`register ${a.username}: ${reg.statusCode} ${reg.body}`);
    const clerk = await login('clerk');
    const confirmed = await call(clerk, {
      method: 'POST',
      url: '/api/identity/confirmations',
      payload: {
        username: a.username,
        documentKind: a.applicantType === 'enterprise' ? 'business_license' : 'resident_id_card',
        code: a.applicantType === 'enterprise' ? a.uscc : a.residentId,
        ...(a.applicantType === 'enterprise' ? {} : { name: a.displayName }),
      },
    });
    if (confirmed.statusCode !== 201) throw new Error(`confirm ${a.username}: ${confirmed.body}`);
    return login(a.username, password);
  };

  // Each tick fires the workers' poll timers; two rounds let a job fetched in the first complete.
  const runJobs = async () => {
    for (let i = 0; i < 3; i++) await testClock.tick(2_500);
  };

  return { app, database, clock, login, call, runJobs, oidcLogin, provenApplicant };
}
