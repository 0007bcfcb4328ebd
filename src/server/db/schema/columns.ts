import { type AnyPgColumn, date, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Column builders the tables share. Each one is exactly the column it replaces (the generated SQL and the
 * drizzle snapshot must not change), so a reader sees what kind of value a column holds, not how it is
 * spelled; a table still lists every column it has, in order. Not exported from `index.ts`: these are
 * builders, not tables.
 */

/** A surrogate key the database makes; tables whose ids the application makes (uuidv7) declare their own. */
export const uuidPrimaryKey = () => uuid('id').primaryKey().defaultRandom();

/**
 * A column naming a row of another table by its id (a foreign key). The tables referenced most have their
 * own builder next to them (`departmentRef`, `accountRef`, …); `target` is a function because the table
 * may be declared further down.
 */
export const uuidRef = <N extends string>(name: N, target: () => AnyPgColumn) =>
  uuid(name).references(target);

/** An instant. Always with its time zone: a server running under another zone must read the same moment. */
export const timestamptz = <N extends string>(name: N, config?: { precision: 3 }) =>
  timestamp(name, { withTimezone: true, ...config });

/** A calendar day (a China date), read and written as `YYYY-MM-DD`: a Date would shift it by the zone. */
export const isoDate = <N extends string>(name: N) => date(name, { mode: 'string' });

/**
 * A person's resident ID, which is not stored in clear: SM4-encrypted, its HMAC-SM3 lookup hash (to find it
 * without decrypting), and the masked form that is shown. Null where the subject is not a person.
 */
export const residentId = () => ({
  residentIdEnc: text('resident_id_enc'),
  residentIdHash: text('resident_id_hash'),
  residentIdMasked: text('resident_id_masked'),
});

/**
 * Who took a step of a history (an event table or the audit log): the account id, or the system's name
 * for the work it does itself, and the name as it was then, so a later rename does not rewrite history.
 */
export const actor = () => ({
  actorId: text('actor_id'),
  actorName: text('actor_name'),
});

/**
 * One step of a lifecycle in its history table: the event and the status it moved from (null for the
 * first step) and to. The table's `status` column caches the last `toStatus`.
 */
export const transition = <Event extends string, Status extends string>() => ({
  event: text('event').$type<Event>().notNull(),
  fromStatus: text('from_status').$type<Status>(),
  toStatus: text('to_status').$type<Status>().notNull(),
});
