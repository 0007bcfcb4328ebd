import { PgTransaction } from 'drizzle-orm/pg-core';
import { completeResidentId, completeUscc } from '../../../../domain/codes';
import { appendAuditWith } from '../../../audit/audit-log';
import { systemActor } from '../../../context';
import type { Executor } from '../../../db/client';
import type { DataCrypto } from '../../../security/crypto';
import { startRecordHistory } from '../record-history';
import { insertGrade, insertPolicy, insertRecord, insertSubject, listPolicies } from '../repository';
import { subjectValues } from '../subjects';
import { seedPolicies } from './policies';

/**
 * Publishes version 1 of each shipped jurisdiction policy that is not there yet. Runs at every start:
 * a credit check needs a published policy even on a database without demo data.
 */
/** Joins the caller's transaction, or opens one: a savepoint would hide the audit chain's tail from the caller. */
const inTransaction = <T>(db: Executor, fn: (tx: Executor) => Promise<T>): Promise<T> =>
  db instanceof PgTransaction ? fn(db) : db.transaction(fn);

export async function seedCreditPolicies(db: Executor, crypto: DataCrypto, now: Date): Promise<number> {
  const known = new Set((await listPolicies(db)).map((p) => p.code));
  let n = 0;
  for (const p of seedPolicies) {
    if (known.has(p.code)) continue;
    // The policy and its audit row commit together, under the audit chain's lock.
    const seeded = await inTransaction(db, async (tx) => {
      const row = await insertPolicy(tx, {
        code: p.code,
        version: 1,
        name: p.name,
        regions: p.regions,
        definition: p.definition,
        status: 'published',
        createdBy: '系统内置',
        createdAt: now,
        publishedAt: now,
      });
      if (!row) return false; // another instance seeded it at the same moment
      await appendAuditWith(tx, crypto, systemActor('准入规则初始化'), now, null, {
        action: 'credit.policy_publish',
        targetType: 'eligibility_policy',
        targetId: row.id,
        after: { code: row.code, version: row.version },
      });
      return true;
    });
    if (seeded) n++;
  }
  return n;
}

/** Demo credit subjects: one per outcome under 乌审旗's policy. */
/** A demo record, with the first step of its history as any record has. */
async function seedRecord(db: Executor, values: Parameters<typeof insertRecord>[1]): Promise<void> {
  const row = await insertRecord(db, values);
  await startRecordHistory(db, systemActor('演示数据'), row);
}

export const demoCreditSubjects = {
  conditional: {
    kind: 'enterprise' as const,
    name: '乌审旗北疆商贸有限公司',
    code: completeUscc('91150626', 'MA0P3L7R'),
  },
  notEligible: {
    kind: 'enterprise' as const,
    name: '乌审旗速达建材有限公司',
    code: completeUscc('91150626', 'MA0Q5W1T'),
  },
  incentiveCard: {
    kind: 'individual_business' as const,
    name: '乌审旗嘎鲁图镇阿拉坦小吃店',
    code: completeUscc('92150626', 'MA0R8D4U'),
  },
  person: { kind: 'individual' as const, name: '那仁格日勒', code: completeResidentId('15062619881120301') },
};

type DemoSubject = { kind: 'enterprise' | 'individual_business' | 'individual'; name: string; code: string };

/** Subjects, records and grades for the demo applicants and a few more, each showing one outcome. */
export async function seedDemoCredit(
  db: Executor,
  crypto: DataCrypto,
  now: Date,
  applicants: { enterprise: DemoSubject; individual: DemoSubject },
): Promise<void> {
  const subject = async (s: DemoSubject) => (await insertSubject(db, subjectValues(crypto, s, s.code, now)))!;
  const base = {
    source: 'local' as const,
    status: 'active' as const,
    createdBy: '演示数据',
    createdAt: now,
    updatedAt: now,
  };

  const ent = await subject(applicants.enterprise);
  await insertGrade(db, {
    subjectId: ent.id,
    scale: 'national',
    value: 'A',
    source: '公共信用综合评价',
    gradedOn: '2026-06-30',
    createdAt: now,
  });
  await seedRecord(db, {
    ...base,
    subjectId: ent.id,
    kind: 'tax_credit_a',
    severity: 'minor',
    authority: '国家税务总局乌审旗税务局',
    decidedOn: '2026-04-15',
    summary: '2025年度纳税信用评价为A级',
    published: false,
    validUntil: '2027-04-14',
  });
  // A minor penalty paid long ago: on file, no longer in effect.
  await seedRecord(db, {
    ...base,
    subjectId: ent.id,
    kind: 'administrative_penalty',
    severity: 'minor',
    authority: '乌审旗市场监督管理局',
    decidedOn: '2024-03-11',
    summary: '未按规定公示从业人员健康证明，警告',
    penaltyFulfilled: true,
    published: false,
  });
  await subject(applicants.individual);

  const cond = await subject(demoCreditSubjects.conditional);
  await insertGrade(db, {
    subjectId: cond.id,
    scale: 'national',
    value: 'B',
    source: '公共信用综合评价',
    gradedOn: '2026-06-30',
    createdAt: now,
  });
  await seedRecord(db, {
    ...base,
    subjectId: cond.id,
    kind: 'abnormal_operation',
    severity: 'general',
    authority: '乌审旗市场监督管理局',
    decidedOn: '2026-08-20',
    summary: '未按规定报送2025年度年度报告，列入经营异常名录',
    published: true,
  });

  const bad = await subject(demoCreditSubjects.notEligible);
  await seedRecord(db, {
    ...base,
    subjectId: bad.id,
    kind: 'false_commitment',
    severity: 'serious',
    authority: '乌审旗交通运输局',
    decidedOn: '2026-05-08',
    summary: '道路货物运输经营许可承诺车辆技术条件不实，撤销许可',
    published: true,
  });
  await seedRecord(db, {
    ...base,
    subjectId: bad.id,
    kind: 'administrative_penalty',
    severity: 'general',
    authority: '乌审旗交通运输局',
    decidedOn: '2026-05-20',
    summary: '超限运输，罚款人民币五千元',
    penaltyFulfilled: false,
    published: true,
  });

  const card = await subject(demoCreditSubjects.incentiveCard);
  await seedRecord(db, {
    ...base,
    subjectId: card.id,
    kind: 'tax_incentive_card',
    severity: 'minor',
    authority: '国家税务总局乌审旗税务局',
    decidedOn: '2026-03-01',
    summary: '发放纳税信用联合激励卡',
    published: false,
    validUntil: '2027-02-28',
  });
  await subject(demoCreditSubjects.person);
}
