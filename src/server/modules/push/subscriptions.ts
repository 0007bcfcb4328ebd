import type { PushTopic } from '../../../contracts/push';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { randomToken } from '../../security/crypto';
import { findDepartment } from '../accounts/repository';
import { findSubscription, insertSubscription, updateSubscription } from './repository';

export type CreateSubscriptionInput = {
  systemName: string;
  departmentId: string;
  url: string;
  topics: PushTopic[];
  secret?: string;
};

function checkUrl(url: string): void {
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
}

// The audit row never holds the secret: only that it was set or changed.
const audited = (row: {
  systemName: string;
  departmentId: string;
  url: string;
  topics: string[];
  active: boolean;
}) => ({
  systemName: row.systemName,
  departmentId: row.departmentId,
  url: row.url,
  topics: row.topics,
  active: row.active,
});

/** Registers a receiving system. The signing secret is stored SM4-encrypted and shown once. */
export async function createSubscription(ctx: Ctx, input: CreateSubscriptionInput) {
  checkUrl(input.url);
  if (!(await findDepartment(ctx.tx, input.departmentId))) throw new DomainError('NOT_FOUND', '部门不存在');
  const secret = input.secret ?? randomToken(32);
  const row = await insertSubscription(ctx.tx, {
    systemName: input.systemName.trim(),
    departmentId: input.departmentId,
    url: input.url,
    topics: input.topics,
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
  return { row, secret };
}

export type UpdateSubscriptionInput = {
  systemName?: string;
  url?: string;
  topics?: PushTopic[];
  active?: boolean;
  rotateSecret?: boolean;
};

export async function changeSubscription(ctx: Ctx, id: string, input: UpdateSubscriptionInput) {
  const before = await findSubscription(ctx.tx, id);
  if (!before) throw new DomainError('NOT_FOUND', '推送订阅不存在');
  if (input.url) checkUrl(input.url);
  const secret = input.rotateSecret ? randomToken(32) : null;
  const row = await updateSubscription(ctx.tx, id, {
    ...(input.systemName !== undefined ? { systemName: input.systemName.trim() } : {}),
    ...(input.url !== undefined ? { url: input.url } : {}),
    ...(input.topics !== undefined ? { topics: input.topics } : {}),
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
  return { row: row!, secret };
}
