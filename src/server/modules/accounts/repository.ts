import { and, eq, gt, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { StaffRole } from '../../../contracts/enums';
import type { Actor } from '../../../domain/access';
import type { Executor } from '../../db/client';
import { preparedQuery } from '../../db/prepared';
import { findBy, findById, insertRow, insertRows, pageRows, preparedFindById } from '../../db/rows';
import { apiToken, department, identityConfirmation, session, userAccount } from '../../db/schema';

export type UserRow = typeof userAccount.$inferSelect;
export type DepartmentRow = typeof department.$inferSelect;

export function actorOf(user: UserRow, sessionId: string | null): Actor {
  if (user.kind === 'staff') {
    return {
      kind: 'staff',
      userId: user.id,
      username: user.username,
      departmentId: user.departmentId!,
      roles: user.roles as StaffRole[],
      sessionId,
    };
  }
  return {
    kind: 'applicant',
    userId: user.id,
    username: user.username,
    applicantType: user.applicantType!,
    proven: user.identityProof !== 'none',
    sessionId,
  };
}

const sessionActor = preparedQuery<{ tokenHash: string; now: Date }, { user: UserRow; csrfToken: string }[]>(
  (db) =>
    db
      .select({ user: userAccount, csrfToken: session.csrfToken })
      .from(session)
      .innerJoin(userAccount, eq(session.userId, userAccount.id))
      .where(
        and(
          eq(session.tokenHash, sql.placeholder('tokenHash')),
          gt(session.expiresAt, sql.placeholder('now')),
          eq(userAccount.active, true),
        ),
      ),
);

/** Every request with a session cookie asks this. */
export async function findSessionActor(
  db: Executor,
  tokenHash: string,
  now: Date,
): Promise<{ actor: Actor; csrfToken: string; account: UserRow } | null> {
  const [row] = await sessionActor(db, { tokenHash, now });
  return row ? { actor: actorOf(row.user, tokenHash), csrfToken: row.csrfToken, account: row.user } : null;
}

export async function findApiTokenActor(db: Executor, tokenHash: string): Promise<Actor | null> {
  const [row] = await db
    .select()
    .from(apiToken)
    .where(and(eq(apiToken.tokenHash, tokenHash), isNull(apiToken.revokedAt)));
  if (!row) return null;
  return {
    kind: 'token',
    tokenId: row.id,
    name: row.name,
    departmentId: row.departmentId,
    scopes: row.scopes as never,
  };
}

export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(userAccount)
    .where(sql`lower(${userAccount.username}) = lower(${username})`);
  return row;
}

export const findUserById = preparedFindById(userAccount);

export const findDepartment = (db: Executor, id: string) => findById(db, department, id);

export const findDepartmentByCode = (db: Executor, code: string) =>
  findBy(db, department, department.code, code);

export async function listDepartments(db: Executor): Promise<DepartmentRow[]> {
  return db.select().from(department).orderBy(department.code);
}

export const insertDepartment = (db: Executor, values: typeof department.$inferInsert) =>
  insertRow(db, department, values);

export const insertUser = (db: Executor, values: typeof userAccount.$inferInsert) =>
  insertRow(db, userAccount, values);

export async function usernameTaken(db: Executor, username: string): Promise<boolean> {
  return (await findUserByUsername(db, username)) !== undefined;
}

export async function updateLoginState(
  db: Executor,
  userId: string,
  state: { failedLogins: number; lockedUntil: Date | null },
): Promise<void> {
  await db.update(userAccount).set(state).where(eq(userAccount.id, userId));
}

/**
 * Counts one wrong password in a single statement, so parallel attempts each count (a read, then a write
 * of the read value plus one, lets them overwrite each other). The attempt that reaches `maxFailures`
 * locks the account and starts the count again; an account already locked is left as it is (no row).
 */
