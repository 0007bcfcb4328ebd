import { randomBytes } from 'node:crypto';
import type { ApplicationEvent } from '../../../contracts/applications';
import type { Actor } from '../../../domain/access';
import { decideApplicationTransition } from '../../../domain/application-lifecycle';
import { DomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx, ReadCtx } from '../../context';
import type { CacheReader } from '../../runtime/caches';
import { commitmentModel } from '../catalog/documents';
import { getItemVersion, type VersionRow } from '../catalog/repository';
import { actorRef } from '../catalog/shared';
import type { SubjectRef } from '../credit/port';
import {
  type ApplicationRow,
  appendEvent,
  findApplication,
  type NewApplication,
  updateApplication,
} from './repository';

/** Working days given after a 催告 to supply what is still missing (002: 催告后仍未补正的，终止办理). */
export const FINAL_SUPPLY_DAYS = 5;

export const chinaMorning = (date: string): Date => new Date(`${date}T09:00:00+08:00`);

export const newNumber = (prefix: string, now: Date): string =>
  `${prefix}${chinaDate(now).replaceAll('-', '')}${randomBytes(5).toString('hex').toUpperCase()}`;

export async function requireApplication(ctx: Pick<ReadCtx, 'db'>, id: string): Promise<ApplicationRow> {
  const row = await findApplication(ctx.db, id);
  if (!row) throw new DomainError('NOT_FOUND', '办件不存在', { id });
  return row;
}

/**
 * Item versions past draft never change their content (the catalog's UPDATE says status = 'draft'), so the
 * versions applications are judged by are kept in memory: a few queries fewer on every decision.
 */
export async function cachedVersion(ctx: CacheReader, id: string): Promise<VersionRow | undefined> {
  const hit = ctx.caches?.versions.get(id);
  if (hit) return hit;
  const v = await getItemVersion(ctx.db, id);
  if (v && v.status !== 'draft') ctx.caches?.versions.set(id, v);
  return v;
}

export async function requireVersion(ctx: CacheReader, id: string): Promise<VersionRow> {
  const v = await cachedVersion(ctx, id);
  if (!v) throw new DomainError('NOT_FOUND', '事项版本不存在', { id });
  return v;
}

/** Staff who see every application: the comprehensive window and auditors; others only their department's. */
export function mayRead(actor: Actor, app: ApplicationRow): boolean {
  switch (actor.kind) {
    case 'system':
      return true;
    case 'applicant':
      return app.applicantUserId === actor.userId;
    case 'staff':
      return (
        actor.roles.includes('window_clerk') ||
        actor.roles.includes('auditor') ||
        actor.departmentId === app.departmentId
      );
    case 'token':
      return actor.departmentId === app.departmentId;
  }
}

export function assertMayRead(actor: Actor, app: ApplicationRow): void {
  if (!mayRead(actor, app)) throw new DomainError('NOT_FOUND', '办件不存在', { id: app.id });
}

/** The applicant acts online on its own case; a window clerk acts for a counter application. */
export function assertApplicantSide(actor: Actor, app: ApplicationRow): void {
  if (actor.kind === 'system') return;
  if (actor.kind === 'applicant' && app.channel === 'online' && app.applicantUserId === actor.userId) return;
  if (actor.kind === 'staff' && actor.roles.includes('window_clerk') && app.channel === 'counter') return;
  if (actor.kind === 'applicant' && app.applicantUserId !== actor.userId) {
    throw new DomainError('NOT_FOUND', '办件不存在', { id: app.id });
  }
  throw new DomainError('FORBIDDEN', '只有申请人本人（窗口办件由综合受理窗口）可以办理此步骤');
}

/**
 * Moves an application by one event: the table decides, the write is compare-and-set on status and
 * version, and the history row and audit row go in the same transaction.
 */
