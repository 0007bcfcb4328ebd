import { describe, expect, it } from 'vitest';
import { demoApplicants } from '../../src/server/bootstrap';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { addRecord } from '../helpers/credit';
import { onPostgres } from '../helpers/database';

// Requests sent at once really overlap only on PostgreSQL (PGlite runs them one after the other).
const t: TestApp = onPostgres ? await createTestApp({ now: '2026-11-23T02:00:00Z' }) : (null as never);

const subject = {
  kind: 'enterprise' as const,
  code: demoApplicants.enterprise.uscc,
  name: demoApplicants.enterprise.name,
};
const post = (s: Session | null, url: string, payload?: object) =>
  t.call(s, { method: 'POST', url, ...(payload ? { payload } : {}) });
const get = (s: Session | null, url: string) => t.call(s, { method: 'GET', url });

describe.skipIf(!onPostgres)('credit requests at once (PostgreSQL)', () => {
  it('two officers deciding one repair request at once: one decides, the other is told it is done', async () => {
    const credit = await t.login('credit');
    const second = await t.login('credit');
    const ent = await t.login('ent_demo');
    const r = await addRecord(t, credit, subject, {
      kind: 'broken_commitment',
      severity: 'minor',
      decidedOn: '2026-11-20',
    });
    const req = await post(ent, '/api/credit/repair-requests', {
      recordId: r.id,
      evidence: '已整改',
      commitment: '今后诚信经营',
    });
    expect(req.statusCode).toBe(201);
    const url = `/api/credit/repair-requests/${req.json().id}/decision`;
    const results = await Promise.all([
      post(credit, url, { approve: true, note: '同意' }),
      post(second, url, { approve: false, note: '不同意' }),
    ]);
    expect(results.map((x) => x.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((x) => x.statusCode === 409)!.json().code).toBe('CONFLICT');
    const winner = results.find((x) => x.statusCode === 200)!.json().status;
    expect((await get(credit, `/api/credit/records/${r.id}`)).json().status).toBe(
      winner === 'approved' ? 'repaired' : 'active',
    );
  });

  it('two repair requests for one record at once: one is taken, the other refused', async () => {
    const credit = await t.login('credit');
    const ent = await t.login('ent_demo');
    const again = await t.login('ent_demo');
    const r = await addRecord(t, credit, subject, {
      kind: 'broken_commitment',
      severity: 'minor',
      decidedOn: '2026-11-03',
    });
    const body = { recordId: r.id, evidence: '已整改', commitment: '今后诚信经营' };
    const results = await Promise.all([
      post(ent, '/api/credit/repair-requests', body),
      post(again, '/api/credit/repair-requests', body),
    ]);
    expect(results.map((x) => x.statusCode).sort()).toEqual([201, 409]);
    expect(results.find((x) => x.statusCode === 409)!.json().code).toBe('CONFLICT');
  });

  it('two objections to one record at once: one is taken, the other refused', async () => {
    const credit = await t.login('credit');
    const ent = await t.login('ent_demo');
    const again = await t.login('ent_demo');
    const r = await addRecord(t, credit, subject, {
      kind: 'abnormal_operation',
      severity: 'general',
      decidedOn: '2026-11-02',
    });
    const body = { recordId: r.id, reason: '记录有误' };
    const results = await Promise.all([
      post(ent, '/api/credit/objections', body),
      post(again, '/api/credit/objections', body),
    ]);
    expect(results.map((x) => x.statusCode).sort()).toEqual([201, 409]);
    expect(results.find((x) => x.statusCode === 409)!.json().code).toBe('CONFLICT');
    expect(
      (await get(credit, '/api/credit/objections?status=pending'))
        .json()
        .items.filter((o: { recordId: string }) => o.recordId === r.id),
    ).toHaveLength(1);
  });
});
