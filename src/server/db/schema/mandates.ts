import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accountRef } from './accounts';
import { uploadedFile } from './applications';
import { isoDate, timestamptz, uuidPrimaryKey, uuidRef } from './columns';

/**
 * 委托代理: a principal (enterprise or person) lets an agent act for it, for all items or some, until a
 * date. Granted online by the principal's proven account, or verified on paper by a window clerk. The
 * agent is bound by resident ID (lookup hash), so the mandate holds for the agent's proven account.
 */
export const mandate = pgTable(
  'mandate',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull(),
    principalKind: text('principal_kind', {
      enum: ['enterprise', 'individual_business', 'individual'],
    }).notNull(),
    principalName: text('principal_name').notNull(),
    principalCodeShown: text('principal_code_shown').notNull(),
    principalLookup: text('principal_lookup').notNull(),
    /** The principal's account when it granted online; null for a paper mandate. */
    principalUserId: accountRef('principal_user_id'),
    agentName: text('agent_name').notNull(),
    agentLookup: text('agent_lookup').notNull(),
    agentIdMasked: text('agent_id_masked').notNull(),
    /** 'all': every item; 'items': only the item codes listed. */
    scope: text('scope', { enum: ['all', 'items'] }).notNull(),
    itemCodes: text('item_codes').array().notNull().default(sql`'{}'::text[]`),
    /** Last day (China date) the mandate may be used. */
    expiresOn: isoDate('expires_on').notNull(),
    source: text('source', { enum: ['online', 'counter'] }).notNull(),
    /** The clerk who saw the paper 授权委托书 at the counter, and its scan. */
    verifiedByUserId: accountRef('verified_by_user_id'),
    documentFileId: uuid('document_file_id').references(() => uploadedFile.id),
    status: text('status', { enum: ['active', 'revoked'] }).notNull(),
    version: integer('version').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    revokedAt: timestamptz('revoked_at'),
  },
  (t) => [
    uniqueIndex('mandate_number_key').on(t.number),
    index('mandate_agent_idx').on(t.agentLookup, t.principalLookup),
    index('mandate_principal_idx').on(t.principalLookup),
  ],
);

/** The mandate's history: granted, verified on paper, revoked — append-only. */
export const mandateEvent = pgTable(
  'mandate_event',
  {
    id: uuidPrimaryKey(),
    mandateId: uuidRef('mandate_id', () => mandate.id).notNull(),
    seq: integer('seq').notNull(),
    event: text('event', { enum: ['grant', 'verify_paper', 'revoke'] }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    comment: text('comment'),
    at: timestamptz('at').notNull(),
  },
  (t) => [uniqueIndex('mandate_event_seq_key').on(t.mandateId, t.seq)],
);
