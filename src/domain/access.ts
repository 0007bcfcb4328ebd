import type { ApplicantType, StaffRole } from '../contracts/enums';
import { DomainError } from './errors';

/**
 * Who may do what. Every endpoint names one permission (or says it is public); this table is the
 * only place a role gains one. Department scoping is decided per resource by `assertSameDepartment`.
 */
export const permissions = [
  'account.read_self',
  'account.manage',
  'department.read',
  'staff.read_department',
  'calendar.manage',
  /** See and run due deadline jobs now (operations). */
  'jobs.manage',
  /** Move the clock of a deployment started with a test clock. */
  'clock.manage',
  'audit.verify',
  'audit.read',
  'token.manage',
  'catalog.read',
  'catalog.draft',
  'catalog.review',
  'catalog.publish',
  'verification.read',
  'verification.assign',
  'verification.record',
  'verification.revoke',
  /** The 抽查 draws of the department's cases, sampled or not. */
  'verification.draws',
  /** A party's own 陈述申辩 notices: read them, state and defend, or waive. */
  'defence.respond',
  /** Keep the credit file: records, grades, repairs, objections, policies, imports. */
  'credit.manage',
  /** Run a credit check for an applicant at the counter or on a case. */
  'credit.check',
  /** Read a recorded check (scoped per check: modules/credit/access.ts). */
  'credit.check_read',
  /** An applicant's own credit file: read it, ask for repair, object to a record. */
  'credit.own',
  'push.manage',
  /**
   * See the push subscriptions and the data classes granted to them: the administrators who wire them and
   * the legal reviewers who grant data (ADR 0019).
   */
  'push.read',
  /** Grant or revoke a subscription a class of personal data in clear, with its legal basis (ADR 0019). */
  'push.grant',
  'push.results',
  'inspection.manage',
  'inspection.record',
  'application.apply',
  'application.read',
  'application.queue',
  'application.process',
  'application.decide',
  'file.upload',
  /** Read the official documents of the cases one may see (scoped per case: modules/documents/access.ts). */
  'document.read',
  /** Set one's own department's 文号 pattern and remedy channels (system administrators: any department's). */
  'document.settings',
  /** Reporting figures: county-wide for auditors and administrators, own department otherwise. */
  'statistics.read',
  /** The service centre's queue of work nobody can act on (its department is checked per request). */
  'escalation.manage',
  /** Confirm an applicant account's identity against documents at the counter (window clerks). */
  'identity.confirm',
  /** Record a paper 授权委托书 seen at the counter as a mandate (window clerks). */
  'mandate.verify',
  /** One's own mandates, granted or received; staff: those of the cases they may read. */
  'mandate.read',
  /** Grant or revoke a mandate in one's own (proven) name. */
  'mandate.grant',
  /**
   * 部门间、地区间协助核查 (004): ask another department to help verify a task one works on, and answer
   * what one's own department is asked (scoped per request: modules/assistance/access.ts).
   */
  'assistance.handle',
  /** Public reports (社会监督) on the department's commitments: read them with the reporter's contact, close abusive ones. */
  'report.manage',
  /** The 容错免责 register: read every case and record the review (纪检监察). */
  'tolerance.review',
  /** Read a 容错免责 case one is the official concerned in (scoped per case: modules/tolerance/access.ts). */
  'tolerance.read',
] as const;
export type Permission = (typeof permissions)[number];

const everyStaff: readonly Permission[] = ['account.read_self', 'department.read', 'staff.read_department'];

