import { completeResidentId, completeUscc } from '../../src/domain/codes';
import type { Session, TestApp } from './app';
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
