import { index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { accountRef, departmentRef } from './accounts';
import { timestamptz, uuidPrimaryKey, uuidRef } from './columns';

/**
 * A 双随机、一公开 plan. Candidates are given with the plan (subject code, name, grade) until the
 * credit module supplies them; the seed is kept encrypted and only its SM3 is public before the draw.
 */
export const inspectionPlan = pgTable(
  'inspection_plan',
  {
    id: uuidPrimaryKey(),
    departmentId: departmentRef('department_id').notNull(),
    name: text('name').notNull(),
    scope: jsonb('scope').notNull(),
    /** Credit grade → sampling ratio in basis points (1/10000), kept integral so rounding up is exact. */
    ratios: jsonb('ratios').notNull(),
    periodStart: text('period_start').notNull(),
    periodEnd: text('period_end').notNull(),
    inspectorsPerInspection: integer('inspectors_per_inspection').notNull(),
    candidates: jsonb('candidates').notNull(),
    /** `{ id, name }` as at planning, so a later change of name cannot alter the published list hash. */
    inspectors: jsonb('inspectors').notNull(),
    conflicts: jsonb('conflicts').notNull(),
    seedEnc: text('seed_enc').notNull(),
    /**
     * SM4-encrypted random key from which each candidate's salt is derived (HMAC-SM3 of its code): the
     * published list carries salted commitments, the salts go only to their subjects. Null for plans
     * made before commitments, until their next draw gives them one.
     */
    entryKeyEnc: text('entry_key_enc'),
    seedHash: text('seed_hash').notNull(),
    status: text('status', { enum: ['planned', 'drawn'] }).notNull(),
    createdBy: accountRef('created_by'),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [index('inspection_plan_department_idx').on(t.departmentId, t.createdAt)],
);

/** One draw of a plan; a redraw supersedes the previous one and records why. */
export const inspectionDraw = pgTable(
  'inspection_draw',
  {
    id: uuidPrimaryKey(),
    planId: uuidRef('plan_id', () => inspectionPlan.id).notNull(),
    round: integer('round').notNull(),
    seed: text('seed').notNull(),
    seedHash: text('seed_hash').notNull(),
    /** Why this draw replaced the previous one; null for the first draw. */
    reason: text('reason'),
    algorithm: text('algorithm').notNull(),
    subjectListHash: text('subject_list_hash').notNull(),
    inspectorListHash: text('inspector_list_hash').notNull(),
    strata: jsonb('strata').notNull(),
    drawnOn: text('drawn_on').notNull(),
    publishDeadline: text('publish_deadline').notNull(),
    drawnBy: accountRef('drawn_by'),
    drawnAt: timestamptz('drawn_at').notNull(),
    supersededAt: timestamptz('superseded_at'),
  },
  (t) => [uniqueIndex('inspection_draw_round_key').on(t.planId, t.round)],
);

/** One drawn subject with its inspectors, and later its result. */
export const inspection = pgTable(
  'inspection',
  {
    id: uuidPrimaryKey(),
    drawId: uuidRef('draw_id', () => inspectionDraw.id).notNull(),
    position: integer('position').notNull(),
    subjectKind: text('subject_kind', {
      enum: ['enterprise', 'individual_business', 'individual'],
    }).notNull(),
    /** A USCC, or for a person the masked resident ID: the ID itself is only in `subjectCodeEnc`. */
    subjectCode: text('subject_code').notNull(),
    subjectCodeEnc: text('subject_code_enc'),
    subjectCodeHash: text('subject_code_hash'),
    subjectName: text('subject_name').notNull(),
    grade: text('grade').notNull(),
    inspectorIds: jsonb('inspector_ids').notNull(),
    outcome: text('outcome', {
      enum: ['compliant', 'non_compliant', 'rectification_ordered', 'not_found'],
    }),
    summary: text('summary'),
    inspectedOn: text('inspected_on'),
    recordedBy: accountRef('recorded_by'),
    recordedAt: timestamptz('recorded_at'),
    publishedAt: timestamptz('published_at'),
  },
  (t) => [
    uniqueIndex('inspection_draw_position_key').on(t.drawId, t.position),
    // The statistics read a period's drawn subjects from the index alone.
    index('inspection_draw_subject_idx').on(t.drawId, t.subjectCodeHash, t.subjectCode),
  ],
);
