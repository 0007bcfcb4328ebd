import type { DocumentSettingsBody } from '../../../contracts/documents';
import { numberPatternProblems } from '../../../domain/document-number';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { actorRef } from '../catalog/shared';
import { documentSettingsOf } from './queries/document-settings';
import { upsertSettings } from './repository';

/** A department sets its own numbering; the system administrator may set any department's. */
function assertMaySet(ctx: Ctx, departmentId: string): void {
  const a = ctx.actor;
  if (a.kind === 'system') return;
  if (a.kind === 'staff' && (a.roles.includes('system_admin') || a.departmentId === departmentId)) return;
  throw new DomainError('FORBIDDEN', '只能设置本部门的文号格式（系统管理员可设置各部门）');
}

export async function setDocumentSettings(ctx: Ctx, departmentId: string, input: DocumentSettingsBody) {
  assertMaySet(ctx, departmentId);
  const before = await documentSettingsOf(ctx, departmentId);
  const pattern = input.numberPattern.trim();
  const problems = numberPatternProblems(pattern);
  if (problems.length) throw new DomainError('VALIDATION', problems.join('；'), { problems });
  await upsertSettings(ctx.tx, {
    departmentId,
    numberPattern: pattern,
    reviewAuthority: input.reviewAuthority.trim(),
    court: input.court.trim(),
    updatedAt: ctx.now,
    updatedBy: actorRef(ctx.actor).actorName,
  });
  await appendAudit(ctx, {
    action: 'document.settings',
    targetType: 'department',
    targetId: departmentId,
    before: {
      numberPattern: before.numberPattern,
      reviewAuthority: before.reviewAuthority,
      court: before.court,
    },
    after: {
      numberPattern: pattern,
      reviewAuthority: input.reviewAuthority.trim(),
      court: input.court.trim(),
    },
  });
  return documentSettingsOf(ctx, departmentId);
}
