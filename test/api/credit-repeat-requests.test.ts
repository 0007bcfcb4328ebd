import { describe, expect, it } from 'vitest';
import { demoApplicants } from '../../src/server/bootstrap';
import { addRecord, creditScene } from '../helpers/credit';

const { t, post, get, ...scene } = await creditScene();
let { credit, ent } = scene;

// The same requests sent at once, where they really overlap, are in credit-races.pg.test.ts (PostgreSQL).
describe('a second request for what is already taken', () => {
  const subject = {
    kind: 'enterprise' as const,
    code: demoApplicants.enterprise.uscc,
    name: demoApplicants.enterprise.name,
  };

  it('a repair request decided once is not decided again', async () => {
    credit = await t.login('credit');
    ent = await t.login('ent_demo');
    const second = await t.login('credit');
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
    const first = await post(credit, url, { approve: true, note: '同意' });
    expect(first.statusCode, first.body).toBe(200);
    const late = await post(second, url, { approve: false, note: '不同意' });
    expect(late.statusCode, late.body).toBe(409);
    expect((await get(credit, `/api/credit/records/${r.id}`)).json().status).toBe('repaired');
  });

  it('a record with a pending repair request takes no second one', async () => {
    const r = await addRecord(t, credit, subject, {
      kind: 'broken_commitment',
      severity: 'minor',
      decidedOn: '2026-11-03',
    });
    const body = { recordId: r.id, evidence: '已整改', commitment: '今后诚信经营' };
    expect((await post(ent, '/api/credit/repair-requests', body)).statusCode).toBe(201);
    const again = await post(await t.login('ent_demo'), '/api/credit/repair-requests', body);
    expect(again.statusCode, again.body).toBe(409);
  });

  it('a record with a pending objection takes no second one', async () => {
    const r = await addRecord(t, credit, subject, {
      kind: 'abnormal_operation',
      severity: 'general',
      decidedOn: '2026-11-02',
    });
    const body = { recordId: r.id, reason: '记录有误' };
    expect((await post(ent, '/api/credit/objections', body)).statusCode).toBe(201);
    const again = await post(await t.login('ent_demo'), '/api/credit/objections', body);
    expect(again.statusCode, again.body).toBe(409);
    expect(
      (await get(credit, '/api/credit/objections?status=pending'))
        .json()
        .items.filter((o: { recordId: string }) => o.recordId === r.id),
    ).toHaveLength(1);
  });
});
