import { DomainError } from '../../../../domain/errors';
import type { ReadCtx } from '../../../context';
import { assertMayReadCheck } from '../access';
import { presentCheck } from '../present';
import { findCheck, findPolicy, findSubject } from '../repository';

/** One recorded credit check, to whoever may read it (404 to anyone else); grades hidden from applicants. */
export async function showCheck(ctx: ReadCtx, id: string) {
  const c = await findCheck(ctx.db, id);
  if (!c) throw new DomainError('NOT_FOUND', '信用核查记录不存在');
  await assertMayReadCheck(ctx, c);
  const [s, p] = await Promise.all([findSubject(ctx.db, c.subjectId), findPolicy(ctx.db, c.policyVersionId)]);
  return presentCheck(c, s!, p!, ctx.crypto, { reveal: false, showGrade: ctx.actor.kind !== 'applicant' });
}
