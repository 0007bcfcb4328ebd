import { count } from 'drizzle-orm';
import type { StaffRole } from '../contracts/enums';
import { completeResidentId, completeUscc, maskResidentId } from '../domain/codes';
import { appendAuditWith } from './audit/audit-log';
import { systemActor } from './context';
import type { Database, Executor } from './db/client';
import { department } from './db/schema';
import { hashPassword } from './modules/accounts/passwords';
import { insertDepartment, insertUser } from './modules/accounts/repository';
import { backfillLicenseItems } from './modules/applications/repository';
import { listYears } from './modules/calendar/repository';
import { seedOfficialCalendar } from './modules/calendar/seed-official';
import { seedDemoCatalog } from './modules/catalog/seed-demo';
import { seedCreditPolicies, seedDemoCredit } from './modules/credit/seed/seed-credit';
import { seedDocumentSettings } from './modules/documents/seed';
import type { DataCrypto } from './security/crypto';

// Several instances may start together against one PostgreSQL: only one migrates at a time.
const MIGRATION_LOCK_KEY = 7_262_000;

export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await database.migrate();
    return backfillLicenseItems(database.db);
  }
  const client = await database.pool!.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await database.migrate();
    await backfillLicenseItems(database.db);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}

/** Loads the official calendar for years not loaded yet; years an administrator corrected are left alone. */
export async function seedCalendar(db: Executor, now: Date): Promise<void> {
  const loaded = new Set((await listYears(db)).map((y) => y.year));
  await seedOfficialCalendar(db, now, loaded);
}

export const DEMO_PASSWORD = 'xinyipi2026';
export const DEMO_REGION = '150626'; // 乌审旗

const demoDepartments = [
  { code: 'WSQ-ZWFW', name: '乌审旗政务服务中心', kind: 'service_center', org: 'MB1A0001' },
  { code: 'WSQ-FGW', name: '乌审旗发展和改革委员会', kind: 'approving', org: 'MB1A0002' },
  { code: 'WSQ-WJW', name: '乌审旗卫生健康委员会', kind: 'approving', org: 'MB1A0003' },
  { code: 'WSQ-JTJ', name: '乌审旗交通运输局', kind: 'approving', org: 'MB1A0004' },
  { code: 'WSQ-RSJ', name: '乌审旗人力资源和社会保障局', kind: 'approving', org: 'MB1A0005' },
  { code: 'WSQ-MZJ', name: '乌审旗民政局', kind: 'approving', org: 'MB1A0006' },
  { code: 'WSQ-SCJGJ', name: '乌审旗市场监督管理局', kind: 'supervising', org: 'MB1A0007' },
  { code: 'WSQ-WSJD', name: '乌审旗卫生健康综合行政执法大队', kind: 'supervising', org: 'MB1A0008' },
  { code: 'WSQ-XYZX', name: '乌审旗公共信用信息中心', kind: 'credit', org: 'MB1A0009' },
  { code: 'WSQ-SFJ', name: '乌审旗司法局', kind: 'justice', org: 'MB1A000A' },
] as const;

export const demoStaff: { username: string; name: string; dept: string; roles: StaffRole[] }[] = [
  { username: 'clerk', name: '王晓燕', dept: 'WSQ-ZWFW', roles: ['window_clerk'] },
  { username: 'catalog', name: '李建国', dept: 'WSQ-ZWFW', roles: ['catalog_admin'] },
  { username: 'auditor', name: '赵敏', dept: 'WSQ-ZWFW', roles: ['auditor'] },
  { username: 'sysadmin', name: '刘洋', dept: 'WSQ-ZWFW', roles: ['system_admin'] },
  // 派驻政务服务中心的纪检监察人员: reviews 容错免责 cases (义马 section 五).
  { username: 'discipline', name: '白玉梅', dept: 'WSQ-ZWFW', roles: ['discipline_inspector'] },
  { username: 'approver', name: '张伟', dept: 'WSQ-WJW', roles: ['approver'] },
  { username: 'approver_fgw', name: '高峰', dept: 'WSQ-FGW', roles: ['approver'] },
  { username: 'supervisor', name: '陈静', dept: 'WSQ-SCJGJ', roles: ['supervision_admin'] },
  { username: 'inspector', name: '孙立军', dept: 'WSQ-SCJGJ', roles: ['inspector'] },
  { username: 'inspector2', name: '周海涛', dept: 'WSQ-SCJGJ', roles: ['inspector'] },
  // Every department that owns items or verification tasks has someone for each step (15.6): the
  // service centre approves 食品经营许可 (相对集中许可权); 人社局 and 民政局 supervise their own items.
  { username: 'approver_zwfw', name: '马俊', dept: 'WSQ-ZWFW', roles: ['approver'] },
  { username: 'approver_jtj', name: '乔志刚', dept: 'WSQ-JTJ', roles: ['approver'] },
  { username: 'approver_rsj', name: '田丽', dept: 'WSQ-RSJ', roles: ['approver'] },
  { username: 'supervisor_rsj', name: '冯玉兰', dept: 'WSQ-RSJ', roles: ['supervision_admin'] },
  { username: 'inspector_rsj', name: '朝鲁', dept: 'WSQ-RSJ', roles: ['inspector'] },
  { username: 'inspector_rsj2', name: '康宁', dept: 'WSQ-RSJ', roles: ['inspector'] },
  { username: 'approver_mzj', name: '苏和', dept: 'WSQ-MZJ', roles: ['approver'] },
  { username: 'supervisor_mzj', name: '乌云', dept: 'WSQ-MZJ', roles: ['supervision_admin'] },
  { username: 'inspector_mzj', name: '巴特尔', dept: 'WSQ-MZJ', roles: ['inspector'] },
  { username: 'inspector_mzj2', name: '任静', dept: 'WSQ-MZJ', roles: ['inspector'] },
  { username: 'supervisor_wsjd', name: '武晓东', dept: 'WSQ-WSJD', roles: ['supervision_admin'] },
  { username: 'inspector_wsjd', name: '贺军', dept: 'WSQ-WSJD', roles: ['inspector'] },
  { username: 'inspector_wsjd2', name: '杜娜', dept: 'WSQ-WSJD', roles: ['inspector'] },
  { username: 'credit', name: '吴丽娟', dept: 'WSQ-XYZX', roles: ['credit_officer'] },
  { username: 'legal', name: '郑红梅', dept: 'WSQ-SFJ', roles: ['legal_reviewer'] },
];

