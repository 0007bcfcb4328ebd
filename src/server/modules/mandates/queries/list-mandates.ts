import { mandateScopeLabels, mandateSourceLabels, mandateStatusLabels } from '../../../../contracts/identity';
import { DomainError } from '../../../../domain/errors';
import { chinaDate } from '../../../../domain/working-days';
import type { ReadCtx } from '../../../context';
import { findUserById } from '../../accounts/repository';
import { type MandateEventRow, type MandateRow, mandateHistory, mandatesOf } from '../repository';
import { mandateState } from '../shared';

const eventLabels: Record<string, string> = {
  grant: '在线授权',
  verify_paper: '窗口核验纸质授权委托书',
  revoke: '撤销',
};

function presentMandate(m: MandateRow, history: MandateEventRow[], today: string) {
  const status = mandateState(m, today);
  return {
    id: m.id,
    number: m.number,
    principalKind: m.principalKind,
    principalName: m.principalName,
    principalCode: m.principalCodeShown,
    agentName: m.agentName,
    agentIdMasked: m.agentIdMasked,
    scope: m.scope,
    scopeLabel: mandateScopeLabels[m.scope],
    itemCodes: m.itemCodes,
    expiresOn: m.expiresOn,
    source: m.source,
    sourceLabel: mandateSourceLabels[m.source],
    status,
    statusLabel: mandateStatusLabels[status],
    version: m.version,
    createdAt: m.createdAt.toISOString(),
    history: history
      .filter((e) => e.mandateId === m.id)
      .map((e) => ({
        seq: e.seq,
        event: e.event,
        eventLabel: eventLabels[e.event] ?? e.event,
        actorName: e.actorName,
        comment: e.comment,
        at: e.at.toISOString(),
      })),
  };
}

/** One mandate as its parties see it, with its history (after an action on it has committed). */
export async function showMandate(ctx: ReadCtx, m: MandateRow) {
  return presentMandate(m, await mandateHistory(ctx.db, [m.id]), chinaDate(ctx.now));
}

/** The caller's mandates: those it granted and those granted to it (an applicant's own). */
export async function listMyMandates(ctx: ReadCtx) {
  const { actor, account } = ctx;
  if (actor.kind !== 'applicant') throw new DomainError('FORBIDDEN', '只有申请人有自己的委托');
  const user = account ?? (await findUserById(ctx.db, actor.userId));
  if (!user) throw new DomainError('NOT_FOUND', '账号不存在');
  // Only a proven account is the subject it names, so only it sees the subject's mandates.
  const proven = user.identityProof !== 'none';
  const ownCode =
    user.applicantType === 'enterprise'
      ? user.uscc
      : user.residentIdEnc
        ? ctx.crypto.decrypt(user.residentIdEnc)
        : null;
  const lookup = proven && ownCode ? ctx.crypto.lookupHash(ownCode) : null;
  const rows = await mandatesOf(ctx.db, { principalLookup: lookup, agentLookup: lookup });
  const history = await mandateHistory(
    ctx.db,
    rows.map((m) => m.id),
  );
  const today = chinaDate(ctx.now);
  return {
    granted: rows.filter((m) => m.principalLookup === lookup).map((m) => presentMandate(m, history, today)),
    received: rows.filter((m) => m.agentLookup === lookup).map((m) => presentMandate(m, history, today)),
  };
}
