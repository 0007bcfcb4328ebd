import { DomainError } from '../../../../domain/errors';
import type { ReadCtx } from '../../../context';
import { findCommitment } from '../repository';
import { assertMayRead, requireApplication } from '../shared';

/** The letter exactly as signed, with its digest and signature. */
export async function getCommitment(ctx: ReadCtx, applicationId: string) {
  const row = await requireApplication(ctx, applicationId);
  assertMayRead(ctx.actor, row);
  const c = await findCommitment(ctx.db, row.id);
  if (!c) throw new DomainError('NOT_FOUND', '本办件没有承诺书');
  return {
    id: c.id,
    applicationId: c.applicationId,
    text: c.text,
    digest: c.digest,
    signatureKind: c.signatureKind,
    signature: c.signature,
    publicKey: c.publicKey,
    algorithm: c.algorithm,
    signerName: c.signerName,
    recordedBy: c.recordedBy,
    published: c.published,
    signedAt: c.signedAt.toISOString(),
  };
}
