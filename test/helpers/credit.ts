import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll } from 'vitest';
import { completeResidentId, completeUscc } from '../../src/domain/codes';
import { HttpCreditPlatform } from '../../src/server/modules/credit/sources';
import { createTestApp, type Session, type TestApp } from './app';
import { registerEntity } from './registry';

const ORG = '0123456789ABCDEFGHJKLMNPQRTUWXY';
let seq = 0;

/** A fresh, valid 统一社会信用代码 under the given region for each call (org body from a counter). */
export function freshUscc(region = '150626', registration = '91'): string {
  seq++;
  let n = seq + Math.floor(Math.random() * 1_000_000) * 1000;
  let body = '';
  for (let i = 0; i < 6; i++) {
    body = ORG[n % 31]! + body;
    n = Math.floor(n / 31);
  }
  return completeUscc(`${registration}${region}`, `KC${body}`.slice(0, 8));
}

export function freshResidentId(): string {
  seq++;
  const tail = String((seq * 7919 + Math.floor(Math.random() * 900)) % 1000).padStart(3, '0');
  return completeResidentId(
    `15062619${String(70 + (seq % 29)).padStart(2, '0')}0${(seq % 9) + 1}1${(seq % 9) + 1}${tail}`,
  );
}

export type SubjectRef = {
  kind: 'enterprise' | 'individual_business' | 'individual';
  code: string;
  name: string;
};
/** A fresh enterprise, registered in the tests' 市场主体登记 under that name. */
export const enterprise = (name = '测试企业有限公司', region = '150626'): SubjectRef => {
  const code = freshUscc(region);
  registerEntity(code, name);
  return { kind: 'enterprise', code, name };
};

export type RecordBody = {
  kind: string;
  severity: 'minor' | 'general' | 'serious';
  decidedOn: string;
  penaltyFulfilled?: boolean;
  validUntil?: string;
  authority?: string;
  summary?: string;
};

