import type { ReadCtx } from '../../../context';
import { assertMayReadCheck } from '../access';
import { presentCheck } from '../present';
import { checksOfApplication, policiesById, subjectsById } from '../repository';

/** An application's credit checks, only those the caller may read; grades hidden from applicants. */
export async function listChecksOfApplication(ctx: ReadCtx, applicationId: string) {
  const visible = [];
  for (const c of await checksOfApplication(ctx.db, applicationId)) {
    try {
      await assertMayReadCheck(ctx, c);
      visible.push(c);
    } catch {
      // A check the caller may not read does not exist for it: left out, not refused.
    }
  }
  const [subjects, policies] = await Promise.all([
    subjectsById(
      ctx.db,
      visible.map((c) => c.subjectId),
    ),
    policiesById(
      ctx.db,
      visible.map((c) => c.policyVersionId),
    ),
  ]);
  const showGrade = ctx.actor.kind !== 'applicant';
  return {
    items: visible.map((c) =>
      presentCheck(c, subjects.get(c.subjectId)!, policies.get(c.policyVersionId)!, ctx.crypto, {
        reveal: false,
        showGrade,
      }),
    ),
  };
}
