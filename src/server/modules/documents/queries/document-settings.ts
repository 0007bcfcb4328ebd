import { defaultNumberPattern } from '../../../../domain/document-number';
import { DomainError } from '../../../../domain/errors';
import type { ReadCtx } from '../../../context';
import { cachedDepartment } from '../../accounts/department-cache';
import { DEFAULT_COURT, DEFAULT_REVIEW_AUTHORITY } from '../models';
import { findSettings } from '../repository';

/** A department's numbering and the remedies its documents name, or the defaults where it set none. */
export async function documentSettingsOf(ctx: ReadCtx, departmentId: string) {
  const dept = await cachedDepartment(ctx, departmentId);
  if (!dept) throw new DomainError('NOT_FOUND', '部门不存在');
  const s = await findSettings(ctx.db, departmentId);
  return {
    departmentId,
    departmentName: dept.name,
    numberPattern: s?.numberPattern ?? defaultNumberPattern(dept.name),
    reviewAuthority: s?.reviewAuthority ?? DEFAULT_REVIEW_AUTHORITY,
    court: s?.court ?? DEFAULT_COURT,
    custom: !!s,
  };
}
