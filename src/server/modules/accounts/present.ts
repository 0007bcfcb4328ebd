import { departmentKindLabels } from '../../../contracts/enums';
import { maskPhone } from '../../../domain/codes';
import type { DepartmentRow, UserRow } from './repository';

export const presentDepartment = (d: DepartmentRow) => ({ ...d, kindLabel: departmentKindLabels[d.kind] });

/** A staff account as administrators see it: the phone masked, the lock as a flag. */
export const presentStaff = (u: UserRow, now: Date) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  departmentId: u.departmentId!,
  roles: u.roles,
  active: u.active,
  locked: !!u.lockedUntil && u.lockedUntil > now,
  phoneMasked: u.phone ? maskPhone(u.phone) : null,
});
