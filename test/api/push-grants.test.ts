import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { maskResidentId } from '../../src/domain/codes';
import { runAction, systemActor } from '../../src/server/context';
import { queryRows } from '../../src/server/db/client';
import { writeOutbox } from '../../src/server/outbox/outbox';
import { createTestApp, type Session } from '../helpers/app';
import { freshResidentId } from '../helpers/credit';
import { startReceiver } from '../helpers/push';

/**
 * ADR 0019, in transit: a subscription receives only its regions' and departments' messages, and a
 * resident ID in clear only while a legal reviewer's grant, with its legal basis, is in force.
 */
const t = await createTestApp();
const receiver = await startReceiver();
afterAll(() => receiver.close());

const admin = await t.login('sysadmin');
const legal = await t.login('legal');
const auditor = await t.login('auditor');
const departments = (await t.call(admin, { method: 'GET', url: '/api/departments' })).json().items as {
  id: string;
  name: string;
}[];
const samr = departments.find((d) => d.name.includes('市场监督'))!;
const health = departments.find((d) => d.name.includes('卫生健康委员会'))!;

type Subscribed = { id: string; regionCodes: string[]; departmentIds: string[] };

const subscribe = async (path: string, topics: string[], filter: object = {}): Promise<Subscribed> => {
  const res = await t.call(admin, {
    method: 'POST',
    url: '/api/push/subscriptions',
    payload: {
      systemName: `接收系统${path}`,
      departmentId: samr.id,
      url: `${receiver.base}${path}`,
      topics,
      ...filter,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};

/** A message concerning the given departments, as an action of this county writes it. */
const emit = (id: string, departmentIds: string[], payload: Record<string, unknown>) =>
  runAction(t.app.deps, { actor: systemActor('测试'), requestId: null }, async (ctx) =>
    writeOutbox(ctx, { topic: 'license', aggregateType: 'license', aggregateId: id, departmentIds, payload }),
  );

const deliverAll = async () => {
  while ((await t.app.push.runOnce()) > 0);
};

/** The payloads a receiver got at one path, in order. */
const payloadsAt = (path: string) =>
  receiver.received
    .filter((r) => r.path === path)
    .map((r) => JSON.parse(r.body) as { id: string; payload: Record<string, string> });

const count = async (table: 'push_data_grant' | 'audit_log') =>
  Number(
    (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from ${sql.raw(table)}`))[0]!
      .n,
  );

const grant = (as: Session, subscriptionId: string, payload: object) =>
  t.call(as, { method: 'POST', url: `/api/push/subscriptions/${subscriptionId}/grants`, payload });

describe('subscriptions by region and department', () => {
  it('a subscriber receives only its regions’ and departments’ messages', async () => {
    const own = await subscribe('/own', ['license']); // no filter: its department's region, 150626
    const city = await subscribe('/city', ['license'], { regionCodes: ['150600'] }); // covers 1506xx
    const other = await subscribe('/other', ['license'], { regionCodes: ['150602'] }); // 东胜区
    const onlyHealth = await subscribe('/health', ['license'], { departmentIds: [health.id] });
    expect(city.regionCodes).toEqual(['150600']);
    expect(onlyHealth.departmentIds).toEqual([health.id]);
    expect(own).toMatchObject({ regionCodes: [], departmentIds: [] });

    await emit('samr-1', [samr.id], { 许可事项: '食品经营许可' });
    await emit('health-1', [health.id], { 许可事项: '公共场所卫生许可' });
    await deliverAll();

    const ids = (path: string) => payloadsAt(path).map((p) => p.id);
    expect(ids('/own')).toEqual(['license:samr-1', 'license:health-1']);
    expect(ids('/city')).toEqual(['license:samr-1', 'license:health-1']);
    expect(ids('/other')).toEqual([]);
    expect(ids('/health')).toEqual(['license:health-1']);
    const listed = (
      await t.call(admin, { method: 'GET', url: `/api/push/deliveries?subscriptionId=${other.id}` })
    ).json();
    expect(listed.total).toBe(0);
  });

  it('regions and departments are validated, changed with PATCH and audited', async () => {
    const sub = await subscribe('/patched', ['license']);
    const badRegion = await t.call(admin, {
      method: 'PATCH',
      url: `/api/push/subscriptions/${sub.id}`,
      payload: { regionCodes: ['15062'] },
    });
    expect(badRegion.statusCode).toBe(400);
    expect(badRegion.json().message).toMatch(/regionCodes.*格式不正确/);
    const ghost = '00000000-0000-4000-8000-000000000001';
    const badDept = await t.call(admin, {
      method: 'POST',
      url: '/api/push/subscriptions',
      payload: {
        systemName: 'x',
        departmentId: samr.id,
        url: `${receiver.base}/x`,
        topics: ['license'],
        departmentIds: [ghost],
      },
    });
    expect(badDept.statusCode).toBe(400);
    expect(badDept.json().message).toBe(`订阅限定的部门不存在：${ghost}`);

    const res = await t.call(admin, {
      method: 'PATCH',
      url: `/api/push/subscriptions/${sub.id}`,
      payload: { regionCodes: ['150602', '150626'], departmentIds: [samr.id] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ regionCodes: ['150602', '150626'], departmentIds: [samr.id] });
    const audit = (
      await t.call(auditor, {
        method: 'GET',
        url: `/api/audit?targetType=push_subscription&targetId=${sub.id}`,
      })
    ).json().items;
    expect(audit[0]).toMatchObject({
      action: 'push_subscription.update',
      before: { regionCodes: [], departmentIds: [] },
      after: { regionCodes: ['150602', '150626'], departmentIds: [samr.id] },
    });
  });
});

describe('resident IDs in clear only under a grant', () => {
  it('masked without a grant, in clear after the legal reviewer grants it, masked again after revocation', async () => {
    const sub = await subscribe('/platform', ['license']);
    const ids = [freshResidentId(), freshResidentId(), freshResidentId()];
    const send = async (n: number) => {
      await emit(`person-${n}`, [samr.id], { 证件号码: ids[n]!, 备注: `持证人证件号码${ids[n]!}` });
      await deliverAll();
      return payloadsAt('/platform').at(-1)!.payload;
    };

    expect(await send(0)).toEqual({
      证件号码: maskResidentId(ids[0]!),
      备注: `持证人证件号码${maskResidentId(ids[0]!)}`,
    });

    const legalBasis =
      '《中华人民共和国个人信息保护法》第十三条第一款第三项、第三十四条；《社会信用体系建设规划纲要》';
    const granted = await grant(legal, sub.id, { dataClass: 'resident_id', legalBasis });
    expect(granted.statusCode, granted.body).toBe(201);
    expect(granted.json()).toMatchObject({
      subscriptionId: sub.id,
      dataClass: 'resident_id',
      legalBasis,
      grantedByName: '郑红梅',
      active: true,
      revokedAt: null,
    });
    const grantId = granted.json().id as string;
    expect(await send(1)).toEqual({ 证件号码: ids[1]!, 备注: `持证人证件号码${ids[1]!}` });

    // One active grant per class: a second is refused until the first is revoked.
    const again = await grant(legal, sub.id, { dataClass: 'resident_id', legalBasis: '另一依据' });
    expect(again.statusCode).toBe(409);

    const noReason = await t.call(legal, {
      method: 'POST',
      url: `/api/push/grants/${grantId}/revoke`,
      payload: { reason: ' ' },
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().message).toBe('请填写撤销理由');
    const revoked = await t.call(legal, {
      method: 'POST',
      url: `/api/push/grants/${grantId}/revoke`,
      payload: { reason: '接收系统已改为按需查询，无需明文' },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({
      active: false,
      revokedByName: '郑红梅',
      revokeReason: '接收系统已改为按需查询，无需明文',
    });
    expect(await send(2)).toEqual({
      证件号码: maskResidentId(ids[2]!),
      备注: `持证人证件号码${maskResidentId(ids[2]!)}`,
    });
    const twice = await t.call(legal, {
      method: 'POST',
      url: `/api/push/grants/${grantId}/revoke`,
      payload: { reason: '再撤一次' },
    });
    expect(twice.statusCode).toBe(409);

    // The administrator sees the grants, past and present, but cannot make or undo one.
    for (const who of [admin, legal]) {
      const list = await t.call(who, { method: 'GET', url: `/api/push/subscriptions/${sub.id}/grants` });
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json()).toEqual([revoked.json()]);
    }

    // Both appear in the audit log, with who, the legal basis and the reason.
    const audit = await t.call(auditor, {
      method: 'GET',
      url: `/api/audit?targetType=push_data_grant&targetId=${grantId}`,
    });
    expect(audit.json().items).toMatchObject([
      {
        action: 'push_data_grant.revoke',
        actorName: 'legal',
        after: { revokeReason: '接收系统已改为按需查询，无需明文' },
      },
      {
        action: 'push_data_grant.grant',
        actorName: 'legal',
        after: { subscriptionId: sub.id, dataClass: 'resident_id', legalBasis },
      },
    ]);
  });

  it('only the legal reviewer grants and revokes; a refusal writes nothing', async () => {
    const sub = await subscribe('/refused', ['license']);
    const applicant = await t.login('ent_demo');
    const clerk = await t.login('clerk');
    const body = { dataClass: 'resident_id', legalBasis: '《中华人民共和国个人信息保护法》第十三条' };
    const grants = await count('push_data_grant');
    const audits = await count('audit_log');
    for (const who of [admin, applicant, clerk]) {
      const res = await grant(who, sub.id, body);
      expect(res.statusCode, res.body).toBe(403);
    }
    expect(await count('push_data_grant')).toBe(grants);
    expect(await count('audit_log')).toBe(audits);

    const made = await grant(legal, sub.id, body);
    expect(made.statusCode, made.body).toBe(201);
    const after = await count('audit_log');
    for (const who of [admin, applicant]) {
      const res = await t.call(who, {
        method: 'POST',
        url: `/api/push/grants/${made.json().id}/revoke`,
        payload: { reason: '越权撤销' },
      });
      expect(res.statusCode).toBe(403);
    }
    for (const who of [applicant, clerk]) {
      const res = await t.call(who, { method: 'GET', url: `/api/push/subscriptions/${sub.id}/grants` });
      expect(res.statusCode).toBe(403);
    }
    expect(await count('audit_log')).toBe(after);
    const list = (
      await t.call(admin, { method: 'GET', url: `/api/push/subscriptions/${sub.id}/grants` })
    ).json();
    expect(list).toMatchObject([{ active: true }]);
  });

  it('a grant without a legal basis is refused, in Chinese', async () => {
    const sub = await subscribe('/basis', ['license']);
    const missing = await grant(legal, sub.id, { dataClass: 'resident_id' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toMatch(/legalBasis.*必填/);
    const blank = await grant(legal, sub.id, { dataClass: 'resident_id', legalBasis: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().message).toMatch(/^请填写法律依据/);
    const unknown = await grant(legal, '00000000-0000-4000-8000-000000000002', {
      dataClass: 'resident_id',
      legalBasis: '某依据',
    });
    expect(unknown.statusCode).toBe(404);
    const list = (
      await t.call(legal, { method: 'GET', url: `/api/push/subscriptions/${sub.id}/grants` })
    ).json();
    expect(list).toEqual([]);
  });
});
