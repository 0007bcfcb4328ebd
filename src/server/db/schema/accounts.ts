import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { residentId, timestamptz, uuidPrimaryKey } from './columns';

export const department = pgTable('department', {
  id: uuidPrimaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['service_center', 'approving', 'supervising', 'credit', 'justice'] }).notNull(),
  regionCode: text('region_code').notNull(),
  /** The department's own 统一社会信用代码, sent as 承诺受理单位代码 when commitments are pushed. */
  uscc: text('uscc'),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});

/** A column naming a department: most rows belong to one, and that decides who may read and act on them. */
export const departmentRef = <N extends string>(name: N) => uuid(name).references(() => department.id);

export const userAccount = pgTable(
  'user_account',
  {
    id: uuidPrimaryKey(),
    username: text('username').notNull(),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    kind: text('kind', { enum: ['staff', 'applicant'] }).notNull(),
    departmentId: departmentRef('department_id'),
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    applicantType: text('applicant_type', { enum: ['enterprise', 'individual', 'agent'] }),
    uscc: text('uscc'),
    ...residentId(),
    phone: text('phone'),
    /**
     * How the account's identity was proven: 'none' for a self-registered password account (it proves
     * nothing), 'platform' when the unified identity platform vouched for it (OIDC), 'counter' when a window
     * clerk confirmed it against documents (identity_confirmation).
     */
    identityProof: text('identity_proof', { enum: ['none', 'platform', 'counter'] })
      .notNull()
      .default('none'),
    identityProvenAt: timestamptz('identity_proven_at'),
    /** `issuer#sub` of the identity platform's subject, for the accounts it created or linked. */
    oidcSubject: text('oidc_subject'),
    active: boolean('active').notNull().default(true),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamptz('locked_until'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('user_account_username_key').on(sql`lower(${t.username})`),
    index('user_account_department_idx').on(t.departmentId),
    // One proven account per subject. Unproven password accounts may share a code: one registered first
    // by someone else must not lock the real owner out.
    uniqueIndex('user_account_uscc_key')
      .on(t.uscc)
      .where(
        sql`${t.kind} = 'applicant' and ${t.applicantType} = 'enterprise' and ${t.identityProof} <> 'none'`,
      ),
    uniqueIndex('user_account_resident_id_key')
      .on(t.residentIdHash)
      .where(
        sql`${t.kind} = 'applicant' and ${t.applicantType} = 'individual' and ${t.identityProof} <> 'none'`,
      ),
    uniqueIndex('user_account_oidc_subject_key').on(t.oidcSubject),
  ],
);

/** A column naming an account, staff or applicant: who did something, or whom a row is for. */
export const accountRef = <N extends string>(name: N) => uuid(name).references(() => userAccount.id);

export const session = pgTable(
  'session',
  {
    /** SM3 of the cookie value: a leaked table does not yield usable sessions. */
    tokenHash: text('token_hash').primaryKey(),
    userId: accountRef('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('session_user_idx').on(t.userId)],
);

export const apiToken = pgTable('api_token', {
  id: uuidPrimaryKey(),
  name: text('name').notNull(),
  departmentId: departmentRef('department_id').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  scopes: text('scopes').array().notNull(),
  createdBy: accountRef('created_by'),
  createdAt: timestamptz('created_at').notNull(),
  revokedAt: timestamptz('revoked_at'),
});

/** A window clerk's confirmation of an applicant account's identity against documents seen at the counter. */
export const identityConfirmation = pgTable(
  'identity_confirmation',
  {
    id: uuidPrimaryKey(),
    userId: accountRef('user_id').notNull(),
    clerkUserId: accountRef('clerk_user_id').notNull(),
    /** What was seen: 居民身份证, 营业执照 with the representative's ID card, …. */
    documentKind: text('document_kind', {
      enum: ['resident_id_card', 'business_license', 'other'],
    }).notNull(),
    /** The name the registry or the document gives, which replaced what the account holder typed. */
    confirmedName: text('confirmed_name').notNull(),
    note: text('note'),
    confirmedAt: timestamptz('confirmed_at').notNull(),
  },
  (t) => [index('identity_confirmation_user_idx').on(t.userId)],
);
