import { DomainError } from '../../../domain/errors';
import { appendAuditWith } from '../../audit/audit-log';
import type { Deps } from '../../context';
import type { Executor } from '../../db/client';
import { jobNames } from '../../jobs/definitions';
import { randomToken, sm3 } from '../../security/crypto';
import { dummyHash, verifyPassword } from './passwords';
import {
  actorOf,
  findUserByUsername,
  insertSession,
  recordFailedLogin,
  recordSuccessfulLogin,
  type UserRow,
} from './repository';

export type LoginInput = { username: string; password: string; ip: string | null; userAgent: string | null };
export type LoginResult = { sessionToken: string; csrfToken: string; user: UserRow; expiresAt: Date };

const lockedMessage = (until: Date) => {
  const t = new Date(until.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
  return `账号因多次密码错误已被锁定，请于北京时间${t}后再试，或联系系统管理员解锁`;
};

const locked = (until: Date) =>
  new DomainError('ACCOUNT_LOCKED', lockedMessage(until), { lockedUntil: until });

/**
 * One answer for an unknown (or disabled) user and for a wrong password — same status, same body, and
 * about the same time, since the password is checked against a dummy hash when there is no account — so
 * the login form does not tell which user names exist.
 */
const wrongCredentials = () => new DomainError('UNAUTHENTICATED', '用户名或密码错误');

/**
 * Password login with lockout: after `loginMaxFailures` wrong passwords in a row the account is locked
 * for `lockoutMinutes`, during which even the right password is refused. Failures are committed even
 * though the login fails, so the counter cannot be reset by retrying, and counted in one statement each,
 * so attempts sent in parallel all count.
 */
export async function login(deps: Deps, input: LoginInput, requestId: string): Promise<LoginResult> {
  const now = deps.clock();
  const { db } = deps.database;
  const user = await findUserByUsername(db, input.username);
  if (!user?.active) {
    await verifyPassword(await dummyHash(), input.password);
    throw wrongCredentials();
  }
  if (user.lockedUntil && user.lockedUntil > now) throw locked(user.lockedUntil);
  const actor = actorOf(user, null);
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    const lockUntil = new Date(now.getTime() + deps.config.lockoutMinutes * 60_000);
    const counted = await db.transaction(async (tx) => {
      const r = await recordFailedLogin(tx, user.id, now, deps.config.loginMaxFailures, lockUntil);
      if (r?.lockedNow) {
        await appendAuditWith(tx, deps.crypto, actor, now, requestId, {
          action: 'account.locked',
          targetType: 'user_account',
          targetId: user.id,
          after: { lockedUntil: r.lockedUntil, failures: r.failures },
        });
      }
      return r;
    });
    // No row: another attempt locked the account meanwhile.
    if (!counted) throw locked((await findUserByUsername(db, input.username))?.lockedUntil ?? lockUntil);
    if (counted.lockedUntil) throw locked(counted.lockedUntil);
    throw wrongCredentials();
  }
  const opened = await db.transaction(async (tx) => {
    if (!(await recordSuccessfulLogin(tx, user.id, now))) return null;
    return await openSession(deps, tx, user, input, requestId, 'password');
  });
  if (!opened) {
    throw locked((await findUserByUsername(db, input.username))?.lockedUntil ?? now);
  }
  return opened;
}

/**
 * A new session for an account that has just proven who it is (password, or the identity platform):
 * the session row, its expiry job and the audit row, in the caller's transaction.
 */
export async function openSession(
  deps: Deps,
  tx: Executor,
  user: UserRow,
  input: { ip: string | null; userAgent: string | null },
  requestId: string,
  method: 'password' | 'platform',
): Promise<LoginResult> {
  const now = deps.clock();
  const sessionToken = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(now.getTime() + deps.config.sessionHours * 3_600_000);
  await insertSession(tx, {
    tokenHash: sm3(sessionToken),
    userId: user.id,
    csrfToken,
    createdAt: now,
    expiresAt,
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
  });
  await deps.jobs.enqueue(
    tx,
    jobNames.sessionExpire,
    { tokenHash: sm3(sessionToken) },
    { startAfter: expiresAt },
  );
  await appendAuditWith(tx, deps.crypto, actorOf(user, null), now, requestId, {
    action: 'session.login',
    targetType: 'user_account',
    targetId: user.id,
    after: { ip: input.ip, expiresAt, ...(method === 'platform' ? { method } : {}) },
  });
  return { sessionToken, csrfToken, user, expiresAt };
}
