import { deliveryStatusLabels, inboundOutcomeLabels, pushDataClassLabels } from '../../../contracts/push';
import type {
  InboundRow,
  listAttempts,
  listDataGrants,
  listDeliveries,
  listSubscriptions,
} from './repository';

const iso = (d: Date | null) => d?.toISOString() ?? null;

type Listed = Awaited<ReturnType<typeof listSubscriptions>>[number];
export const presentSubscription = (r: Listed) => ({
  id: r.sub.id,
  systemName: r.sub.systemName,
  departmentId: r.sub.departmentId,
  departmentName: r.departmentName,
  url: r.sub.url,
  topics: r.sub.topics,
  regionCodes: r.sub.regionCodes,
  departmentIds: r.sub.departmentIds,
  active: r.sub.active,
  createdAt: r.sub.createdAt.toISOString(),
  updatedAt: r.sub.updatedAt.toISOString(),
  pending: r.pending,
  dead: r.dead,
});

export const presentInbound = (row: InboundRow, duplicate: boolean) => ({
  id: row.id,
  duplicate,
  departmentId: row.departmentId,
  senderKey: row.senderKey,
  commitmentCode: row.commitmentCode,
  taskId: row.taskId,
  outcome: row.outcome,
  outcomeLabel: inboundOutcomeLabels[row.outcome],
  verifiedOn: row.verifiedOn,
  findings: row.findings,
  status: row.status,
  receivedAt: row.receivedAt.toISOString(),
});

type DeliveryListed = Awaited<ReturnType<typeof listDeliveries>>['rows'][number];
export const presentDelivery = (r: DeliveryListed) => ({
  id: r.d.id,
  subscriptionId: r.d.subscriptionId,
  systemName: r.systemName,
  messageSeq: r.d.messageSeq,
  idempotencyKey: r.idempotencyKey,
  topic: r.topic,
  aggregateId: r.aggregateId,
  status: r.d.status,
  statusLabel: deliveryStatusLabels[r.d.status],
  attempts: r.d.attempts,
  nextAttemptAt: r.d.status === 'pending' ? r.d.nextAttemptAt.toISOString() : null,
  lastStatusCode: r.d.lastStatusCode,
  lastError: r.d.lastError,
  deliveredAt: iso(r.d.deliveredAt),
  deadAt: iso(r.d.deadAt),
  createdAt: r.d.createdAt.toISOString(),
});

type AttemptListed = Awaited<ReturnType<typeof listAttempts>>['rows'][number];
export const presentAttempt = (a: AttemptListed) => ({
  attempt: a.attempt,
  at: a.at.toISOString(),
  statusCode: a.statusCode,
  error: a.error,
  durationMs: a.durationMs,
});

type GrantListed = Awaited<ReturnType<typeof listDataGrants>>[number];
export const presentDataGrant = ({ grant: g, revokedByName }: GrantListed) => ({
  id: g.id,
  subscriptionId: g.subscriptionId,
  dataClass: g.dataClass,
  dataClassLabel: pushDataClassLabels[g.dataClass],
  legalBasis: g.legalBasis,
  grantedBy: g.grantedBy,
  grantedByName: g.grantedByName,
  grantedAt: g.grantedAt.toISOString(),
  active: g.revokedAt === null,
  revokedBy: g.revokedBy,
  revokedByName: g.revokedBy ? revokedByName : null,
  revokedAt: iso(g.revokedAt),
  revokeReason: g.revokeReason,
});
