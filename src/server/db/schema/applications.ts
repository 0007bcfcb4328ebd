import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  ApplicationEvent,
  ApplicationStatus,
  MaterialState,
  SupersedeKind,
} from '../../../contracts/applications';
import type { ApprovalMode, DecisionKind, LicenseTemplate } from '../../../contracts/catalog';
import { accountRef, departmentRef, userAccount } from './accounts';
import { catalogItem, catalogVersion } from './catalog';
import { actor, isoDate, timestamptz, transition, uuidPrimaryKey, uuidRef } from './columns';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** Uploaded content, addressed by its SM3 digest: the same bytes are stored once, never under a given path. */
export const fileBlob = pgTable('file_blob', {
  digest: text('digest').primaryKey(),
  content: bytea('content').notNull(),
  size: integer('size').notNull(),
  mime: text('mime').notNull(),
  createdAt: timestamptz('created_at').notNull(),
});

/** One upload by one person; who may read it is decided from its owner and the applications it is attached to. */
export const uploadedFile = pgTable(
  'uploaded_file',
  {
    id: uuidPrimaryKey(),
    digest: text('digest')
      .notNull()
      .references(() => fileBlob.digest),
    name: text('name').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    /** Null for evidence a member of the public attached to a report (anonymous, 社会监督). */
    ownerUserId: accountRef('owner_user_id'),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [index('uploaded_file_owner_idx').on(t.ownerUserId)],
);

export type CreditSnapshot = {
  checkId: string;
  outcome: string;
  allowedModes: ApprovalMode[];
  reasons: { rule: string; message: string }[];
  incentives: string[];
  restrictions: string[];
  policyVersionId: string;
  /** The grade the check found (its value); verification intensity follows it. Absent on older rows. */
  grade?: string | null;
};

export type ApplicationMaterial = {
  name: string;
  state: MaterialState;
  fileId: string | null;
  dueDate: string | null;
  source: string | null;
};

/**
 * One application (办件), judged forever by the item version and credit check it started with. `status`
 * is a cache of `application_event`; `version` makes every write compare-and-set.
 */
export const application = pgTable(
  'application',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    itemId: uuidRef('item_id', () => catalogItem.id).notNull(),
    itemVersionId: uuidRef('item_version_id', () => catalogVersion.id).notNull(),
    departmentId: departmentRef('department_id').notNull(),
    /** The account that follows the case online (the applicant, or the agent); null at the counter. */
    applicantUserId: accountRef('applicant_user_id'),
    subjectKind: text('subject_kind').notNull(),
    subjectName: text('subject_name').notNull(),
    /** USCC in clear; resident ID numbers only SM4-encrypted, with a masked copy for display. */
    subjectCodeEnc: text('subject_code_enc').notNull(),
    subjectCodeShown: text('subject_code_shown').notNull(),
    subjectLookup: text('subject_lookup').notNull(),
    /** 法定代表人 (经营者 for 个体工商户), for the 双公示 license items. */
    legalRepresentative: text('legal_representative'),
    channel: text('channel', { enum: ['online', 'counter'] }).notNull(),
    clerkUserId: accountRef('clerk_user_id'),
    agentName: text('agent_name'),
    /** The mandate (委托) the agent acted under; its number and terms go into the commitment letter. */
    mandateId: uuid('mandate_id'),
    authorizationFileId: uuid('authorization_file_id').references(() => uploadedFile.id),
    credit: jsonb('credit').$type<CreditSnapshot>().notNull(),
    greenChannel: boolean('green_channel').notNull(),
    keyReview: boolean('key_review').notNull(),
    mode: text('mode').$type<ApprovalMode>(),
    status: text('status').$type<ApplicationStatus>().notNull(),
    version: integer('version').notNull(),
    materials: jsonb('materials').$type<ApplicationMaterial[]>().notNull(),
    form: jsonb('form').$type<Record<string, string>>(),
    legalTimeLimitDays: integer('legal_time_limit_days').notNull(),
    legalDeadline: isoDate('legal_deadline'),
    finalDueDate: isoDate('final_due_date'),
    /**
     * A date of this case reaches a year whose holiday arrangement is not loaded and was reckoned from
     * the statutory holidays only (暂按法定节假日计算); cleared when the year is loaded (table `deadline`).
     */
    deadlinesProvisional: boolean('deadlines_provisional').notNull().default(false),
    submittedAt: timestamptz('submitted_at'),
    decidedAt: timestamptz('decided_at'),
    elapsedMs: bigint('elapsed_ms', { mode: 'number' }),
    workingDaysTaken: integer('working_days_taken'),
    /** 延续/变更: the applicant's own live license of the same item this case is to replace (15.7). */
    supersedesLicenseId: uuid('supersedes_license_id'),
    supersedeKind: text('supersede_kind').$type<SupersedeKind>(),
    /** Set by the time-limit warning job, so the warning goes out once. */
    deadlineWarnedAt: timestamptz('deadline_warned_at'),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [
    index('application_applicant_idx').on(t.applicantUserId, t.createdAt),
    // Clerks' queue: green channel first, then oldest first.
    index('application_queue_idx').on(t.departmentId, t.status, t.greenChannel, t.submittedAt),
    // A subject's cases; the route and department ride along so the statistics' drawn holders (thousands
    // of subjects a year) are read from the index alone.
    index('application_subject_idx').on(t.subjectLookup, t.id, t.mode, t.departmentId),
    // The comprehensive window's queue spans departments (by status, or all of it) in queue order.
    index('application_status_queue_idx').on(
      t.status,
      t.greenChannel.desc().nullsFirst(),
      t.submittedAt,
      t.createdAt,
    ),
    index('application_all_queue_idx').on(t.greenChannel.desc().nullsFirst(), t.submittedAt, t.createdAt),
    // The statistics count cases by when they were started and submitted.
    index('application_created_idx').on(t.createdAt),
    index('application_submitted_idx').on(t.submittedAt),
  ],
);

/** A column naming an application: its history, files, commitment and decision, and what refers to it. */
export const applicationRef = <N extends string>(name: N) => uuid(name).references(() => application.id);

/** Append-only history of an application's status. */
export const applicationEvent = pgTable(
  'application_event',
  {
    id: uuidPrimaryKey(),
    applicationId: applicationRef('application_id').notNull(),
    seq: integer('seq').notNull(),
    ...transition<ApplicationEvent, ApplicationStatus>(),
    ...actor(),
    comment: text('comment'),
    at: timestamptz('at').notNull(),
  },
  (t) => [uniqueIndex('application_event_seq_key').on(t.applicationId, t.seq)],
);

/** Files attached to an application: who may download a file follows from here. */
export const applicationFile = pgTable(
  'application_file',
  {
    applicationId: applicationRef('application_id').notNull(),
    fileId: uuidRef('file_id', () => uploadedFile.id).notNull(),
    purpose: text('purpose').notNull(),
  },
  (t) => [
    uniqueIndex('application_file_key').on(t.applicationId, t.fileId, t.purpose),
    index('application_file_file_idx').on(t.fileId),
  ],
);

/** The signed commitment letter: the exact text, its SM3 digest and the SM2 signature (or a handwritten one). */
export const commitment = pgTable(
  'commitment',
  {
    id: uuidPrimaryKey(),
    applicationId: applicationRef('application_id').notNull().unique(),
    text: text('text').notNull(),
    digest: text('digest').notNull(),
    signatureKind: text('signature_kind', { enum: ['electronic', 'handwritten'] }).notNull(),
    signature: text('signature'),
    publicKey: text('public_key'),
    algorithm: text('algorithm'),
    signerName: text('signer_name').notNull(),
    recordedBy: accountRef('recorded_by'),
    scanFileId: uuid('scan_file_id').references(() => uploadedFile.id),
    published: boolean('published').notNull(),
    signedAt: timestamptz('signed_at').notNull(),
    /** The 承诺编码 under which it was pushed to the national credit platform; set when assigned, at the decision. */
    code: text('code').unique(),
  },
  // The public list (newest first) and the statistics (by period) read commitments by signing time.
  (t) => [index('commitment_signed_idx').on(t.signedAt)],
);

/**
 * The SM2 public key an applicant account signs commitments with (电子签名法 §13): the key pair is made and
 * kept on the applicant's side (domain/commitment-signing.ts); the platform never holds the private half.
 * Replaced when the applicant makes a new key (a lost PIN); each commitment keeps the key it was signed with.
 */
export const signingKey = pgTable('signing_key', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => userAccount.id),
  publicKey: text('public_key').notNull(),
  createdAt: timestamptz('created_at').notNull(),
});

