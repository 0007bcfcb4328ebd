import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/codes';
import { type CommitmentSource, toCommitmentDataItems } from '../../src/domain/national-items';
import { runAction, systemActor } from '../../src/server/context';
import { writeOutbox } from '../../src/server/outbox/outbox';
import { allocateCommitmentCode } from '../../src/server/push/commitment-code';
import { PushDispatcher } from '../../src/server/push/dispatcher';
import { verifyPushSignature } from '../../src/server/push/signing';
import { createTestApp, type TestApp } from '../helpers/app';
import { startReceiver } from '../helpers/push';

const MAX_ATTEMPTS = 3;
const t = await createTestApp({
  config: { pushMaxAttempts: MAX_ATTEMPTS, pushBackoffSeconds: 30, pushBatchSize: 50 },
});

const receiver = await startReceiver();
const admin = await t.login('sysadmin');
const listedDepartments = (await t.call(admin, { method: 'GET', url: '/api/departments' })).json();
const departments = (listedDepartments.items ?? listedDepartments) as { id: string; name: string }[];
const samr = departments.find((d) => d.name.includes('市场监督'))!;

const subscribe = async (path: string, topics: string[]) => {
  const res = await t.call(admin, {
    method: 'POST',
    url: '/api/push/subscriptions',
    payload: { systemName: `监管系统${path}`, departmentId: samr.id, url: `${receiver.base}${path}`, topics },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; secret: string };
};

const emit = (topic: 'commitment' | 'license' | 'revocation' | 'decision', id: string, payload: object) =>
  runAction(t.app.deps, { actor: systemActor('测试'), requestId: null }, async (ctx) =>
    writeOutbox(ctx, {
      departmentIds: [],
      topic,
      aggregateType: 'commitment',
      aggregateId: id,
      payload: payload as never,
    }),
  );

const advanceSeconds = (s: number) => t.clock.set(new Date(t.clock.now.getTime() + s * 1000).toISOString());

const deliveriesOf = async (subscriptionId: string) =>
  (
    await t.call(admin, { method: 'GET', url: `/api/push/deliveries?subscriptionId=${subscriptionId}` })
  ).json();

describe('push delivery', () => {
  it('delivers each message once per subscriber, signed with HMAC-SM3 over timestamp and body', async () => {
    const sub = await subscribe('/ok', ['commitment']);
    expect(sub.secret.length).toBeGreaterThanOrEqual(32);
    await emit('commitment', 'c-1', {
      承诺编码: '15062620261123000001',
      承诺人名称: '乌审旗草原明珠餐饮有限公司',
    });
    await emit('license', 'l-1', { 许可编号: 'X' }); // another topic: not for this subscriber
    expect(await t.app.push.runOnce()).toBe(1);
    const got = receiver.received.filter((r) => r.path === '/ok');
    expect(got).toHaveLength(1);
    const r = got[0]!;
    const verified = verifyPushSignature({
      secret: sub.secret,
      body: r.body,
      timestamp: r.headers['x-xyp-timestamp'] as string,
      signature: r.headers['x-xyp-signature'] as string,
      nowSeconds: Math.floor(t.clock.now.getTime() / 1000),
    });
    expect(verified).toEqual({ ok: true });
    // A byte changed in transit, or another secret, fails the check.
    expect(
      verifyPushSignature({
        secret: sub.secret,
        body: r.body.replace('草原', '沙漠'),
        timestamp: r.headers['x-xyp-timestamp'] as string,
        signature: r.headers['x-xyp-signature'] as string,
        nowSeconds: Math.floor(t.clock.now.getTime() / 1000),
      }).ok,
    ).toBe(false);
    expect(r.headers['idempotency-key']).toBe('commitment:c-1');
    const body = JSON.parse(r.body);
    expect(body).toMatchObject({
      id: 'commitment:c-1',
      topic: 'commitment',
      payload: { 承诺人名称: '乌审旗草原明珠餐饮有限公司' },
    });
    expect(await t.app.push.runOnce()).toBe(0);
    const list = await deliveriesOf(sub.id);
    expect(list.items[0]).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200 });
  });

  it('retries a failing receiver with exponential back-off on the clock, then delivers', async () => {
    const sub = await subscribe('/flaky', ['decision']);
    receiver.failures['/flaky'] = 2;
    await emit('decision', 'd-1', { 决定: '准予许可' });
    expect(await t.app.push.runOnce()).toBe(1); // fails (1)
    expect(await t.app.push.runOnce()).toBe(0); // not due yet
    await advanceSeconds(29);
    expect(await t.app.push.runOnce()).toBe(0);
    await advanceSeconds(1);
    expect(await t.app.push.runOnce()).toBe(1); // fails (2): next in 60 s
    await advanceSeconds(59);
    expect(await t.app.push.runOnce()).toBe(0);
    await advanceSeconds(1);
    expect(await t.app.push.runOnce()).toBe(1); // delivered
    const [delivery] = (await deliveriesOf(sub.id)).items;
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3 });
    const attempts = (
      await t.call(admin, { method: 'GET', url: `/api/push/deliveries/${delivery.id}/attempts?pageSize=2` })
    ).json();
    expect(attempts.total).toBe(3);
    expect(attempts.items.map((a: { statusCode: number }) => a.statusCode)).toEqual([200, 500]);
    expect(attempts.items[1].error).toContain('500');
    const all = receiver.received.filter((r) => r.path === '/flaky');
    expect(new Set(all.map((r) => r.headers['idempotency-key']))).toEqual(new Set(['decision:d-1']));
  });

  it('dead-letters after N failures, alerts system administrators, and an admin replay delivers', async () => {
    const sub = await subscribe('/down', ['revocation']);
    receiver.failures['/down'] = 100;
    await emit('revocation', 'r-1', { 撤销: '虚假承诺' });
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      expect(await t.app.push.runOnce()).toBe(1);
      await advanceSeconds(3600);
    }
    expect(await t.app.push.runOnce()).toBe(0);
    const [dead] = (await deliveriesOf(sub.id)).items;
    expect(dead).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS, lastStatusCode: 500 });
    const inbox = (await t.call(admin, { method: 'GET', url: '/api/inbox' })).json();
    expect(inbox.items.some((n: { kind: string; title: string }) => n.kind === 'push_dead_letter')).toBe(
      true,
    );

    receiver.failures['/down'] = 0;
    const replay = await t.call(admin, { method: 'POST', url: `/api/push/deliveries/${dead.id}/replay` });
    expect(replay.statusCode, replay.body).toBe(200);
    // Replaying one that is already waiting is refused.
    expect(
      (await t.call(admin, { method: 'POST', url: `/api/push/deliveries/${dead.id}/replay` })).statusCode,
    ).toBe(409);
    expect(await t.app.push.runOnce()).toBe(1);
    const [after] = (await deliveriesOf(sub.id)).items;
    expect(after).toMatchObject({ status: 'delivered', attempts: 1 });
    const last = receiver.received.filter((r) => r.path === '/down').at(-1)!;
    expect(last.headers['idempotency-key']).toBe('revocation:r-1');
  });

  it('a deactivated subscription gets nothing; a rolled-back change pushes nothing', async () => {
    const sub = await subscribe('/paused', ['commitment']);
    const before = receiver.received.filter((r) => r.path === '/paused').length;
    await expect(
      runAction(t.app.deps, { actor: systemActor('测试'), requestId: null }, async (ctx) => {
        await writeOutbox(ctx, {
          departmentIds: [],
          topic: 'commitment',
          aggregateType: 'x',
          aggregateId: 'rb',
          payload: {},
        });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const patched = await t.call(admin, {
      method: 'PATCH',
      url: `/api/push/subscriptions/${sub.id}`,
      payload: { active: false },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().secret).toBeNull();
    await emit('commitment', 'c-2', {});
    await t.app.push.runOnce();
    expect(receiver.received.filter((r) => r.path === '/paused').length).toBe(before);
  });

  it('only a system administrator manages subscriptions and replays', async () => {
    const sub = await subscribe('/acl', ['decision']);
    for (const who of ['clerk', 'supervisor', 'auditor']) {
      const s = await t.login(who);
      const calls = [
        { method: 'GET' as const, url: '/api/push/subscriptions' },
        {
          method: 'POST' as const,
          url: '/api/push/subscriptions',
          payload: {
            systemName: 'x',
            departmentId: samr.id,
            url: 'http://127.0.0.1:1/x',
            topics: ['decision'],
          },
        },
        { method: 'PATCH' as const, url: `/api/push/subscriptions/${sub.id}`, payload: { active: false } },
        { method: 'POST' as const, url: `/api/push/subscriptions/${sub.id}/replay-dead` },
        { method: 'GET' as const, url: '/api/push/deliveries' },
        { method: 'GET' as const, url: '/api/push/deliveries/1/attempts' },
        { method: 'POST' as const, url: '/api/push/deliveries/1/replay' },
        { method: 'GET' as const, url: '/api/push/results' },
      ];
      for (const c of calls) expect((await t.call(s, c)).statusCode, `${who} ${c.method} ${c.url}`).toBe(403);
    }
    expect((await t.call(null, { method: 'GET', url: '/api/push/subscriptions' })).statusCode).toBe(401);
    const page = (await t.call(admin, { method: 'GET', url: '/api/push/subscriptions?pageSize=1' })).json();
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThan(1);
    expect(page.items[0]).not.toHaveProperty('secret');
    const bad = await t.call(admin, {
      method: 'POST',
      url: '/api/push/subscriptions',
      payload: { systemName: 'x', departmentId: samr.id, url: 'ftp://x', topics: ['decision'] },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('registers receivers only where the configuration allows, never at this machine or a metadata address', async () => {
    const register = (app: TestApp, url: string) =>
      app.call(admin, {
        method: 'POST',
        url: '/api/push/subscriptions',
        payload: { systemName: '外部系统', departmentId: samr.id, url, topics: ['decision'] },
      });
    // Here only 127.0.0.1 is allowed (the test receivers).
    for (const url of [
      'http://10.12.0.8/push',
      'http://169.254.169.254/latest/meta-data',
      'http://localhost:1/x',
    ]) {
      const res = await register(t, url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().message).toMatch(/接收地址/);
    }
    // With no list, any address on the government network, but still not loopback or link-local.
    const open = await createTestApp({ config: { pushAllowedHosts: [] } });
    const admin2 = await open.login('sysadmin');
    const reg = (url: string) =>
      open.call(admin2, {
        method: 'POST',
        url: '/api/push/subscriptions',
        payload: { systemName: '外部系统', departmentId: samr.id, url, topics: ['decision'] },
      });
    expect((await reg('http://10.12.0.8/push')).statusCode).toBe(201);
    // A `*.suffix` entry admits its subdomains only, not a host that merely ends in the same letters.
    const listed = await createTestApp({ config: { pushAllowedHosts: ['*.gov.cn'] } });
    const refused = await listed.call(await listed.login('sysadmin'), {
      method: 'POST',
      url: '/api/push/subscriptions',
      payload: {
        systemName: '外部系统',
        departmentId: samr.id,
        url: 'http://evilgov.cn/push',
        topics: ['decision'],
      },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toContain('不在允许的范围内');
    for (const url of [
      'http://127.0.0.2:8080/x',
      'http://[::1]/x',
      'http://169.254.169.254/',
      'http://0.0.0.0/',
    ]) {
      const res = await reg(url);
      expect(res.statusCode, url).toBe(400);
    }
  });
});

describe('a receiver that does not answer', () => {
  it('holds up only the request it was sent: the others are abandoned at the deadline, never sent late', async () => {
    const seen: string[] = [];
    const hanging = createServer((req) => {
      seen.push(req.headers['x-xyp-delivery'] as string);
    });
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/stuck`;
    const res = await t.call(admin, {
      method: 'POST',
      url: '/api/push/subscriptions',
      payload: { systemName: '无响应系统', departmentId: samr.id, url, topics: ['revocation'] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const sub = res.json();
    for (const id of ['s-1', 's-2', 's-3']) await emit('revocation', id, { 撤销: id });
    // One connection per receiver and a 300 ms deadline: the second and third requests wait for the first
    // one's connection; without a deadline that covers the wait they would be sent after it times out.
    const d = new PushDispatcher({
      ...t.app.deps,
      config: { ...t.app.deps.config, pushConnections: 1, pushTimeoutMs: 300 },
    });
    await d.runOnce();
    await d.stop();
    expect(seen).toHaveLength(1);
    const items = (await deliveriesOf(sub.id)).items as {
      status: string;
      attempts: number;
      lastError: string;
    }[];
    expect(items).toHaveLength(3);
    expect(
      items.every((i) => i.status === 'pending' && i.attempts === 1 && i.lastError.includes('超时')),
    ).toBe(true);
    await t.call(admin, {
      method: 'PATCH',
      url: `/api/push/subscriptions/${sub.id}`,
      payload: { active: false },
    });
    hanging.closeAllConnections();
    await new Promise((r) => hanging.close(r));
  });
});

describe('verification results sent back', () => {
  const result = {
    senderKey: 'samr-2026-0001',
    commitmentCode: '15062620261123000001',
    outcome: 'compliant',
    verifiedOn: '2026-11-20',
    findings: '现场核查，经营场所与承诺一致。',
  };

  it('accepts a token with push.results once per sender key, refuses others', async () => {
    const created = await t.call(admin, {
      method: 'POST',
      url: '/api/api-tokens',
      payload: { name: '市场监管核查系统', departmentId: samr.id, scopes: ['push.results'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const token = created.json().token as string;
    const other = (
      await t.call(admin, {
        method: 'POST',
        url: '/api/api-tokens',
        payload: { name: '只读系统', departmentId: samr.id, scopes: ['department.read'] },
      })
    ).json().token as string;

    const send = (as: string | null, payload: object) =>
      t.call(as, { method: 'POST', url: '/api/push/results', payload });
    expect((await send(null, result)).statusCode).toBe(401);
    expect((await send('xyp_not-a-token', result)).statusCode).toBe(401);
    expect((await send(other, result)).statusCode).toBe(403);
    expect(
      (
        await t.call(await t.login('supervisor'), {
          method: 'POST',
          url: '/api/push/results',
          payload: result,
        })
      ).statusCode,
    ).toBe(403);

    const first = await send(token, result);
    expect(first.statusCode, first.body).toBe(201);
    // No commitment was pushed under this code: set aside for the department's administrators.
    expect(first.json()).toMatchObject({ duplicate: false, outcomeLabel: '符合承诺', status: 'rejected' });
    const again = await send(token, result);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, duplicate: true });
    const changed = await send(token, { ...result, outcome: 'non_compliant' });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().message).toContain('幂等键');
    const noRef = await send(token, { ...result, senderKey: 'k2', commitmentCode: undefined });
    expect(noRef.statusCode).toBe(400);

    // The same new key sent five times at once is stored once.
    const burst = await Promise.all(
      Array.from({ length: 5 }, () => send(token, { ...result, senderKey: 'samr-2026-0002' })),
    );
    expect(burst.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(burst.map((r) => r.json().id)).size).toBe(1);

    const listed = (await t.call(admin, { method: 'GET', url: '/api/push/results' })).json();
    expect(listed.total).toBe(2);
    const audit = (
      await t.call(await t.login('auditor'), {
        method: 'GET',
        url: '/api/audit?targetType=push_inbound_result',
      })
    ).json();
    expect(JSON.stringify(audit)).toContain('push_result.receive');
  });
});

describe('commitment codes', () => {
  it('allocates region + day + serial, unique and in order under concurrency', async () => {
    const alloc = () =>
      runAction(t.app.deps, { actor: systemActor('测试'), requestId: null }, (ctx) =>
        allocateCommitmentCode(ctx, '150626'),
      );
    const codes = await Promise.all(Array.from({ length: 20 }, alloc));
    const day = new Date(t.clock.now.getTime() + 8 * 3_600_000)
      .toISOString()
      .slice(0, 10)
      .replaceAll('-', '');
    expect(codes).toHaveLength(20);
    expect(codes.every((c) => c.length === 20 && c.startsWith(`150626${day}`))).toBe(true);
    expect(codes.map((c) => Number(c.slice(14))).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    // A transaction that rolls back after taking a serial: the next code is still a new one (on
    // PostgreSQL the abandoned serial stays unused, on PGlite it is given out again).
    await expect(
      runAction(t.app.deps, { actor: systemActor('测试'), requestId: null }, async (ctx) => {
        await allocateCommitmentCode(ctx, '150626');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const next = await alloc();
    expect(Number(next.slice(14))).toBe(t.database.kind === 'pglite' ? 21 : 22);
    await expect(
      runAction(t.app.deps, { actor: systemActor('测试'), requestId: null }, (ctx) =>
        allocateCommitmentCode(ctx, '15062'),
      ),
    ).rejects.toThrow('行政区划代码');
    await receiver.close();
  });
});

describe.skipIf(t.database.kind === 'pglite')('commitment codes on PostgreSQL', () => {
  it('are not held by the allocating transaction until it commits', async () => {
    const as = { actor: systemActor('测试'), requestId: null };
    await runAction(t.app.deps, as, async (ctx) => {
      const first = await allocateCommitmentCode(ctx, '150627');
      // Held until commit, this would wait for the transaction it runs inside: a deadlock.
      const second = await runAction(t.app.deps, as, (other) => allocateCommitmentCode(other, '150627'));
      expect(Number(second.slice(14))).toBe(Number(first.slice(14)) + 1);
    });
  });
});

describe('two dispatchers', () => {
  it('share the backlog without sending any message twice', async () => {
    const r = await startReceiver();
    const res = await t.call(admin, {
      method: 'POST',
      url: '/api/push/subscriptions',
      payload: { systemName: '信用平台', departmentId: samr.id, url: `${r.base}/bulk`, topics: ['license'] },
    });
    expect(res.statusCode).toBe(201);
    await runAction(t.app.deps, { actor: systemActor('测试'), requestId: null }, async (ctx) => {
      for (let i = 0; i < 300; i++) {
        await writeOutbox(ctx, {
          departmentIds: [],
          topic: 'license',
          aggregateType: 'license',
          aggregateId: `bulk-${i}`,
          payload: { i },
        });
      }
    });
    const a = new PushDispatcher(t.app.deps);
    const b = new PushDispatcher(t.app.deps);
    const drain = async (d: PushDispatcher) => {
      let n = 0;
      for (let k = 0; k < 50; k++) {
        const got = await d.runOnce();
        if (got === 0) break;
        n += got;
      }
      return n;
    };
    const [na, nb] = await Promise.all([drain(a), drain(b)]);
    await Promise.all([a.stop(), b.stop()]);
    const keys = r.received.map((x) => x.headers['idempotency-key']);
    expect(na + nb).toBe(300);
    expect(keys).toHaveLength(300);
    expect(new Set(keys).size).toBe(300);
    await r.close();
  });
});

describe('commitments pushed as national data items', () => {
  it('an incomplete commitment is refused in Chinese and writes nothing; a complete one reaches the receiver', async () => {
    const r = await startReceiver();
    const created = await t.call(admin, {
      method: 'POST',
      url: '/api/push/subscriptions',
      payload: {
        systemName: '城市信用平台',
        departmentId: samr.id,
        url: `${r.base}/credit`,
        topics: ['commitment'],
      },
    });
    expect(created.statusCode).toBe(201);
    const unit = completeUscc('11150626', '01150001');
    const source = (code: string): CommitmentSource => ({
      code,
      committer: {
        name: '乌审旗草原明珠餐饮有限公司',
        category: '法人及非法人组织',
        code: completeUscc('91150626', 'MA0N7X2K'),
      },
      type: '审批替代型',
      reason: '申请食品经营许可',
      content: '已符合许可条件',
      liability: '承诺不实的依法撤销许可',
      madeOn: '2026-11-23',
      fulfilment: { status: '部分履行' },
      acceptingUnit: { name: '乌审旗政务服务中心', uscc: unit },
      disclosure: '政务共享',
    });
    const as = { actor: systemActor('测试'), requestId: null };
    await expect(
      runAction(t.app.deps, as, async (ctx) => {
        const code = await allocateCommitmentCode(ctx, '150626');
        const payload = toCommitmentDataItems(source(code), { audience: 'government', today: '2026-11-23' });
        await writeOutbox(ctx, {
          departmentIds: [],
          topic: 'commitment',
          aggregateType: 'commitment',
          aggregateId: 'app-1',
          payload,
        });
      }),
    ).rejects.toThrow('未履行的承诺内容不能为空');
    const code = await runAction(t.app.deps, as, async (ctx) => {
      const c = await allocateCommitmentCode(ctx, '150626');
      const payload = toCommitmentDataItems(
        { ...source(c), fulfilment: { status: '全部履行' } },
        { audience: 'government', today: '2026-11-23' },
      );
      await writeOutbox(ctx, {
        departmentIds: [],
        topic: 'commitment',
        aggregateType: 'commitment',
        aggregateId: 'app-1',
        payload,
      });
      return c;
    });
    expect(await t.app.push.runOnce()).toBeGreaterThanOrEqual(1);
    const got = r.received.filter((x) => x.path === '/credit');
    expect(got).toHaveLength(1);
    expect(JSON.parse(got[0]!.body).payload).toMatchObject({
      承诺编码: code,
      承诺履行状态: '全部履行',
      公开类型: '政务共享',
    });
    await r.close();
  });
});
