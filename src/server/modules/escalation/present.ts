import { escalationKindLabels, escalationStatusLabels } from '../../../contracts/escalation';
import type { EscalationRow } from './repository';

export const presentEscalation = (r: EscalationRow) => ({
  id: r.id,
  kind: r.kind,
  kindLabel: escalationKindLabels[r.kind],
  refType: r.refType,
  refId: r.refId,
  summary: r.summary,
  gaps: r.gaps,
  status: r.status,
  statusLabel: escalationStatusLabels[r.status],
  assignedUserId: r.assignedUserId,
  assignedAt: r.assignedAt?.toISOString() ?? null,
  resolution: r.resolution,
  resolvedBy: r.resolvedBy,
  resolvedAt: r.resolvedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
  version: r.version,
});