/** 容缺材料: one row per tolerable material accepted as missing, with its due dates. */
export const missingMaterial = pgTable(
  'missing_material',
  {
    id: uuidPrimaryKey(),
    applicationId: applicationRef('application_id').notNull(),
    name: text('name').notNull(),
    dueDate: isoDate('due_date').notNull(),
    finalDueDate: isoDate('final_due_date'),
    suppliedAt: timestamptz('supplied_at'),
    /** Set by the reminder job: a reminder is sent once even if the job runs twice. */
    remindedAt: timestamptz('reminded_at'),
    fileId: uuid('file_id').references(() => uploadedFile.id),
  },
  (t) => [uniqueIndex('missing_material_key').on(t.applicationId, t.name)],
);

export const decision = pgTable(
  'decision',
  {
    id: uuidPrimaryKey(),
    applicationId: applicationRef('application_id').notNull().unique(),
    outcome: text('outcome', { enum: ['approved', 'rejected', 'terminated'] }).notNull(),
    instant: boolean('instant').notNull(),
    reason: text('reason'),
    /** What an approval issued: a license, or the decision alone of the item's kind (19.5); null otherwise. */
    issued: text('issued').$type<'license' | DecisionKind>(),
    decidedBy: text('decided_by'),
    decidedAt: timestamptz('decided_at').notNull(),
  },
  (t) => [index('decision_decided_idx').on(t.decidedAt)],
);

