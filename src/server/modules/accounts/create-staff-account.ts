import type { CreateStaffAccount } from '../../../contracts/accounts';
import type { DepartmentKind, StaffRole } from '../../../contracts/enums';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { assertPasswordPolicy, hashPassword } from './passwords';
import { findDepartment, insertUser, type UserRow, usernameTaken } from './repository';

/** Roles that only make sense in certain kinds of department; the rest may sit anywhere. */
const roleHomes: Partial<Record<StaffRole, readonly DepartmentKind[]>> = {
  approver: ['approving', 'service_center'],
  inspector: ['supervising'],
  supervision_admin: ['supervising'],
  credit_officer: ['credit'],
  legal_reviewer: ['justice'],
  window_clerk: ['service_center'],
};

export async function createStaffAccount(ctx: Ctx, input: CreateStaffAccount): Promise<UserRow> {
  assertPasswordPolicy(input.password);
  const dept = await findDepartment(ctx.tx, input.departmentId);
  if (!dept) throw new DomainError('NOT_FOUND', '部门不存在', { field: 'departmentId' });
  for (const role of input.roles) {
    const homes = roleHomes[role];
    if (homes && !homes.includes(dept.kind)) {
      throw new DomainError('VALIDATION', `角色“${role}”不能设在部门“${dept.name}”`, {
        field: 'roles',
        role,
      });
    }
  }
  if (await usernameTaken(ctx.tx, input.username)) {
    throw new DomainError('CONFLICT', `用户名“${input.username}”已被使用`, { field: 'username' });
  }
  const user = await insertUser(ctx.tx, {
    username: input.username,
    passwordHash: await hashPassword(input.password),
    displayName: input.displayName,
    kind: 'staff',
    departmentId: dept.id,
    roles: input.roles,
    phone: input.phone ?? null,
  });
  await appendAudit(ctx, {
    action: 'account.create',
    targetType: 'user_account',
    targetId: user.id,
    after: { username: user.username, departmentId: dept.id, roles: user.roles },
  });
  return user;
}
