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
    active: boolean('active').notNull().default(true),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('user_account_username_key').on(sql`lower(${t.username})`),
    index('user_account_department_idx').on(t.departmentId),
    uniqueIndex('user_account_uscc_key')
      .on(t.uscc)
      .where(sql`${t.kind} = 'applicant' and ${t.applicantType} = 'enterprise'`),
    uniqueIndex('user_account_resident_id_key')
      .on(t.residentIdHash)
      .where(sql`${t.kind} = 'applicant' and ${t.applicantType} = 'individual'`),
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