export const license = pgTable(
  'license',
  {
    id: uuidPrimaryKey(),
    number: text('number').notNull().unique(),
    applicationId: applicationRef('application_id').notNull().unique(),
    /** The item; null only on licenses issued before items said what they issue (filled in at start-up). */
    itemId: uuid('item_id').references(() => catalogItem.id),
    itemName: text('item_name').notNull(),
    /** The license's own name and layout, from the item version (e.g. 食品经营许可证); null on older rows. */
    name: text('name'),
    template: text('template').$type<LicenseTemplate>(),
    holderName: text('holder_name').notNull(),
    holderCodeShown: text('holder_code_shown').notNull(),
    holderLookup: text('holder_lookup').notNull(),
    scope: text('scope').notNull(),
    validFrom: isoDate('valid_from').notNull(),
    /** Null: valid without end (长期). */
    validUntil: isoDate('valid_until'),
    issuedAt: timestamptz('issued_at').notNull(),
    revokedAt: timestamptz('revoked_at'),
    revocationReason: text('revocation_reason'),
    /** One live license per subject and item (the item does not allow several). */
    exclusive: boolean('exclusive').notNull().default(false),
    /** The license this one replaces (延续, 变更, or a new one after the old expired). */
    supersedesId: uuid('supersedes_id').references((): AnyPgColumn => license.id),
    supersedesKind: text('supersedes_kind').$type<SupersedeKind | 'reissue'>(),
    /** Set when a later license replaced this one; the replacing row is written as its decision commits. */
    supersededAt: timestamptz('superseded_at'),
    supersededById: uuid('superseded_by_id'),
  },
  (t) => [
    // A holder's licenses, with when and from which case: the drawn-holders count reads only the index.
    index('license_holder_idx').on(t.holderLookup, t.issuedAt, t.applicationId),
    // The statistics read the licenses issued in a period (the days the roll-up does not reach yet).
    index('license_issued_idx').on(t.issuedAt),
    // The last guard of 15.7 against two decisions at once; the actions check first and name the license.
    uniqueIndex('license_live_key')
      .on(t.itemId, t.holderLookup)
      .where(sql`${t.exclusive} and ${t.revokedAt} is null and ${t.supersededAt} is null`),
  ],
);
