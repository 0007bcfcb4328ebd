import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type {
  ApprovalMode,
  CommitmentTemplate,
  DecisionKind,
  ExclusionTag,
  Issuance,
  ItemKind,
  LicenseTemplate,
  Material,
  NoticeTemplate,
  VerificationPlan,
  VersionEvent,
  VersionStatus,
} from '../../../contracts/catalog';
import { accountRef, departmentRef } from './accounts';
import { actor, isoDate, timestamptz, transition, uuidPrimaryKey, uuidRef } from './columns';

/** One service item (事项): its identity and owner. Everything that can change lives in its versions. */
export const catalogItem = pgTable('catalog_item', {
  id: uuidPrimaryKey(),
  code: text('code').notNull().unique(),
  departmentId: departmentRef('department_id').notNull(),
  createdAt: timestamptz('created_at').notNull(),
});

/**
 * One version of an item. Content columns change only while the version is a draft (the repository's
 * UPDATE says `status = 'draft'`), so an application may pin `id` and read the same rules forever.
 * `status` is a cache of the append-only `catalog_version_event`.
 */
export const catalogVersion = pgTable(
  'catalog_version',
  {
    id: uuidPrimaryKey(),
    itemId: uuidRef('item_id', () => catalogItem.id).notNull(),
    versionNo: integer('version_no').notNull(),
    status: text('status').$type<VersionStatus>().notNull(),
    code: text('code').notNull(),
    departmentId: departmentRef('department_id').notNull(),
    supervisingDepartmentId: departmentRef('supervising_department_id'),
    name: text('name').notNull(),
    kind: text('kind').$type<ItemKind>().notNull(),
    legalBasis: text('legal_basis').notNull(),
    legalTimeLimitDays: integer('legal_time_limit_days').notNull(),
    promisedTimeLimitDays: integer('promised_time_limit_days').notNull(),
    modes: text('modes').array().$type<ApprovalMode[]>().notNull(),
    exclusionTags: text('exclusion_tags').array().$type<ExclusionTag[]>().notNull(),
    proxyAllowed: boolean('proxy_allowed').notNull(),
    withdrawalAllowed: boolean('withdrawal_allowed').notNull(),
    verification: jsonb('verification').$type<VerificationPlan>().notNull(),
    materials: jsonb('materials').$type<Material[]>().notNull(),
    notice: jsonb('notice').$type<NoticeTemplate>().notNull(),
    commitment: jsonb('commitment').$type<CommitmentTemplate>().notNull(),
    /**
     * What an approval issues (19.5): a license with its name, layout and validity (null years = 长期), or
     * a decision alone of `decisionKind`. The defaults are what every version meant before these columns.
     */
    issuance: text('issuance').$type<Issuance>().notNull().default('license'),
    licenseName: text('license_name'),
    licenseTemplate: text('license_template').$type<LicenseTemplate>().default('certificate'),
    licenseValidityYears: integer('license_validity_years').default(5),
    decisionKind: text('decision_kind').$type<DecisionKind>(),
    /** Several live licenses of this item per subject (one per project); otherwise one, renewed or changed. */
    multipleLicensesAllowed: boolean('multiple_licenses_allowed').notNull().default(false),
    /** Lower-cased code, name, basis and material names: what the public keyword search reads. */
    searchText: text('search_text').notNull(),
    effectiveDate: isoDate('effective_date'),
    createdBy: accountRef('created_by'),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
    publishedAt: timestamptz('published_at'),
  },
  (t) => [
    uniqueIndex('catalog_version_item_no_key').on(t.itemId, t.versionNo),
    // At most one published version per item, and at most one version in the making.
    uniqueIndex('catalog_version_published_key').on(t.itemId).where(sql`${t.status} = 'published'`),
    uniqueIndex('catalog_version_open_key')
      .on(t.itemId)
      .where(sql`${t.status} in ('draft', 'legal_review', 'justice_approval', 'approved')`),
    index('catalog_version_status_dept_idx').on(t.status, t.departmentId),
    index('catalog_version_modes_idx').using('gin', t.modes),
  ],
);

/** Append-only status history of a version: who moved it, from what to what, with which comment. */
export const catalogVersionEvent = pgTable(
  'catalog_version_event',
  {
    id: uuidPrimaryKey(),
    versionId: uuidRef('version_id', () => catalogVersion.id).notNull(),
    seq: integer('seq').notNull(),
    ...transition<VersionEvent, VersionStatus>(),
    ...actor(),
    departmentId: uuid('department_id'),
    comment: text('comment'),
    at: timestamptz('at').notNull(),
  },
  (t) => [uniqueIndex('catalog_version_event_seq_key').on(t.versionId, t.seq)],
);
