import { describe, expect, it } from 'vitest';
import { catalogScene, sampleContent } from '../helpers/catalog';
import { onPostgres } from '../helpers/database';

// Requests sent at once really overlap only on PostgreSQL (PGlite runs them one after the other).
const scene = onPostgres ? await catalogScene() : (null as never);

describe.skipIf(!onPostgres)('catalog requests at once (PostgreSQL)', () => {
  const { t, admin, legal, approver, depts, post } = scene ?? ({} as never);
  it('two simultaneous submissions of one draft: one wins, the other is a conflict', async () => {
    const created = await post(approver, '/api/catalog/items', {
      code: 'T-RACE',
      departmentId: depts['WSQ-WJW'],
      ...sampleContent(),
    });
    const id = created.json().id;
    const [a, b] = await Promise.all([
      post(approver, `/api/catalog/versions/${id}/submit`),
      post(admin, `/api/catalog/versions/${id}/submit`),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const history = await t.call(legal, { method: 'GET', url: `/api/catalog/versions/${id}/history` });
    expect(history.json().items.filter((e: { event: string }) => e.event === 'submit')).toHaveLength(1);
  });
});