export const demoApplicants = {
  enterprise: {
    username: 'ent_demo',
    name: '乌审旗草原明珠餐饮有限公司',
    uscc: completeUscc('91150626', 'MA0N8K2Q'),
  },
  individual: {
    username: 'person_demo',
    name: '白音其其格',
    residentId: completeResidentId('15062619900308152'),
  },
  agent: { username: 'agent_demo', name: '韩志强', residentId: completeResidentId('15062619850712203') },
} as const;

/** The county's departments and one account for every role; only on an empty database. */
export async function seedDemo(database: Database, crypto: DataCrypto, now: Date): Promise<boolean> {
  const [c] = await database.db.select({ n: count() }).from(department);
  if (Number(c?.n ?? 0) > 0) {
    // A county seeded before the catalog existed still gets the demo catalog (only on an empty catalog).
    await seedCreditPolicies(database.db, crypto, now);
    await seedDemoCatalog(database, crypto, now);
    return false;
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await database.db.transaction(async (tx) => {
    const ids = new Map<string, string>();
    for (const d of demoDepartments) {
      const row = await insertDepartment(tx, {
        code: d.code,
        name: d.name,
        kind: d.kind,
        regionCode: DEMO_REGION,
        uscc: completeUscc(`11${DEMO_REGION}`, d.org),
      });
      ids.set(d.code, row.id);
    }
    for (const s of demoStaff) {
      await insertUser(tx, {
        username: s.username,
        passwordHash,
        displayName: s.name,
        kind: 'staff',
        departmentId: ids.get(s.dept)!,
        roles: s.roles,
      });
    }
    const { enterprise, individual, agent } = demoApplicants;
    await insertUser(tx, {
      username: enterprise.username,
      passwordHash,
      displayName: enterprise.name,
      kind: 'applicant',
      applicantType: 'enterprise',
      uscc: enterprise.uscc,
      phone: '13947700001',
      // The demo county's applicants have had their identity confirmed at the counter.
      identityProof: 'counter',
      identityProvenAt: now,
    });
    for (const [p, type] of [
      [individual, 'individual'],
      [agent, 'agent'],
    ] as const) {
      await insertUser(tx, {
        username: p.username,
        passwordHash,
        displayName: p.name,
        kind: 'applicant',
        applicantType: type,
        residentIdEnc: crypto.encrypt(p.residentId),
        residentIdHash: crypto.lookupHash(p.residentId),
        residentIdMasked: maskResidentId(p.residentId),
        phone: type === 'individual' ? '13947700002' : '13947700003',
        identityProof: 'counter',
        identityProvenAt: now,
      });
    }
    await seedDocumentSettings(tx, now);
    await seedCreditPolicies(tx, crypto, now);
    await seedDemoCredit(tx, crypto, now, {
      enterprise: { kind: 'enterprise', name: enterprise.name, code: enterprise.uscc },
      individual: { kind: 'individual', name: individual.name, code: individual.residentId },
    });
    await appendAuditWith(tx, crypto, systemActor('演示数据'), now, null, {
      action: 'demo.seed',
      targetType: 'system',
      after: { departments: demoDepartments.length, staff: demoStaff.length, applicants: 3 },
    });
  });
  await seedDemoCatalog(database, crypto, now);
  return true;
}
