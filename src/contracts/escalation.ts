import { type Static, Type } from 'typebox';
import { PageQuery, StringEnum, Uuid } from './common';
import { staffRoles } from './enums';

/** Work created where nobody can act, queued at the service centre (政务服务中心) instead (15.6). */
export const escalationKinds = ['application_review', 'verification_task'] as const;
export type EscalationKind = (typeof escalationKinds)[number];
export const escalationKindLabels: Record<EscalationKind, string> = {
  application_review: '待审查的申请无人办理',
  verification_task: '核查任务无人办理',
};

export const escalationStatuses = ['open', 'assigned', 'resolved'] as const;
export type EscalationStatus = (typeof escalationStatuses)[number];
export const escalationStatusLabels: Record<EscalationStatus, string> = {
  open: '待处理',
  assigned: '已指派',
  resolved: '已办结',
};

export const EscalationGap = Type.Object({
  departmentId: Uuid,
  departmentName: Type.String(),
  role: StringEnum(staffRoles),
  roleLabel: Type.String(),
  needed: Type.Integer({ description: '需要的人数' }),
  present: Type.Integer({ description: '现有在岗人数' }),
});
export type EscalationGap = Static<typeof EscalationGap>;

export const EscalationView = Type.Object({
  id: Uuid,
  kind: StringEnum(escalationKinds),
  kindLabel: Type.String(),
  refType: Type.String({ description: 'application 办件 / verification_task 核查任务' }),
  refId: Type.String(),
  summary: Type.String(),
  gaps: Type.Array(EscalationGap),
  status: StringEnum(escalationStatuses),
  statusLabel: Type.String(),
  assignedUserId: Type.Union([Uuid, Type.Null()]),
  assignedAt: Type.Union([Type.String(), Type.Null()]),
  resolution: Type.Union([Type.String(), Type.Null()]),
  resolvedBy: Type.Union([Type.String(), Type.Null()]),
  resolvedAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  version: Type.Integer(),
});

export const EscalationQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(StringEnum(escalationStatuses)),
});

export const AssignEscalation = Type.Object({
  userId: Uuid,
  note: Type.Optional(Type.String({ maxLength: 2000, description: '指派说明' })),
  version: Type.Optional(Type.Integer({ description: '版本号（并发控制）' })),
});

export const ResolveEscalation = Type.Object({
  resolution: Type.String({
    minLength: 2,
    maxLength: 2000,
    description: '处理结果（如已增设人员、已线下移交）',
  }),
  version: Type.Optional(Type.Integer({ description: '版本号（并发控制）' })),
});
