import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { accountRef, apiToken, departmentRef } from './accounts';
import { timestamptz, uuidPrimaryKey, uuidRef } from './columns';
import { outboxMessage } from './outbox';

/** A receiving system (supervising department, city credit platform) and the topics it takes. */
export const pushSubscription = pgTable('push_subscription', {
  id: uuidPrimaryKey(),
  systemName: text('system_name').notNull(),
  departmentId: departmentRef('department_id').notNull(),
  url: text('url').notNull(),
  topics: text('topics').array().notNull(),
  /**
   * The regions whose messages it receives (行政区划代码; a city's 150600 covers its counties 1506xx).
   * Empty: its own department's region only (ADR 0019).
   */
  regionCodes: text('region_codes').array().notNull().default(sql`'{}'::text[]`),
  /** Only messages concerning these departments; empty: any department of those regions. */
  departmentIds: uuid('department_ids').array().notNull().default(sql`'{}'::uuid[]`),
  /** HMAC-SM3 key, SM4-encrypted with the data key (DataCrypto). */
  secretEnc: text('secret_enc').notNull(),
  active: boolean('active').notNull().default(true),
  createdBy: accountRef('created_by'),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});

/**
 * A class of personal data a receiving system may receive in clear, with the legal basis it rests on and
 * who granted it when (个人信息保护法 §13, §34). Without an active grant the data goes out masked.
 */
export const pushDataGrant = pgTable(
  'push_data_grant',
  {
    id: uuidPrimaryKey(),
    subscriptionId: uuidRef('subscription_id', () => pushSubscription.id).notNull(),
    dataClass: text('data_class', { enum: ['resident_id'] }).notNull(),
    legalBasis: text('legal_basis').notNull(),
    grantedBy: accountRef('granted_by').notNull(),
    grantedByName: text('granted_by_name').notNull(),
    grantedAt: timestamptz('granted_at').notNull(),
    revokedBy: accountRef('revoked_by'),
    revokedAt: timestamptz('revoked_at'),
    revokeReason: text('revoke_reason'),
  },
  (t) => [
    uniqueIndex('push_data_grant_active_key')
      .on(t.subscriptionId, t.dataClass)
      .where(sql`${t.revokedAt} is null`),
  ],
);

/**
 * One message for one subscriber. Created with the outbox row (same transaction), so a committed
 * change always has its deliveries. `nextAttemptAt` doubles as the claim lease: a dispatcher that
 * claims a row moves it into the future, and a dispatcher killed mid-send leaves it due again.
 */
export const pushDelivery = pgTable(
  'push_delivery',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    messageSeq: bigint('message_seq', { mode: 'number' })
      .notNull()
      .references(() => outboxMessage.seq),
    subscriptionId: uuidRef('subscription_id', () => pushSubscription.id).notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'dead'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamptz('next_attempt_at', { precision: 3 }).notNull(),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: timestamptz('delivered_at', { precision: 3 }),
    deadAt: timestamptz('dead_at', { precision: 3 }),
    createdAt: timestamptz('created_at', { precision: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex('push_delivery_message_subscription_key').on(t.messageSeq, t.subscriptionId),
    index('push_delivery_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('push_delivery_subscription_idx').on(t.subscriptionId, t.status, t.id),
  ],
);

/** The delivery log: one row per HTTP attempt. */
export const pushAttempt = pgTable(
  'push_attempt',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: bigint('delivery_id', { mode: 'number' })
      .notNull()
      .references(() => pushDelivery.id),
    attempt: integer('attempt').notNull(),
    at: timestamptz('at', { precision: 3 }).notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('push_attempt_delivery_idx').on(t.deliveryId, t.id)],
);

/** 承诺编码 serials: one row per region and day, incremented in a statement of its own (ADR 0007). */
export const commitmentCodeCounter = pgTable(
  'commitment_code_counter',
  {
    regionCode: text('region_code').notNull(),
    day: text('day').notNull(),
    lastSerial: integer('last_serial').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.day] })],
);

/** Verification results sent back by supervising systems, kept until verification tasks take them. */
export const pushInboundResult = pgTable(
  'push_inbound_result',
  {
    id: uuidPrimaryKey(),
    tokenId: uuidRef('token_id', () => apiToken.id).notNull(),
    departmentId: departmentRef('department_id').notNull(),
    senderKey: text('sender_key').notNull(),
    bodyHash: text('body_hash').notNull(),
    commitmentCode: text('commitment_code'),
    taskId: text('task_id'),
    outcome: text('outcome', {
      enum: ['compliant', 'non_compliant', 'rectification_ordered', 'not_verifiable'],
    }).notNull(),
    verifiedOn: text('verified_on').notNull(),
    findings: text('findings').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status', { enum: ['received', 'processed', 'rejected'] }).notNull(),
    receivedAt: timestamptz('received_at').notNull(),
  },
  (t) => [
    uniqueIndex('push_inbound_sender_key').on(t.departmentId, t.senderKey),
    index('push_inbound_commitment_idx').on(t.commitmentCode),
  ],
);
