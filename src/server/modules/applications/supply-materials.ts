import { DomainError } from '../../../domain/errors';
import type { Ctx } from '../../context';
import { escalateIfNobodyReviews } from '../escalation/review';
import { issueDecision, timeTaken } from './issue-decision';
import {
  type ApplicationRow,
  attachFiles,
  findFiles,
  type LicenseRow,
  markSupplied,
  missingOf,
} from './repository';
import {
  assertApplicantSide,
  auditApplication,
  requireApplication,
  requireVersion,
  transition,
} from './shared';

/**
 * 补正容缺材料. Supplying the last missing material completes the case at once: decision and license in the
 * same transaction (002: 材料补齐后即时办结) — for a key-review subject it goes to review instead.
 */
export async function supplyMaterials(
  ctx: Ctx,
  id: string,
  input: { materials: { name: string; fileId: string }[] },
): Promise<{ app: ApplicationRow; license: LicenseRow | null }> {
  const before = await requireApplication(ctx, id);
  assertApplicantSide(ctx.actor, before);
  const missing = (await missingOf(ctx.tx, [id])).get(id) ?? [];
  const open = new Set(missing.filter((m) => !m.suppliedAt).map((m) => m.name));
  const files = await findFiles(
    ctx.tx,
    input.materials.map((m) => m.fileId),
  );
  const uploader = ctx.actor.kind === 'applicant' || ctx.actor.kind === 'staff' ? ctx.actor.userId : null;
  for (const m of input.materials) {
    if (!open.has(m.name)) throw new DomainError('PRECONDITION_FAILED', `“${m.name}”不是待补正的容缺材料`);
    const f = files.find((x) => x.id === m.fileId);
    if (!f || (uploader && f.ownerUserId !== uploader)) {
      throw new DomainError('PRECONDITION_FAILED', '所附文件不存在或不是本人上传的', { fileId: m.fileId });
    }
  }
  for (const m of input.materials) {
    await markSupplied(ctx.tx, id, m.name, m.fileId, ctx.now);
    open.delete(m.name);
  }
  attachFiles(
    ctx,
    input.materials.map((m) => ({ applicationId: id, fileId: m.fileId, purpose: `material:${m.name}` })),
  );
  const supplied = new Map(input.materials.map((m) => [m.name, m.fileId]));
  const materials = before.materials.map((m) =>
    supplied.has(m.name) ? { ...m, state: 'provided' as const, fileId: supplied.get(m.name)! } : m,
  );
  const complete = open.size === 0;
  const event = !complete ? 'supply' : before.keyReview ? 'supply_all_review' : 'supply_all';
  const set = { materials, ...(event === 'supply_all' ? await timeTaken(ctx, before) : {}) };
  const after = await transition(ctx, before, event, {
    set,
    comment: `补正：${input.materials.map((m) => m.name).join('、')}`,
  });
  let license: LicenseRow | null = null;
  if (event === 'supply_all_review') {
    await escalateIfNobodyReviews(ctx, after, await requireVersion(ctx, before.itemVersionId));
  }
  if (event === 'supply_all') {
    const v = await requireVersion(ctx, before.itemVersionId);
    license = await issueDecision(ctx, after, v, {
      outcome: 'approved',
      instant: true,
      reason: null,
      code: ctx.crypto.decrypt(before.subjectCodeEnc),
    });
  }
  await auditApplication(ctx, `application.${event}`, before, after, {
    supplied: input.materials.map((m) => m.name),
    licenseNumber: license?.number ?? null,
  });
  return { app: after, license };
}
