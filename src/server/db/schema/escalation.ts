import { index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { EscalationGap, EscalationKind, EscalationStatus } from '../../../contracts/escalation';
import { accountRef } from './accounts';
import { timestamptz, uuidPrimaryKey } from './columns';

/**
 * The service centre's queue of work created where nobody can act (15.6): an application to review in a
 * department with no approver, a verification task whose department has no supervisor or inspectors.
 * Work is never left with nobody; the centre assigns it to someone who can act, or resolves it.
 */
export const escalation = pgTable(
  'escalation',
  {
    id: uuidPrimaryKey(),
    kind: text('kind').$type<EscalationKind>().notNull(),
    refType: text('ref_type').notNull(),
    refId: text('ref_id').notNull(),
    /** What the work is, in words a person at the centre reads (item, subject, number). */
    summary: text('summary').notNull(),
    /** Which department lacks whom: one entry per missing role. */
    gaps: jsonb('gaps').$type<EscalationGap[]>().notNull(),
    status: text('status').$type<EscalationStatus>().notNull(),
    assignedUserId: accountRef('assigned_user_id'),
    assignedAt: timestamptz('assigned_at'),
    resolution: text('resolution'),
    resolvedBy: text('resolved_by'),
    resolvedAt: timestamptz('resolved_at'),
    createdAt: timestamptz('created_at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    // One escalation per piece of work and reason: a job run twice does not queue it twice.
    uniqueIndex('escalation_ref_key').on(t.kind, t.refType, t.refId),
    index('escalation_status_idx').on(t.status, t.createdAt),
  ],
);
