import type { ReadCtx } from '../../../context';
import { assertCreditDepartment } from '../access';
import { presentPolicy } from '../present';
import { listPolicies as listRows } from '../repository';

/** Every version of every eligibility policy, for the credit department. */
export async function listPolicies(ctx: ReadCtx) {
  await assertCreditDepartment(ctx);
  return { items: (await listRows(ctx.db)).map(presentPolicy) };
}
