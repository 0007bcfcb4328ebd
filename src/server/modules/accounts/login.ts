import { DomainError } from '../../../domain/errors';
import { appendAuditWith } from '../../audit/audit-log';
import type { Deps } from '../../context';
import { jobNames } from '../../jobs/definitions';
import { randomToken, sm3 } from '../../security/crypto';
import { dummyHash, verifyPassword } from './passwords';
import { actorOf, findUserByUsername, insertSession, type UserRow, updateLoginState } from './repository';

export type LoginInput = { username: string; password: string; ip: string | null; userAgent: string | null };
export type LoginResult = { sessionToken: string; csrfToken: string; user: UserRow; expiresAt: Date };

const lockedMessage = (until: Date) => {
  const t = new Date(until.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
  return `账号因多次密码错误已被锁定，请于北京时间${t}后再试，或联系系统管理员解锁`;
};

/**
 * Password login with lockout: after `loginMaxFailures` wrong passwords in a row the account is locked
 * for `lockoutMinutes`, during which even the right password is refused. Failures are committed even
 * though the login fails, so the counter cannot be reset by retrying.
 */
export async function login(deps: Deps, input: LoginInput, requestId: string): Promise<LoginResult> {
  const now = deps.clock();
  const { db } = deps.database;
  const user = await findUserByUsername(db, input.username);
  if (!user?.active) {
    await verifyPassword(await dummyHash(), input.password);
    throw new DomainError('UNAUTHENTICATED', '用户名或密码错误');
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    throw new DomainError('ACCOUNT_LOCKED', lockedMessage(user.lockedUntil), {
      lockedUntil: user.lockedUntil,
    });
  }
  const actor = actorOf(user, null);
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    const failures = user.failedLogins + 1;
    const lock = failures >= deps.config.loginMaxFailures;
    const lockedUntil = lock ? new Date(now.getTime() + deps.config.lockoutMinutes * 60_000) : null;
    await db.transaction(async (tx) => {
      await updateLoginState(tx, user.id, { failedLogins: lock ? 0 : failures, lockedUntil });
      if (lock) {
        await appendAuditWith(tx, deps.crypto, actor, now, requestId, {
          action: 'account.locked',
          targetType: 'user_account',
          targetId: user.id,
          after: { lockedUntil, failures },
        });
      }
    });
    if (lockedUntil) throw new DomainError('ACCOUNT_LOCKED', lockedMessage(lockedUntil), { lockedUntil });
    throw new DomainError('UNAUTHENTICATED', '用户名或密码错误', {
      remainingAttempts: deps.config.loginMaxFailures - failures,
    });
  }
  const sessionToken = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(now.getTime() + deps.config.sessionHours * 3_600_000);
  await db.transaction(async (tx) => {
    await updateLoginState(tx, user.id, { failedLogins: 0, lockedUntil: null });
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
    await appendAuditWith(tx, deps.crypto, actor, now, requestId, {
      action: 'session.login',
      targetType: 'user_account',
      targetId: user.id,
      after: { ip: input.ip, expiresAt },
    });
  });
  return { sessionToken, csrfToken, user, expiresAt };
}
