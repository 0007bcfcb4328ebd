import type { RecordPaperMandate } from '../../../contracts/identity';
import { requireResidentId, requireUscc } from '../../../domain/codes';
import { DomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import type { Ctx } from '../../context';
import { findFiles } from '../applications/repository';
import { registeredEntity } from '../identity/registry';
import type { MandateRow } from './repository';
import { createMandate } from './shared';

/**
 * A window clerk records a paper 授权委托书 seen at the counter (signed and, for an enterprise, stamped),
 * after checking the principal's and the agent's documents. An enterprise's name is the registry's.
 */
export async function recordPaperMandate(ctx: Ctx, input: RecordPaperMandate): Promise<MandateRow> {
  if (ctx.actor.kind !== 'staff')
    throw new DomainError('FORBIDDEN', '只有综合受理窗口可以核验纸质授权委托书');
  const p = input.principal;
  let name = p.name.trim();
  let code: string;
  if (p.kind === 'individual') {
    code = requireResidentId(p.code, 'principal.code', chinaDate(ctx.now));
  } else {
    code = requireUscc(p.code, 'principal.code');
    name = (await registeredEntity(ctx.registry, { uscc: code, name }, 'principal')).name;
  }
  if (input.documentFileId) {
    const [file] = await findFiles(ctx.tx, [input.documentFileId]);
    if (!file || file.ownerUserId !== ctx.actor.userId) {
      throw new DomainError('PRECONDITION_FAILED', '授权委托书扫描件不存在或不是本人上传的');
    }
  }
  return createMandate(ctx, { kind: p.kind, name, code, userId: null }, input, {
    source: 'counter',
    documentFileId: input.documentFileId,
  });
}
