import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { actor, timestamptz } from './columns';

/**
 * Append-only, hash-chained audit log. Actions insert rows unsealed (`id` only); the sealer then gives
 * each committed row, one at a time under an advisory lock, `seq` = last + 1 (not a sequence, so a gap
 * can only mean a deleted row) and `hash` = SM3(prevHash ‖ canonical row). See ADR 0007; the MAC and the
 * signed checkpoints that catch an inserted row and a cut tail: ADR 0009.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    seq: bigint('seq', { mode: 'number' }).unique(),
    at: timestamptz('at', { precision: 3 }).notNull(),
    actorKind: text('actor_kind').notNull(),
    ...actor(),
    departmentId: uuid('department_id'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
    prevHash: text('prev_hash'),
    hash: text('hash'),
    /** Random per row, under the MAC: two identical entries still differ, and a copied row is refused. */
    nonce: text('nonce'),
    /** HMAC-SM3 of the row as written, under a key the database does not hold (ADR 0009). */
    mac: text('mac'),
    /** When the sealer found the row not written by the application: never chained, reported. */
    flaggedAt: timestamptz('flagged_at', { precision: 3 }),
  },
  (t) => [
    index('audit_log_target_idx').on(t.targetType, t.targetId),
    index('audit_log_at_idx').on(t.at),
    index('audit_log_unsealed_idx').on(t.id).where(sql`${t.seq} is null and ${t.flaggedAt} is null`),
    uniqueIndex('audit_log_mac_key').on(t.mac),
  ],
);
