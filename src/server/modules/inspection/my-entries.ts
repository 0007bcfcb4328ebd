import type { Static } from 'typebox';
import type { MyDrawEntry } from '../../../contracts/inspection';
import { DomainError } from '../../../domain/errors';
import type { ReadCtx } from '../../context';
import { findUserById } from '../accounts/repository';
import { entrySalt, planEntryKey } from './commitments';
import { listDraws, listInspections, plansListing, type StoredCandidate } from './repository';

/** The subject codes an applicant account stands for: its USCC, or its resident ID. */
async function ownCodes(ctx: ReadCtx): Promise<string[]> {
  if (ctx.actor.kind !== 'applicant')
    throw new DomainError('FORBIDDEN', '只有申请人本人可以查询自己的抽查名录条目');
  const user = await findUserById(ctx.db, ctx.actor.userId);
  if (!user) return [];
  if (user.uscc) return [user.uscc];
  if (user.residentIdEnc) return [ctx.crypto.decrypt(user.residentIdEnc)];
  return [];
}

/**
 * The caller's own entries in published candidate lists, each with its salt: with it the subject
 * recomputes its commitment, finds it in the public list and re-runs the draw; no one else gets it.
 */
export async function myEntries(ctx: ReadCtx): Promise<{ items: Static<typeof MyDrawEntry>[] }> {
  const out: Static<typeof MyDrawEntry>[] = [];
  for (const code of await ownCodes(ctx)) {
    for (const { plan, departmentName } of await plansListing(ctx.db, ctx.crypto, code)) {
      const entry = (plan.candidates as StoredCandidate[]).find((c) => c.code === code);
      const key = planEntryKey(ctx.crypto, plan);
      if (!entry?.commitment || !key) continue;
      const draws = await listDraws(ctx.db, plan.id);
      const drawn = await listInspections(
        ctx.db,
        ctx.crypto,
        draws.map((d) => d.id),
      );
      out.push({
        planId: plan.id,
        planName: plan.name,
        departmentName,
        subjectKind: entry.kind,
        subjectCode: code,
        grade: entry.grade,
        salt: entrySalt(key, code),
        commitment: entry.commitment,
        draws: draws.map((d) => ({
          drawId: d.id,
          round: d.round,
          current: !d.supersededAt,
          algorithm: d.algorithm,
          selected: drawn.some((i) => i.drawId === d.id && i.subjectCode === code),
        })),
      });
    }
  }
  return { items: out };
}
