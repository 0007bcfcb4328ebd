import type { Static } from 'typebox';
import type { CreateDepartment } from '../../../contracts/accounts';
import { requireUscc } from '../../../domain/codes';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { type DepartmentRow, findDepartmentByCode, insertDepartment } from './repository';

export async function createDepartment(
  ctx: Ctx,
  input: Static<typeof CreateDepartment>,
): Promise<DepartmentRow> {
  const uscc = input.uscc ? requireUscc(input.uscc, 'uscc') : null;
  if (await findDepartmentByCode(ctx.tx, input.code)) {
    throw new DomainError('CONFLICT', `部门编码“${input.code}”已存在`, { field: 'code' });
  }
  const row = await insertDepartment(ctx.tx, { ...input, uscc });
  await appendAudit(ctx, {
    action: 'department.create',
    targetType: 'department',
    targetId: row.id,
    after: row,
  });
  return row;
}