const staffPermissions: Record<StaffRole, readonly Permission[]> = {
  window_clerk: [
    ...everyStaff,
    'identity.confirm',
    'mandate.verify',
    'mandate.read',
    'catalog.read',
    'credit.check',
    'credit.check_read',
    'application.apply',
    'application.read',
    'application.queue',
    'application.process',
    'file.upload',
    'document.read',
    'tolerance.read',
  ],
  // An approver drafts the items of its own department only (modules/catalog/access.ts), and reads the
  // credit checks of its department's items only (modules/credit/access.ts).
  approver: [
    ...everyStaff,
    'catalog.read',
    'catalog.draft',
    'credit.check',
    'credit.check_read',
    'application.read',
    'application.queue',
    'application.process',
    'application.decide',
    'verification.read',
    'verification.revoke',
    'statistics.read',
    'document.read',
    'document.settings',
    'assistance.handle',
    'tolerance.read',
  ],
  // An inspector uploads the evidence (photos, PDFs) it records with a result.
  inspector: [
    ...everyStaff,
    'verification.read',
    'verification.record',
    'inspection.record',
    'document.read',
    'file.upload',
    'assistance.handle',
  ],
  supervision_admin: [
    ...everyStaff,
    'verification.read',
    'verification.assign',
    'verification.draws',
    'inspection.manage',
    'inspection.record',
    'statistics.read',
    'document.read',
    'assistance.handle',
    'report.manage',
  ],
  // Only in the credit department (信用主管部门) do they manage records: modules/credit/access.ts.
  credit_officer: [
    ...everyStaff,
    'credit.manage',
    'credit.check',
    'credit.check_read',
    'document.read',
    'document.settings',
  ],
  catalog_admin: [
    ...everyStaff,
    'catalog.read',
    'catalog.draft',
    'catalog.publish',
    'statistics.read',
    'escalation.manage',
    'document.settings',
    'tolerance.read',
  ],
  // Also decides which receiving systems may get personal data in clear: whoever checks the legal basis is
  // not the administrator who wants the integration to work (ADR 0019).
  legal_reviewer: [...everyStaff, 'catalog.read', 'catalog.review', 'push.read', 'push.grant'],
  auditor: [
    ...everyStaff,
    'audit.verify',
    'audit.read',
    'catalog.read',
    'application.read',
    'application.queue',
    'statistics.read',
    'document.read',
  ],
  system_admin: [
    ...everyStaff,
    'account.manage',
    'calendar.manage',
    'jobs.manage',
    'clock.manage',
    'token.manage',
    'push.manage',
    'push.read',
    'statistics.read',
    'escalation.manage',
    'document.settings',
  ],
  // 纪检监察: reviews 容错免责 cases; reads what the register holds and the reporting figures, nothing else.
  discipline_inspector: [...everyStaff, 'tolerance.review', 'tolerance.read', 'statistics.read'],
};

const applicantPermissions: readonly Permission[] = [
  'account.read_self',
  'credit.own',
  'credit.check_read',
  'application.apply',
  'application.read',
  'file.upload',
  'document.read',
  'defence.respond',
  'mandate.read',
  'mandate.grant',
];

/**
 * What a password account that nobody has vouched for may not do: read a subject's credit file or act in
 * a subject's name (grant a mandate included). Anyone can type any valid code at registration.
 */
const provenOnly: readonly Permission[] = [
  'credit.own',
  'application.apply',
  'defence.respond',
  'mandate.grant',
];

/** Scopes an API token may carry: other departments' systems act only through these. */
export const tokenScopes = [
  'account.read_self',
  'department.read',
  'push.results',
] as const satisfies readonly Permission[];
export type TokenScope = (typeof tokenScopes)[number];

export type Actor =
  | {
      kind: 'staff';
      userId: string;
      username: string;
      departmentId: string;
      roles: readonly StaffRole[];
      sessionId: string | null;
    }
  | {
      kind: 'applicant';
      userId: string;
      username: string;
      applicantType: ApplicantType;
      /** Proven by the identity platform or confirmed at the counter; a bare password account is not. */
      proven: boolean;
      sessionId: string | null;
    }
  | { kind: 'token'; tokenId: string; name: string; departmentId: string; scopes: readonly Permission[] }
  | { kind: 'system'; name: string };

/** Whether staff with these roles may do it: the web shows a page only to those the server lets through. */
export const rolesMay = (roles: readonly string[], permission: Permission): boolean =>
  roles.some((r) => staffPermissions[r as StaffRole]?.includes(permission));

export function hasPermission(actor: Actor, permission: Permission): boolean {
  switch (actor.kind) {
    case 'staff':
      return actor.roles.some((r) => staffPermissions[r].includes(permission));
    case 'applicant':
      return applicantPermissions.includes(permission) && (actor.proven || !provenOnly.includes(permission));
    case 'token':
      return actor.scopes.includes(permission);
    case 'system':
      return true;
    default: {
      const never: never = actor;
      return never;
    }
  }
}

export const identityUnprovenMessage =
  '账号身份尚未核验：请使用统一身份认证登录，或携带有效证件到政务服务中心综合受理窗口核验身份后再查看信用档案或办理申请';

export function assertPermission(actor: Actor | null, permission: Permission): Actor {
  if (!actor) throw new DomainError('UNAUTHENTICATED', '请先登录');
  if (!hasPermission(actor, permission)) {
    if (actor.kind === 'applicant' && !actor.proven && provenOnly.includes(permission)) {
      throw new DomainError('FORBIDDEN', identityUnprovenMessage, {
        permission,
        reason: 'identity_unproven',
      });
    }
    throw new DomainError('FORBIDDEN', '当前账号无权执行此操作', { permission });
  }
  return actor;
}

export const actorDepartmentId = (actor: Actor): string | null =>
  actor.kind === 'staff' || actor.kind === 'token' ? actor.departmentId : null;

/** A user of one department never touches another's records unless a rule calls this with an exception. */
export function assertSameDepartment(actor: Actor, departmentId: string): void {
  if (actor.kind === 'system') return;
  if (actorDepartmentId(actor) !== departmentId) {
    throw new DomainError('FORBIDDEN', '无权访问其他部门的数据', { departmentId });
  }
}
