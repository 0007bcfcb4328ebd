import { describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { onPostgres } from '../helpers/database';
import { application } from '../helpers/factories';

// Requests sent at once really overlap only on PostgreSQL (PGlite runs them one after the other).
const t: TestApp = onPostgres ? await createTestApp() : (null as never);

describe.skipIf(!onPostgres)('deciding a case at once (PostgreSQL)', () => {
  it('two deciders approving one reviewed case at once: one wins, the other is refused, one license', async () => {
    const { app, item } = await application(t, { status: 'reviewed' });
    const [one, two] = [await t.login(item.approver), await t.login(item.approver)];
    const approve = (s: typeof one) =>
      t.call(s, { method: 'POST', url: `/api/applications/${app.id}/approve`, payload: {} });
    const [x, y] = await Promise.all([approve(one), approve(two)]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
    const lost = x.statusCode === 409 ? x : y;
    expect(['INVALID_TRANSITION', 'CONFLICT']).toContain(lost.json().code);
    const won = x.statusCode === 200 ? x.json() : y.json();
    expect(won.status).toBe('approved');
    expect(won.license).not.toBeNull();
    const history = (await t.call(one, { method: 'GET', url: `/api/applications/${app.id}/history` })).json();
    expect(history.items.filter((e: { event: string }) => e.event === 'approve')).toHaveLength(1);
  });
});
