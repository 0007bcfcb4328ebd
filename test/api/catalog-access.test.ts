import { describe, expect, it } from 'vitest';
import { catalogScene, sampleContent } from '../helpers/catalog';

const { t, admin, legal, clerk, approver, approverFgw, depts, post } = await catalogScene();

describe('every staff endpoint refuses a caller who may not call it', () => {
  it('reads, drafts, edits, submits and imports', async () => {
    const inspector = await t.login('inspector');
    const created = await post(approver, '/api/catalog/items', {
      code: 'T-ACCESS',
      departmentId: depts['WSQ-WJW'],
      ...sampleContent(),
    });
    const v = created.json();
    const reads = [
      `/api/catalog/versions/${v.id}`,
      `/api/catalog/versions/${v.id}/history`,
      `/api/catalog/items/${v.itemId}/versions`,
      '/api/catalog/export?format=xlsx',
    ];
    for (const url of reads) {
      expect((await t.call(inspector, { method: 'GET', url })).statusCode, url).toBe(403);
      expect((await t.call(null, { method: 'GET', url })).statusCode, url).toBe(401);
      expect((await t.call(clerk, { method: 'GET', url })).statusCode, url).toBe(200);
    }
    const versions = await t.call(clerk, { method: 'GET', url: `/api/catalog/items/${v.itemId}/versions` });
    expect(versions.json().items.map((x: { versionNo: number }) => x.versionNo)).toEqual([1]);
    // another department's approver may not edit, submit, add a version or abandon the draft
    const put = await t.call(approverFgw, {
      method: 'PUT',
      url: `/api/catalog/versions/${v.id}`,
      payload: sampleContent(),
    });
    expect(put.statusCode).toBe(403);
    expect((await post(approverFgw, `/api/catalog/versions/${v.id}/submit`)).statusCode).toBe(403);
    expect((await post(clerk, `/api/catalog/versions/${v.id}/submit`)).statusCode).toBe(403);
    expect(
      (await post(approverFgw, `/api/catalog/versions/${v.id}/withdraw`, { reason: '不需要' })).statusCode,
    ).toBe(403);
    const hygiene = (
      await t.call(null, { method: 'GET', url: '/api/public/catalog/items/WSQ-WJW-001' })
    ).json();
    expect(
      (await post(approverFgw, `/api/catalog/items/${hygiene.itemId}/versions`, sampleContent())).statusCode,
    ).toBe(403);
    expect(
      (await post(clerk, `/api/catalog/items/${hygiene.itemId}/versions`, sampleContent())).statusCode,
    ).toBe(403);
    const xlsx = await t.call(legal, {
      method: 'POST',
      url: '/api/catalog/import/xlsx',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      payload: Buffer.from('x'),
    });
    expect(xlsx.statusCode).toBe(403);
    // its own department's approver abandons its draft
    const gone = await post(approver, `/api/catalog/versions/${v.id}/withdraw`, { reason: '不再需要' });
    expect(gone.json().status).toBe('withdrawn');
  });

  // Sent at once (PostgreSQL only): catalog-races.pg.test.ts.
  it('a second submission of one draft is a conflict', async () => {
    const created = await post(approver, '/api/catalog/items', {
      code: 'T-RACE',
      departmentId: depts['WSQ-WJW'],
      ...sampleContent(),
    });
    const id = created.json().id;
    expect((await post(approver, `/api/catalog/versions/${id}/submit`)).statusCode).toBe(200);
    const again = await post(admin, `/api/catalog/versions/${id}/submit`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('INVALID_TRANSITION');
    const history = await t.call(legal, { method: 'GET', url: `/api/catalog/versions/${id}/history` });
    expect(history.json().items.filter((e: { event: string }) => e.event === 'submit')).toHaveLength(1);
  });
});
