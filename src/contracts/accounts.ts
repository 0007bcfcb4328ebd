import { type Static, Type } from 'typebox';
import { IsoDate, StringEnum, Uuid } from './common';
import { applicantTypes, departmentKinds, staffRoles } from './enums';

export const Department = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  kind: StringEnum(departmentKinds, '部门类型'),
  kindLabel: Type.String(),
  regionCode: Type.String(),
  uscc: Type.Union([Type.String(), Type.Null()]),
});
export type Department = Static<typeof Department>;

export const CreateDepartment = Type.Object({
  code: Type.String({ minLength: 2, maxLength: 40 }),
  name: Type.String({ minLength: 2, maxLength: 60 }),
  kind: StringEnum(departmentKinds),
  regionCode: Type.String({ pattern: '^\\d{6}$', description: '6位行政区划代码' }),
  uscc: Type.Optional(Type.String({ description: '部门统一社会信用代码' })),
});

export const Password = Type.String({
  minLength: 8,
  maxLength: 128,
  description: '至少8位，须同时包含字母和数字',
});

export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 128 }),
});

export const Me = Type.Object({
  kind: Type.String({ description: 'staff | applicant | token' }),
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  departmentId: Type.Union([Type.String(), Type.Null()]),
  departmentName: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Type.String()),
  applicantType: Type.Union([StringEnum(applicantTypes), Type.Null()]),
  uscc: Type.Union([Type.String(), Type.Null()]),
  residentIdMasked: Type.Union([Type.String(), Type.Null()]),
  phoneMasked: Type.Union([Type.String(), Type.Null()]),
  permissions: Type.Array(Type.String()),
  csrfToken: Type.Union([Type.String(), Type.Null()]),
});
export type Me = Static<typeof Me>;

export const RegisterApplicant = Type.Object({
  applicantType: StringEnum(applicantTypes, 'enterprise 企业 / individual 自然人 / agent 代理人'),
  username: Type.String({ minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9_.-]+$' }),
  password: Password,
  displayName: Type.String({ minLength: 2, maxLength: 100, description: '企业名称或姓名' }),
  uscc: Type.Optional(Type.String({ description: '统一社会信用代码（企业必填）' })),
  residentId: Type.Optional(Type.String({ description: '公民身份号码（自然人、代理人必填）' })),
  phone: Type.Optional(Type.String({ pattern: '^1\\d{10}$', description: '手机号码' })),
});
export type RegisterApplicant = Static<typeof RegisterApplicant>;

export const CreateStaffAccount = Type.Object({
  username: Type.String({ minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9_.-]+$' }),
  password: Password,
  displayName: Type.String({ minLength: 2, maxLength: 40 }),
  departmentId: Uuid,
  roles: Type.Array(StringEnum(staffRoles), { minItems: 1, uniqueItems: true }),
  phone: Type.Optional(Type.String({ pattern: '^1\\d{10}$' })),
});
export type CreateStaffAccount = Static<typeof CreateStaffAccount>;

export const StaffAccount = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  departmentId: Uuid,
  roles: Type.Array(Type.String()),
  active: Type.Boolean(),
  locked: Type.Boolean(),
  phoneMasked: Type.Union([Type.String(), Type.Null()]),
});

export const CreateApiToken = Type.Object({
  name: Type.String({ minLength: 2, maxLength: 60, description: '对接系统名称' }),
  departmentId: Uuid,
  scopes: Type.Array(Type.String(), { minItems: 1, uniqueItems: true }),
});

export const ApiTokenCreated = Type.Object({
  id: Uuid,
  name: Type.String(),
  departmentId: Uuid,
  scopes: Type.Array(Type.String()),
  token: Type.String({ description: '仅此一次显示，请妥善保存' }),
});

export const DateOnly = IsoDate;
