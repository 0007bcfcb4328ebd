import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import type { PushTopic } from '../../../contracts/push';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { randomToken } from '../../security/crypto';
import { findDepartment } from '../accounts/repository';
import { presentSubscription } from './present';
import { findSubscription, insertSubscription, listSubscriptions, updateSubscription } from './repository';

export type CreateSubscriptionInput = {
  systemName: string;
  departmentId: string;
  url: string;
  topics: PushTopic[];
  regionCodes?: string[];
  departmentIds?: string[];
  secret?: string;
};

// Never a receiving system: link-local (cloud metadata at 169.254.169.254), unspecified, multicast.
const forbidden = new BlockList();
forbidden.addSubnet('169.254.0.0', 16, 'ipv4');
forbidden.addSubnet('0.0.0.0', 8, 'ipv4');
forbidden.addSubnet('224.0.0.0', 4, 'ipv4');
forbidden.addSubnet('fe80::', 10, 'ipv6');
forbidden.addSubnet('ff00::', 8, 'ipv6');
forbidden.addAddress('::', 'ipv6');
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const family = (ip: string) => (isIP(ip) === 6 ? 'ipv6' : 'ipv4');

/**
 * A receiving system must be reachable over http(s) at a host the configuration allows, and never at an
 * address that would turn the dispatcher against this server or its cloud (checked on what the host
 * name resolves to now; receivers are registered by administrators, not by the public).
 */
async function checkUrl(ctx: Ctx, url: string): Promise<void> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new DomainError('VALIDATION', `接收地址不是有效的网址：${url}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new DomainError('VALIDATION', '接收地址只支持 http 或 https');
  }
  if (u.username || u.password) throw new DomainError('VALIDATION', '接收地址不能包含用户名或密码');
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const allowed = ctx.config.pushAllowedHosts;
  const listed = allowed.some((a) => a === host || (a.startsWith('*.') && host.endsWith(a.slice(1))));
  if (allowed.length > 0 && !listed) {
    throw new DomainError('VALIDATION', `接收地址的主机 ${host} 不在允许的范围内（PUSH_ALLOWED_HOSTS）`);
  }
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    throw new DomainError('VALIDATION', `无法解析接收地址的主机名：${host}`);
  }
  for (const ip of addresses) {
    if (forbidden.check(ip, family(ip))) {
      throw new DomainError('VALIDATION', `接收地址不能指向链路本地、组播或未指定地址：${ip}`);
    }
    if (!listed && (loopback.check(ip, family(ip)) || host === 'localhost')) {
      throw new DomainError('VALIDATION', `接收地址不能指向本机（${ip}），除非在 PUSH_ALLOWED_HOSTS 中列明`);
    }
  }
}

/** A subscription may only name departments that exist: a mistyped one would silently filter out everything. */
async function checkDepartments(ctx: Ctx, ids: string[] | undefined): Promise<void> {
  const missing: string[] = [];
  for (const id of new Set(ids ?? [])) if (!(await findDepartment(ctx.tx, id))) missing.push(id);
  if (missing.length > 0) {
    throw new DomainError('VALIDATION', `订阅限定的部门不存在：${missing.join('、')}`, {
      departmentIds: missing,
    });
  }
}

// The audit row never holds the secret: only that it was set or changed.
const audited = (row: {
  systemName: string;
  departmentId: string;
  url: string;
  topics: string[];
  regionCodes: string[];
  departmentIds: string[];
  active: boolean;
}) => ({
  systemName: row.systemName,
  departmentId: row.departmentId,
  url: row.url,
  topics: row.topics,
  regionCodes: row.regionCodes,
  departmentIds: row.departmentIds,
  active: row.active,
});

/** Registers a receiving system. The signing secret is stored SM4-encrypted and shown once. */
export async function createSubscription(ctx: Ctx, input: CreateSubscriptionInput) {
  await checkUrl(ctx, input.url);
  if (!(await findDepartment(ctx.tx, input.departmentId))) throw new DomainError('NOT_FOUND', '部门不存在');
  await checkDepartments(ctx, input.departmentIds);
  const secret = input.secret ?? randomToken(32);
  const row = await insertSubscription(ctx.tx, {
    systemName: input.systemName.trim(),
    departmentId: input.departmentId,
    url: input.url,
    topics: input.topics,
    regionCodes: input.regionCodes ?? [],
    departmentIds: input.departmentIds ?? [],
    secretEnc: ctx.crypto.encrypt(secret),
    active: true,
    createdBy: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  await appendAudit(ctx, {
    action: 'push_subscription.create',
    targetType: 'push_subscription',
    targetId: row.id,
    after: { ...audited(row), secret: '已设置' },
  });
  return withSecret(ctx, row.id, secret);
}

export type UpdateSubscriptionInput = {
  systemName?: string;
  url?: string;
  topics?: PushTopic[];
  regionCodes?: string[];
  departmentIds?: string[];
  active?: boolean;
  rotateSecret?: boolean;
};

export async function changeSubscription(ctx: Ctx, id: string, input: UpdateSubscriptionInput) {
  const before = await findSubscription(ctx.tx, id);
  if (!before) throw new DomainError('NOT_FOUND', '推送订阅不存在');
  if (input.url) await checkUrl(ctx, input.url);
  await checkDepartments(ctx, input.departmentIds);
  const secret = input.rotateSecret ? randomToken(32) : null;
  const row = await updateSubscription(ctx.tx, id, {
    ...(input.systemName !== undefined ? { systemName: input.systemName.trim() } : {}),
    ...(input.url !== undefined ? { url: input.url } : {}),
    ...(input.topics !== undefined ? { topics: input.topics } : {}),
    ...(input.regionCodes !== undefined ? { regionCodes: input.regionCodes } : {}),
    ...(input.departmentIds !== undefined ? { departmentIds: input.departmentIds } : {}),
    ...(input.active !== undefined ? { active: input.active } : {}),
    ...(secret ? { secretEnc: ctx.crypto.encrypt(secret) } : {}),
    updatedAt: ctx.now,
  });
  await appendAudit(ctx, {
    action: 'push_subscription.update',
    targetType: 'push_subscription',
    targetId: id,
    before: audited(before),
    after: { ...audited(row!), ...(secret ? { secret: '已更换' } : {}) },
  });
  return withSecret(ctx, row!.id, secret);
}

/** The subscription as the list shows it, with the signing secret (shown once, when it is set). */
async function withSecret(ctx: Ctx, id: string, secret: string | null) {
  const [listed] = await listSubscriptions(ctx.tx, id);
  return { ...presentSubscription(listed!), secret };
}
