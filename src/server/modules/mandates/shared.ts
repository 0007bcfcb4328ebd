import { randomUUID } from 'node:crypto';
import type { RecordPaperMandate } from '../../../contracts/identity';
import { maskResidentId, requireResidentId } from '../../../domain/codes';
import { DomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { actorRef } from '../catalog/shared';
import { insertMandate, insertMandateEvent, type MandateRow } from './repository';

export type Principal = {
  kind: RecordPaperMandate['principal']['kind'];
  name: string;
  code: string;
  userId: string | null;
};

export type MandateTerms = {
  agentResidentId: string;
  agentName: string;
  scope: 'all' | 'items';
  itemCodes?: string[] | undefined;
  expiresOn: string;
};

/** A mandate's state today: revoked, expired (after its last day), or active. */
export const mandateState = (m: MandateRow, today: string): 'active' | 'revoked' | 'expired' =>
  m.status === 'revoked' ? 'revoked' : m.expiresOn < today ? 'expired' : 'active';

/** Does the mandate let its agent act for this item today? */
export const mandateCovers = (m: MandateRow, itemCode: string, today: string): boolean =>
  mandateState(m, today) === 'active' && (m.scope === 'all' || m.itemCodes.includes(itemCode));

/** The line the commitment letter and the case show for the mandate. */
export const mandateLine = (m: MandateRow): string =>
  `委托编号${m.number}，${m.scope === 'all' ? '全部事项' : '指定事项'}，有效期至${m.expiresOn}，${m.source === 'online' ? '委托人在线授权' : '窗口核验纸质授权委托书'}`;

/** Grant (online) or record (paper) a mandate: its row, its first history event and the audit row. */
export async function createMandate(
  ctx: Ctx,
  principal: Principal,
  terms: MandateTerms,
  how: { source: 'online' | 'counter'; documentFileId?: string | null | undefined },
): Promise<MandateRow> {
  const today = chinaDate(ctx.now);
  const agentId = requireResidentId(terms.agentResidentId, 'agentResidentId', today);
  if (terms.expiresOn < today) {
    throw new DomainError('VALIDATION', '委托的有效期不能早于今天', { field: 'expiresOn' });
  }
  const itemCodes = terms.scope === 'items' ? [...new Set((terms.itemCodes ?? []).map((c) => c.trim()))] : [];
  if (terms.scope === 'items' && !itemCodes.length) {
    throw new DomainError('VALIDATION', '指定事项的委托须列出至少一个事项', { field: 'itemCodes' });
  }
  const agentLookup = ctx.crypto.lookupHash(agentId);
  const principalLookup = ctx.crypto.lookupHash(principal.code);
  if (agentLookup === principalLookup) {
    throw new DomainError('VALIDATION', '不能委托本人', { field: 'agentResidentId' });
  }
  const id = randomUUID();
  const row = await insertMandate(ctx.tx, {
    id,
    number: `WT${today.replaceAll('-', '')}${id.slice(0, 6).toUpperCase()}`,
    principalKind: principal.kind,
    principalName: principal.name,
    principalCodeShown: principal.kind === 'individual' ? maskResidentId(principal.code) : principal.code,
    principalLookup,
    principalUserId: principal.userId,
    agentName: terms.agentName.trim(),
    agentLookup,
    agentIdMasked: maskResidentId(agentId),
    scope: terms.scope,
    itemCodes,
    expiresOn: terms.expiresOn,
    source: how.source,
    verifiedByUserId: how.source === 'counter' && ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
    documentFileId: how.documentFileId ?? null,
    status: 'active',
    version: 1,
    createdAt: ctx.now,
  });
  const who = actorRef(ctx.actor);
  await insertMandateEvent(ctx.tx, {
    mandateId: id,
    seq: 1,
    event: how.source === 'online' ? 'grant' : 'verify_paper',
    actorId: who.actorId,
    actorName: who.actorName ?? '系统',
    comment: null,
    at: ctx.now,
  });
  await appendAudit(ctx, {
    action: how.source === 'online' ? 'mandate.grant' : 'mandate.verify_paper',
    targetType: 'mandate',
    targetId: id,
    after: {
      number: row.number,
      principal: row.principalCodeShown,
      agent: row.agentIdMasked,
      scope: row.scope,
      itemCodes,
      expiresOn: row.expiresOn,
    },
  });
  return row;
}