export async function addRecord(t: TestApp, credit: Session, subject: SubjectRef, r: RecordBody) {
  const res = await t.call(credit, {
    method: 'POST',
    url: '/api/credit/records',
    payload: {
      subject,
      authority: r.authority ?? '某市市场监督管理局',
      summary: r.summary ?? '测试事由',
      ...r,
    },
  });
  if (res.statusCode !== 201) throw new Error(`record: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; subject: { id: string } };
}

export async function addGrade(
  t: TestApp,
  credit: Session,
  subject: SubjectRef,
  scale: string,
  value: string,
) {
  const res = await t.call(credit, {
    method: 'POST',
    url: '/api/credit/grades',
    payload: { subject, scale, value, source: '信用风险分类', gradedOn: '2026-10-01' },
  });
  if (res.statusCode !== 201) throw new Error(`grade: ${res.statusCode} ${res.body}`);
}

export async function check(
  t: TestApp,
  who: Session,
  subject: SubjectRef,
  itemVersionId: string | null,
  majorProject?: boolean,
) {
  const res = await t.call(who, {
    method: 'POST',
    url: '/api/credit/checks',
    payload: { subject, itemVersionId, ...(majorProject !== undefined ? { majorProject } : {}) },
  });
  if (res.statusCode !== 201) throw new Error(`check: ${res.statusCode} ${res.body}`);
  return res.json();
}

/**
 * A department in the given region with one item allowing every mode, drafted through the catalog import
 * (a draft version has its department and modes fixed, which is all a credit check reads).
 */
export async function itemInRegion(
  t: TestApp,
  code: string,
  regionCode: string,
  /** Fields of the item to set otherwise (e.g. `withdrawalAllowed`). */
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const sysadmin = await t.login('sysadmin');
  const catalog = await t.login('catalog');
  const dept = await t.call(sysadmin, {
    method: 'POST',
    url: '/api/departments',
    payload: { code: `D-${code}`, name: `测试审批局${code}`, kind: 'approving', regionCode },
  });
  if (dept.statusCode !== 201) throw new Error(`department: ${dept.statusCode} ${dept.body}`);
  const exported = (await t.call(catalog, { method: 'GET', url: '/api/catalog/export?format=json' })).json()
    .items;
  const base = exported.find((i: { code: string }) => i.code === 'WSQ-RSJ-001');
  const res = await t.call(catalog, {
    method: 'POST',
    url: '/api/catalog/import',
    payload: {
      items: [
        {
          ...base,
          code: `IT-${code}`,
          name: `测试事项${code}`,
          departmentCode: `D-${code}`,
          supervisingDepartmentCode: null,
          exclusionTags: [],
          modes: [
            'one_form',
            'commit_entry',
            'enter_then_verify',
            'certificate_commitment',
            'license_commitment',
            'missing_materials',
          ],
          ...overrides,
        },
      ],
    },
  });
  if (res.statusCode !== 201) throw new Error(`item: ${res.statusCode} ${res.body}`);
  return res.json().versionIds[0];
}

/** Publishes a drafted version through the same review steps a person takes. */
export async function publish(t: TestApp, versionId: string, effectiveDate?: string): Promise<void> {
  const catalog = await t.login('catalog');
  const legal = await t.login('legal');
  const steps: [Session, string, Record<string, unknown>][] = [
    [catalog, 'submit', {}],
    [legal, 'review', { decision: 'pass', comment: '合法' }],
    [legal, 'approve', { decision: 'approve' }],
    [catalog, 'publish', effectiveDate ? { effectiveDate } : {}],
  ];
  for (const [s, step, payload] of steps) {
    const res = await t.call(s, {
      method: 'POST',
      url: `/api/catalog/versions/${versionId}/${step}`,
      payload,
    });
    if (res.statusCode !== 200) throw new Error(`${step}: ${res.statusCode} ${res.body}`);
  }
}

/**
 * A real HTTP server playing the external credit platform: it answers, answers late, fails once, or
 * reports records, depending on the code asked about. Closed when the file's tests are done.
 */
export async function fakeCreditPlatform() {
  const state = {
    slow: new Set<string>(),
    flaky: new Map<string, number>(),
    records: new Map<string, object[]>(),
    /** Requests received, answered or not. */
    calls: 0,
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      state.calls++;
      const { code } = JSON.parse(body) as { code: string };
      if (req.headers.authorization !== 'Bearer platform-secret') {
        res.writeHead(401).end();
        return;
      }
      if (state.slow.has(code)) return; // never answers: the adapter's timeout must fire
      const failures = state.flaky.get(code) ?? 0;
      if (failures > 0) {
        state.flaky.set(code, failures - 1);
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ records: state.records.get(code) ?? [], grade: null }));
    });
  });
  // Any free port: two suites may run side by side, and a taken port would leave the listen pending forever.
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  const source = new HttpCreditPlatform({
    id: 'creditchina',
    name: '信用中国（测试）',
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token: 'platform-secret',
    timeoutMs: 300,
    retries: 1,
  });
  return { state, source };
}

/**
 * The credit tests' app on 2026-11-23, with workers and the faked external platform as a second source,
 * the demo people who act in it, the departments by code, and one item of a 乌审旗 department.
 */
export async function creditScene() {
  const platform = await fakeCreditPlatform();
  const t = await createTestApp({
    now: '2026-11-23T02:00:00Z',
    workers: true,
    creditSources: [platform.source],
  });
  const clerk = await t.login('clerk');
  const depts: Record<string, string> = {};
  const res = await t.call(clerk, { method: 'GET', url: '/api/departments' });
  for (const d of res.json().items as { code: string; id: string }[]) depts[d.code] = d.id;
  return {
    t,
    platform: platform.state,
    credit: await t.login('credit'),
    clerk,
    approver: await t.login('approver'), // 卫健委
    approverFgw: await t.login('approver_fgw'),
    ent: await t.login('ent_demo'),
    person: await t.login('person_demo'),
    depts,
    wushenItem: await itemInRegion(t, 'CRW1', '150626'),
    post: (s: Session | null, url: string, payload?: object) =>
      t.call(s, { method: 'POST', url, ...(payload ? { payload } : {}) }),
    get: (s: Session | null, url: string) => t.call(s, { method: 'GET', url }),
  };
}
