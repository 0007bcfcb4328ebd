import type { Static } from 'typebox';
import type { CreateGrade } from '../../../contracts/credit';
import { DomainError } from '../../../domain/errors';
import { chinaDate, parseDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { assertCreditDepartment } from './access';
import { type GradeRow, insertGrade } from './repository';
import { findOrCreateSubject } from './subjects';

/** A grade on a jurisdiction's scale, from an evaluation (e.g. 信用风险分类); never public. */
export async function createGrade(ctx: Ctx, input: Static<typeof CreateGrade>): Promise<GradeRow> {
  await assertCreditDepartment(ctx);
  parseDate(input.gradedOn);
  if (input.gradedOn > chinaDate(ctx.now)) {
    throw new DomainError('VALIDATION', '评价日期不能晚于今天', { field: 'gradedOn' });
  }
  // A grade belongs to a scale some jurisdiction uses, and takes one of its values.
  const value = input.value.trim().toUpperCase();
  const scales = (await ctx.policies.get(ctx.tx)).map((p) => p.definition.gradeScale);
  const scale = scales.find((s) => s.code === input.scale);
  if (!scale) {
    const known = [...new Set(scales.map((s) => s.code))].join('、');
    throw new DomainError('VALIDATION', `未知的等级体系“${input.scale}”（可用：${known}）`, {
      field: 'scale',
    });
  }
  if (!scale.values.includes(value)) {
    throw new DomainError(
      'VALIDATION',
      `等级“${input.value}”不在该等级体系中（${scale.values.join('、')}）`,
      {
        field: 'value',
      },
    );
  }
  const subject = await findOrCreateSubject(ctx, input.subject);
  const row = await insertGrade(ctx.tx, {
    subjectId: subject.row.id,
    scale: input.scale,
    value,
    source: input.source,
    gradedOn: input.gradedOn,
    createdAt: ctx.now,
  });
  await appendAudit(ctx, {
    action: 'credit.grade_create',
    targetType: 'credit_grade',
    targetId: row.id,
    after: {
      subjectId: subject.row.id,
      scale: row.scale,
      value: row.value,
      source: row.source,
      gradedOn: row.gradedOn,
    },
  });
  return row;
}
