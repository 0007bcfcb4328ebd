import { DomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import type { ReadCtx } from '../../context';
import type { UserRow } from '../accounts/repository';
import { activeMandates, type MandateRow } from './repository';
import { mandateCovers, mandateState } from './shared';

/**
 * The mandate under which this agent may act for this principal on this item today; refused without
 * one. An uploaded 授权委托书 alone proves nothing: anybody can upload any PDF.
 */
export async function mandateFor(
  ctx: ReadCtx,
  agent: UserRow,
  principal: { code: string; name: string },
  itemCode: string,
): Promise<MandateRow> {
  if (!agent.residentIdHash) throw new DomainError('FORBIDDEN', '代理人账号缺少公民身份号码，不能代为办理');
  const today = chinaDate(ctx.now);
  const found = await activeMandates(ctx.db, agent.residentIdHash, ctx.crypto.lookupHash(principal.code));
  const covering = found.find((m) => mandateCovers(m, itemCode, today));
  if (covering) return covering;
  const why = found.some((m) => mandateState(m, today) === 'expired')
    ? '委托已过期'
    : found.length
      ? '委托范围不含本事项'
      : '没有委托记录';
  throw new DomainError(
    'FORBIDDEN',
    `无权代${principal.name}办理：${why}。请由委托人在“我的委托”中在线授权，或持纸质授权委托书到综合受理窗口核验`,
    { reason: 'no_mandate' },
  );
}
