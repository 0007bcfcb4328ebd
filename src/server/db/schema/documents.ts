import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { DocumentKind } from '../../../contracts/documents';
import { department, departmentRef } from './accounts';
import { applicationRef } from './applications';
import { timestamptz } from './columns';
import { creditRepairRequest } from './credit';

/** How a department numbers its documents and where its adverse decisions may be challenged. */
export const departmentDocumentSettings = pgTable('department_document_settings', {
  departmentId: uuid('department_id')
    .primaryKey()
    .references(() => department.id),
  numberPattern: text('number_pattern').notNull(),
  /** 行政复议机关, named in every decision against the party. */
  reviewAuthority: text('review_authority').notNull(),
  court: text('court').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

/**
 * The last serial given per department, kind and year. Incremented by a statement of its own (ADR 0007):
 * a serial once given is never given again, even when the action that took it rolls back.
 */
export const documentNumberCounter = pgTable(
  'document_number_counter',
  {
    departmentId: uuid('department_id').notNull(),
    kind: text('kind').notNull(),
    year: integer('year').notNull(),
    lastSerial: integer('last_serial').notNull(),
  },
  (t) => [primaryKey({ columns: [t.departmentId, t.kind, t.year] })],
);

/**
 * One issued document: its number, issuer and the facts of the moment it was issued (what was missing and
 * until when, the reason given). The text is rendered from these and the case on every request.
 */
export const officialDocument = pgTable(
  'official_document',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').$type<DocumentKind>().notNull(),
    number: text('number').notNull(),
    departmentId: departmentRef('department_id').notNull(),
    applicationId: applicationRef('application_id'),
    repairRequestId: uuid('repair_request_id').references(() => creditRepairRequest.id),
    facts: jsonb('facts').$type<Record<string, unknown>>().notNull(),
    issuedBy: text('issued_by'),
    issuedAt: timestamptz('issued_at').notNull(),
  },
  (t) => [
    uniqueIndex('official_document_number_key').on(t.departmentId, t.number),
    index('official_document_application_idx').on(t.applicationId),
    index('official_document_repair_idx').on(t.repairRequestId),
  ],
);
