import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const department = pgTable('department', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['service_center', 'approving', 'supervising', 'credit', 'justice'] }).notNull(),
  regionCode: text('region_code').notNull(),
  /** The department's own 统一社会信用代码, sent as 承诺受理单位代码 when commitments are pushed. */
  uscc: text('uscc'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const userAccount = pgTable(
  'user_account',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    kind: text('kind', { enum: ['staff', 'applicant'] }).notNull(),
    departmentId: uuid('department_id').references(() => department.id),
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    applicantType: text('applicant_type', { enum: ['enterprise', 'individual', 'agent'] }),
    uscc: text('uscc'),
    /** SM4-encrypted resident ID; `residentIdHash` (HMAC-SM3) finds it without decrypting. */
    residentIdEnc: text('resident_id_enc'),
    residentIdHash: text('resident_id_hash'),
    residentIdMasked: text('resident_id_masked'),
    phone: text('phone'),
    /**
     * How the account's identity was proven: 'none' for a self-registered password account (it proves
     * nothing), 'platform' when the unified identity platform vouched for it (OIDC), 'counter' when a window
     * clerk confirmed it against documents (identity_confirmation).
     */
    identityProof: text('identity_proof', { enum: ['none', 'platform', 'counter'] })
      .notNull()
      .default('none'),
    identityProvenAt: timestamp('identity_proven_at', { withTimezone: true }),
    /** `issuer#sub` of the identity platform's subject, for the accounts it created or linked. */
    oidcSubject: text('oidc_subject'),
    active: boolean('active').notNull().default(true),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
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

export const session = pgTable(
  'session',
  {
    /** SM3 of the cookie value: a leaked table does not yield usable sessions. */
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => userAccount.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('session_user_idx').on(t.userId)],
);

export const apiToken = pgTable('api_token', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  departmentId: uuid('department_id')
    .notNull()
    .references(() => department.id),
  tokenHash: text('token_hash').notNull().unique(),
  scopes: text('scopes').array().notNull(),
  createdBy: uuid('created_by').references(() => userAccount.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/** A window clerk's confirmation of an applicant account's identity against documents seen at the counter. */
export const identityConfirmation = pgTable(
  'identity_confirmation',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => userAccount.id),
    clerkUserId: uuid('clerk_user_id')
      .notNull()
      .references(() => userAccount.id),
    /** What was seen: 居民身份证, 营业执照 with the representative's ID card, …. */
    documentKind: text('document_kind', {
      enum: ['resident_id_card', 'business_license', 'other'],
    }).notNull(),
    /** The name the registry or the document gives, which replaced what the account holder typed. */
    confirmedName: text('confirmed_name').notNull(),
    note: text('note'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('identity_confirmation_user_idx').on(t.userId)],
);
