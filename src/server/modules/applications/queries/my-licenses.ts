import { DomainError } from '../../../../domain/errors';
import { chinaDate } from '../../../../domain/working-days';
import type { ReadCtx } from '../../../context';
import { presentLicense } from '../present';
import { licensesOfApplicant } from '../repository';

export async function myLicenses(ctx: ReadCtx) {
  if (ctx.actor.kind !== 'applicant') throw new DomainError('FORBIDDEN', '仅申请人账号可以查看');
  const today = chinaDate(ctx.now);
  return {
    items: (await licensesOfApplicant(ctx.db, ctx.actor.userId)).map((l) => presentLicense(l, today)),
  };
}
