import type { Static } from 'typebox';
import type { CreateRecord } from '../../../contracts/credit';
import { isPositiveKind, publicityMonths } from '../../../domain/credit';
import { DomainError } from '../../../domain/errors';
import { publicTextProblem } from '../../../domain/personal-data';
import { chinaDate, parseDate } from '../../../domain/working-days';
import type { Ctx } from '../../context';
import { assertCreditDepartment } from './access';
import { addRecord } from './add-record';
import type { RecordRow } from './repository';
import { findOrCreateSubject } from './subjects';

export type CreateRecordInput = Static<typeof CreateRecord>;

/** Field checks shared by the API and the bulk import; each problem names its field. */
export function recordProblems(
  input: Pick<CreateRecordInput, 'kind' | 'decidedOn' | 'penaltyFulfilled' | 'validUntil' | 'summary'>,
  today: string,
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  // The 事由 is published with the record (公示): whoever enters it decides how it names a person (ADR 0019).
  const personal = publicTextProblem('事由', input.summary);
  if (personal) problems.push({ field: 'summary', message: personal });
  try {
    parseDate(input.decidedOn);
    if (input.decidedOn > today) problems.push({ field: 'decidedOn', message: '认定日期不能晚于今天' });
  } catch (e) {
    problems.push({ field: 'decidedOn', message: (e as Error).message });
  }
  if (input.validUntil) {
    try {
      parseDate(input.validUntil);
      if (input.validUntil < input.decidedOn)
        problems.push({ field: 'validUntil', message: '有效期截止日不能早于认定日期' });
    } catch (e) {
      problems.push({ field: 'validUntil', message: (e as Error).message });
    }
    if (!isPositiveKind(input.kind))
      problems.push({
        field: 'validUntil',
        message: '只有守信激励类记录可以填写有效期，失信记录按公示期计算',
      });
  }
  if (input.penaltyFulfilled !== undefined && input.kind !== 'administrative_penalty')
    problems.push({ field: 'penaltyFulfilled', message: '只有行政处罚记录可以填写是否已履行' });
  return problems;
}

/** A credit officer enters a record decided by some authority into the local credit file. */
export async function createRecord(ctx: Ctx, input: CreateRecordInput): Promise<RecordRow> {
  await assertCreditDepartment(ctx);
  const today = chinaDate(ctx.now);
  const problems = recordProblems(input, today);
  if (problems.length) {
    throw new DomainError('VALIDATION', problems[0]!.message, { field: problems[0]!.field, problems });
  }
  const subject = await findOrCreateSubject(ctx, input.subject);
  const authority = input.authority.trim();
  const penaltyFulfilled = input.kind === 'administrative_penalty' ? (input.penaltyFulfilled ?? false) : null;
  return addRecord(
    ctx,
    subject.row,
    {
      subjectId: subject.row.id,
      kind: input.kind,
      severity: input.severity,
      authority,
      decidedOn: input.decidedOn,
      summary: input.summary.trim(),
      penaltyFulfilled,
      source: 'local',
      sourceRef: input.sourceRef ?? null,
      published: publicityMonths[input.severity].publishedByDefault,
      validUntil: input.validUntil ?? null,
      status: 'active',
      createdBy: ctx.actor.kind === 'staff' ? ctx.actor.username : null,
      departmentId: ctx.actor.kind === 'staff' ? ctx.actor.departmentId : null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    },
    { authority, decidedOn: input.decidedOn, penaltyFulfilled },
  );
}
