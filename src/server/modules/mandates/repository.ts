import { and, asc, desc, eq, inArray, or } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { findById, insertRow, insertRows, listRows, updateVersioned } from '../../db/rows';
import { mandate, mandateEvent } from '../../db/schema';

export type MandateRow = typeof mandate.$inferSelect;
export type MandateEventRow = typeof mandateEvent.$inferSelect;

export const insertMandate = (db: Executor, values: typeof mandate.$inferInsert) =>
  insertRow(db, mandate, values);

export const insertMandateEvent = (db: Executor, values: typeof mandateEvent.$inferInsert) =>
  insertRows(db, mandateEvent, values);

export const findMandate = (db: Executor, id: string) => findById(db, mandate, id);

/** Compare-and-set: zero rows means someone changed the mandate meanwhile. */
export async function revokeMandateRow(
  db: Executor,
  id: string,
  version: number,
  now: Date,
): Promise<MandateRow | undefined> {
  return updateVersioned(
    db,
    mandate,
    { id, version },
    { status: 'revoked', revokedAt: now },
    eq(mandate.status, 'active'),
  );
}

/** The active (not revoked) mandates between an agent and a principal; expiry and scope are the caller's. */
export async function activeMandates(
  db: Executor,
  agentLookup: string,
  principalLookup: string,
): Promise<MandateRow[]> {
  return db
    .select()
    .from(mandate)
    .where(
      and(
        eq(mandate.agentLookup, agentLookup),
        eq(mandate.principalLookup, principalLookup),
        eq(mandate.status, 'active'),
      ),
    )
    .orderBy(desc(mandate.createdAt));
}

export async function mandatesOf(
  db: Executor,
  by: { principalLookup: string | null; agentLookup: string | null },
): Promise<MandateRow[]> {
  const conds = [
    ...(by.principalLookup ? [eq(mandate.principalLookup, by.principalLookup)] : []),
    ...(by.agentLookup ? [eq(mandate.agentLookup, by.agentLookup)] : []),
  ];
  if (!conds.length) return [];
  return listRows(db, mandate, or(...conds), desc(mandate.createdAt));
}

export async function mandateHistory(db: Executor, ids: string[]): Promise<MandateEventRow[]> {
  if (!ids.length) return [];
  return listRows(
    db,
    mandateEvent,
    inArray(mandateEvent.mandateId, ids),
    asc(mandateEvent.mandateId),
    asc(mandateEvent.seq),
  );
}
