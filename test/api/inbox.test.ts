import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { runAction, systemActor } from '../../src/server/context';
import { queryRows } from '../../src/server/db/client';
import { notify } from '../../src/server/modules/inbox/notify';
import { RecordingGateway } from '../../src/server/notifications/gateway';
import { createTestApp } from '../helpers/app';

const gateway = new RecordingGateway();
const t = await createTestApp({ workers: true, messages: gateway });

const meId = async (username: string) => {
  const s = await t.login(username);
  return { s, id: (await t.call(s, { method: 'GET', url: '/api/me' })).json().id as string };
};
const send = (userId: string, title: string, sms = true) =>
  runAction(t.app.deps, { actor: systemActor('测试'), requestId: null }, (ctx) =>
    notify(ctx, { userId, kind: 'reminder', title, body: `${title}：请于截止日前补齐材料。`, sms }),
  );

describe('inbox and SMS copies', () => {
  it('a notice reaches the inbox and its SMS goes out through the gateway, retried after a failure', async () => {
    const { s, id } = await meId('ent_demo');
    gateway.failNext = 1;
    await send(id, '容缺材料补正提醒');
    const inbox = (await t.call(s, { method: 'GET', url: '/api/inbox' })).json();
    expect(inbox).toMatchObject({ total: 1, unread: 1 });
    expect(inbox.items[0].title).toBe('容缺材料补正提醒');
    // The first attempt fails; pg-boss retries with back-off as time moves on.
    for (let i = 0; i < 6 && gateway.sent.length === 0; i++) {
      await t.clock.set(new Date(t.clock.now.getTime() + 120_000).toISOString());
      await t.runJobs();
      await new Promise((r) => setImmediate(r));
    }
    await expect.poll(() => gateway.sent.length, { timeout: 10_000 }).toBe(1);
    expect(gateway.sent[0]).toMatchObject({
      channel: 'sms',
      address: '13947700001',
      title: '容缺材料补正提醒',
    });
    const [delivery] = await queryRows<{ status: string; attempts: number }>(
      t.database.db,
      sql`select status, attempts from notification_delivery`,
    );
    expect(delivery).toEqual({ status: 'sent', attempts: 2 });
  });

  it('marks read for the owner only; others see nothing of it', async () => {
    const owner = await meId('person_demo');
    const row = await send(owner.id, '办理结果通知', false);
    const other = await t.login('agent_demo');
    expect((await t.call(other, { method: 'POST', url: `/api/inbox/${row.id}/read` })).statusCode).toBe(404);
    expect((await t.call(other, { method: 'GET', url: '/api/inbox' })).json().total).toBe(0);
    expect((await t.call(owner.s, { method: 'POST', url: `/api/inbox/${row.id}/read` })).statusCode).toBe(
      204,
    );
    const inbox = (await t.call(owner.s, { method: 'GET', url: '/api/inbox' })).json();
    expect(inbox.unread).toBe(0);
    expect(inbox.items[0].readAt).not.toBeNull();
    expect((await t.app.inject({ method: 'GET', url: '/api/inbox' })).statusCode).toBe(401);
  });

  it('a notice in a rolled-back transaction is neither stored nor sent', async () => {
    const { s, id } = await meId('clerk');
    const before = gateway.sent.length;
    await expect(
      runAction(t.app.deps, { actor: systemActor('测试'), requestId: null }, async (ctx) => {
        await notify(ctx, { userId: id, kind: 'x', title: '不应出现', body: '回滚', sms: true });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await t.runJobs();
    expect((await t.call(s, { method: 'GET', url: '/api/inbox' })).json().total).toBe(0);
    expect(gateway.sent.length).toBe(before);
  });
});
