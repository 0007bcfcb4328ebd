import { DomainError } from '../../../../domain/errors';
import { chinaDate } from '../../../../domain/working-days';
import type { ReadCtx } from '../../../context';
import { assertCreditDepartment } from '../access';
import { presentRecord } from '../present';
import { findRecord, findSubject } from '../repository';

/** One record for the credit department, codes in full. */
export async function showRecord(ctx: ReadCtx, id: string) {
  await assertCreditDepartment(ctx);
  const r = await findRecord(ctx.db, id);
  if (!r) throw new DomainError('NOT_FOUND', '信用记录不存在');
  const s = (await findSubject(ctx.db, r.subjectId))!;
  return presentRecord(r, s, ctx.crypto, true, chinaDate(ctx.now));
}
