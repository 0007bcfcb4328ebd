/** Enumerations shared by server, web and the OpenAPI document. Labels are what people read. */
export const departmentKinds = ['service_center', 'approving', 'supervising', 'credit', 'justice'] as const;
export type DepartmentKind = (typeof departmentKinds)[number];
export const departmentKindLabels: Record<DepartmentKind, string> = {
  service_center: '政务服务中心',
  approving: '审批部门',
  supervising: '监管部门',
  credit: '信用主管部门',
  justice: '司法局',
};

export const staffRoles = [
  'window_clerk',
  'approver',
  'inspector',
  'supervision_admin',
  'credit_officer',
  'catalog_admin',
  'legal_reviewer',
  'auditor',
  'system_admin',
  'discipline_inspector',
] as const;
export type StaffRole = (typeof staffRoles)[number];
export const staffRoleLabels: Record<StaffRole, string> = {
  window_clerk: '综合受理窗口人员',
  approver: '审批人员',
  inspector: '执法检查人员',
  supervision_admin: '监管管理员',
  credit_officer: '信用管理人员',
  catalog_admin: '事项管理员',
  legal_reviewer: '合法性审查人员',
  auditor: '审计人员',
  system_admin: '系统管理员',
  discipline_inspector: '纪检监察人员',
};

export const applicantTypes = ['enterprise', 'individual', 'agent'] as const;
export type ApplicantType = (typeof applicantTypes)[number];
export const applicantTypeLabels: Record<ApplicantType, string> = {
  enterprise: '企业（法人及非法人组织、个体工商户）',
  individual: '自然人',
  agent: '代理人',
};

export const accountKinds = ['staff', 'applicant'] as const;
export type AccountKind = (typeof accountKinds)[number];
