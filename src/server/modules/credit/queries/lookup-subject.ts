import type { CreditSubjectKindName } from '../../../../contracts/credit';
import { DomainError } from '../../../../domain/errors';
import { chinaDate } from '../../../../domain/working-days';
import type { ReadCtx } from '../../../context';
import { assertCreditDepartment } from '../access';
import { presentRecord } from '../present';
import { checksOfSubject, latestGrades, recordsOfSubject } from '../repository';
import { findSubjectByCode, normalizeSubjectCode, presentSubject } from '../subjects';

/** A subject's whole file for the credit department: records, each scale's latest grade, checks. */
export async function lookupSubject(ctx: ReadCtx, query: { kind: CreditSubjectKindName; code: string }) {
  await assertCreditDepartment(ctx);
  const today = chinaDate(ctx.now);
  const normal = normalizeSubjectCode({ kind: query.kind, code: query.code, name: '-' }, today, 'code');
  const s = await findSubjectByCode(ctx, query.kind, normal);
  if (!s) throw new DomainError('NOT_FOUND', '信用档案中没有该主体');
  const [records, grades, checks] = await Promise.all([
    recordsOfSubject(ctx.db, s.id),
    latestGrades(ctx.db, [s.id]),
    checksOfSubject(ctx.db, s.id),
  ]);
  return {
    subject: presentSubject(s, ctx.crypto, true),
    records: records.map((r) => presentRecord(r, s, ctx.crypto, true, today)),
    grades: grades.map((g) => ({ scale: g.scale, value: g.value, source: g.source, gradedOn: g.gradedOn })),
    checks: checks.map((c) => ({
      id: c.id,
      checkedAt: c.checkedAt.toISOString(),
      outcome: c.outcome,
      policyVersionId: c.policyVersionId,
    })),
  };
}
