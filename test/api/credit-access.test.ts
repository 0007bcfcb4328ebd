import { describe, expect, it } from 'vitest';
import type { Session } from '../helpers/app';
import { addRecord, check, creditScene, enterprise } from '../helpers/credit';

const { t, credit, clerk, ent, get, ...scene } = await creditScene();
let { approver } = scene;

describe('access', () => {
  it('every staff-only credit endpoint refuses applicants, other roles and anonymous callers', async () => {
    const inspector = await t.login('inspector');
    approver = await t.login('approver');
    const r = await addRecord(t, credit, enterprise(), {
      kind: 'blacklist',
      severity: 'serious',
      decidedOn: '2026-01-05',
    });
    const policyId = (await check(t, clerk, enterprise(), null)).policy.id;
    const cases: [string, string, Session[]][] = [
      ['GET', '/api/credit/records', [clerk, approver, ent]],
      ['GET', `/api/credit/records/${r.id}`, [clerk, approver, ent]],
      ['GET', '/api/credit/objections', [clerk, ent]],
      ['GET', '/api/credit/repair-requests', [clerk, ent]],
      ['GET', '/api/credit/policies', [clerk, approver, ent]],
      ['GET', `/api/credit/policies/${policyId}`, [inspector, ent]],
      ['POST', `/api/credit/policies/${policyId}/simulate`, [clerk, ent]],
      ['POST', `/api/credit/policies/${policyId}/publish`, [clerk, approver, ent]],
      ['POST', '/api/credit/objections', [clerk, inspector]],
      ['POST', '/api/credit/repair-requests', [approver]],
    ];
    for (const [method, url, refused] of cases) {
      const payload = url.endsWith('/simulate')
        ? { against: 'subjects' }
        : url.endsWith('s') && method === 'POST'
          ? { recordId: r.id, reason: '异议', evidence: '证明', commitment: '承诺' }
          : undefined;
      for (const who of refused) {
        const res = await t.call(who, {
          method: method as 'GET' | 'POST',
          url,
          ...(payload ? { payload } : {}),
        });
        expect(res.statusCode, `${method} ${url} ${refused.indexOf(who)}`).toBe(403);
      }
      const anon = await t.call(null, {
        method: method as 'GET' | 'POST',
        url,
        ...(payload ? { payload } : {}),
      });
      expect(anon.statusCode, `${method} ${url} anonymous`).toBe(401);
    }
    // A clerk and an approver may read a policy version (to explain a check).
    expect((await get(clerk, `/api/credit/policies/${policyId}`)).statusCode).toBe(200);
  });
});