export async function transition(
  ctx: Ctx,
  app: ApplicationRow,
  event: ApplicationEvent,
  opts: {
    withdrawalAllowed?: boolean;
    set?: Partial<NewApplication>;
    comment?: string | null;
    expectedVersion?: number;
    audit?: Record<string, unknown>;
  } = {},
): Promise<ApplicationRow> {
  if (opts.expectedVersion !== undefined && opts.expectedVersion !== app.version) {
    throw new DomainError('CONFLICT', '办件已被他人更新，请刷新后重试', {
      expected: opts.expectedVersion,
      actual: app.version,
    });
  }
  const decided = decideApplicationTransition(app.status, event, {
    withdrawalAllowed: opts.withdrawalAllowed ?? false,
    keyReview: app.keyReview,
  });
  if (!decided.ok) throw new DomainError(decided.code, decided.message, { status: app.status, event });
  const after = await updateApplication(
    ctx.tx,
    app.id,
    { status: app.status, version: app.version },
    { ...opts.set, status: decided.to, updatedAt: ctx.now },
  );
  if (!after) {
    throw new DomainError('CONFLICT', '办件已被他人处理，请刷新后查看', { id: app.id, event });
  }
  const who = actorRef(ctx.actor);
  appendEvent(ctx, {
    applicationId: app.id,
    seq: after.version,
    event,
    fromStatus: app.status,
    toStatus: decided.to,
    actorId: who.actorId,
    actorName: who.actorName,
    comment: opts.comment ?? null,
    at: ctx.now,
  });
  return after;
}

export async function auditApplication(
  ctx: Ctx,
  action: string,
  before: ApplicationRow | null,
  after: ApplicationRow,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await appendAudit(ctx, {
    action,
    targetType: 'application',
    targetId: after.id,
    before: before ? { status: before.status, version: before.version } : null,
    after: { status: after.status, version: after.version, mode: after.mode, ...extra },
  });
}

/** The exact text the applicant signs: the item version's commitment letter filled with the applicant. */
export function commitmentText(
  v: VersionRow,
  subject: SubjectRef,
  shownCode: string,
  agentName: string | null,
  now: Date,
  /** What the commitment stands in for, and what is promised later (容缺), named in the letter itself. */
  covers: {
    replaced: { name: string; certificate: string | null }[];
    missing: { name: string; dueDate: string }[];
  } = {
    replaced: [],
    missing: [],
  },
): string {
  const m = commitmentModel(v, {
    applicantName: subject.name,
    applicantCode: shownCode,
    ...(agentName ? { agentName } : {}),
  });
  const [y, mo, d] = chinaDate(now).split('-');
  const lines = [m.title, '', ...m.lines, ''];
  for (const b of m.blocks) {
    if (b.heading) lines.push(b.heading);
    lines.push(...b.paragraphs);
  }
  if (covers.replaced.length) {
    lines.push(
      `本承诺替代以下材料，本人（本单位）不再提交：${covers.replaced
        .map((r) => (r.certificate ? `${r.name}（替代“${r.certificate}”）` : r.name))
        .join('、')}。`,
    );
  }
  if (covers.missing.length) {
    lines.push(
      `本人（本单位）承诺在期限内补正以下容缺材料，逾期经催告仍未补正的，愿意承担相应责任：${covers.missing
        .map((m) => `${m.name}（${m.dueDate}前）`)
        .join('、')}。`,
    );
  }
  lines.push('', `承诺人：${subject.name}${agentName ? `（代理人：${agentName}）` : ''}`);
  lines.push(`日期：${y}年${Number(mo)}月${Number(d)}日`);
  return lines.join('\n');
}

/** 违诺责任: what the letter accepts, with the liabilities the notice spells out (004). */
export const liabilityText = (v: VersionRow): string =>
  [
    v.commitment.acceptsLiability,
    `民事责任：${v.notice.civilLiability}`,
    `行政责任：${v.notice.administrativeLiability}`,
    `刑事责任：${v.notice.criminalLiability}`,
  ].join('\n');