export async function recordFailedLogin(
  db: Executor,
  userId: string,
  now: Date,
  maxFailures: number,
  lockUntil: Date,
): Promise<{ failures: number; lockedUntil: Date | null; lockedNow: boolean } | null> {
  const reached = sql`${userAccount.failedLogins} + 1 >= ${maxFailures}`;
  const [row] = await db
    .update(userAccount)
    .set({
      failedLogins: sql`case when ${reached} then 0 else ${userAccount.failedLogins} + 1 end`,
      lockedUntil: sql`case when ${reached} then ${lockUntil}::timestamptz else null end`,
    })
    .where(
      and(eq(userAccount.id, userId), or(isNull(userAccount.lockedUntil), lte(userAccount.lockedUntil, now))),
    )
    .returning({ failedLogins: userAccount.failedLogins, lockedUntil: userAccount.lockedUntil });
  if (!row) return null;
  const lockedNow = row.lockedUntil !== null;
  return { failures: lockedNow ? maxFailures : row.failedLogins, lockedUntil: row.lockedUntil, lockedNow };
}

/** Clears the failure count on a right password, unless the account was locked meanwhile (no row). */
export async function recordSuccessfulLogin(db: Executor, userId: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(userAccount)
    .set({ failedLogins: 0, lockedUntil: null })
    .where(
      and(eq(userAccount.id, userId), or(isNull(userAccount.lockedUntil), lte(userAccount.lockedUntil, now))),
    )
    .returning({ id: userAccount.id });
  return rows.length > 0;
}

export const insertSession = (db: Executor, values: typeof session.$inferInsert) =>
  insertRows(db, session, values);

export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  await db.delete(session).where(eq(session.tokenHash, tokenHash));
}

export async function deleteExpiredSession(db: Executor, tokenHash: string, now: Date): Promise<void> {
  await db.delete(session).where(and(eq(session.tokenHash, tokenHash), sql`${session.expiresAt} <= ${now}`));
}

export async function listStaff(
  db: Executor,
  departmentId: string,
  page: number,
  pageSize: number,
): Promise<{ rows: UserRow[]; total: number }> {
  const where = and(eq(userAccount.kind, 'staff'), eq(userAccount.departmentId, departmentId));
  return pageRows(db, userAccount, where, [userAccount.username], { page, pageSize });
}

export const insertApiToken = (db: Executor, values: typeof apiToken.$inferInsert) =>
  insertRow(db, apiToken, values);

export async function revokeApiToken(db: Executor, id: string, now: Date) {
  const [row] = await db
    .update(apiToken)
    .set({ revokedAt: now })
    .where(and(eq(apiToken.id, id), isNull(apiToken.revokedAt)))
    .returning();
  return row;
}

/** The proven applicant account of a subject (enterprise by USCC, person by resident ID hash), if any. */
export async function provenApplicant(
  db: Executor,
  by: { uscc: string } | { residentIdHash: string; applicantType: 'individual' | 'agent' },
): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(userAccount)
    .where(
      and(
        eq(userAccount.kind, 'applicant'),
        ne(userAccount.identityProof, 'none'),
        'uscc' in by
          ? and(eq(userAccount.uscc, by.uscc), eq(userAccount.applicantType, 'enterprise'))
          : and(
              eq(userAccount.residentIdHash, by.residentIdHash),
              eq(userAccount.applicantType, by.applicantType),
            ),
      ),
    );
  return row;
}

export const findUserByOidcSubject = (db: Executor, subject: string) =>
  findBy(db, userAccount, userAccount.oidcSubject, subject);

export async function updateUser(
  db: Executor,
  id: string,
  values: Partial<typeof userAccount.$inferInsert>,
): Promise<UserRow> {
  const [row] = await db.update(userAccount).set(values).where(eq(userAccount.id, id)).returning();
  return row!;
}

export const insertIdentityConfirmation = (db: Executor, values: typeof identityConfirmation.$inferInsert) =>
  insertRows(db, identityConfirmation, values);
