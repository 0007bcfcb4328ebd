import { identityProofLabels } from '../../../../contracts/identity';
import { identityUnprovenMessage } from '../../../../domain/access';
import { DomainError } from '../../../../domain/errors';
import type { ReadCtx } from '../../../context';
import { findUserById } from '../../accounts/repository';

/** Whether the calling applicant has proven who it is, and what that lets it do. */
export async function identityStatus(ctx: ReadCtx) {
  const { actor } = ctx;
  if (actor.kind !== 'applicant') throw new DomainError('FORBIDDEN', '只有申请人账号有身份核验状态');
  const user = ctx.account ?? (await findUserById(ctx.db, actor.userId));
  if (!user) throw new DomainError('NOT_FOUND', '账号不存在');
  const proven = user.identityProof !== 'none';
  return {
    proof: user.identityProof,
    proofLabel: identityProofLabels[user.identityProof],
    provenAt: user.identityProvenAt?.toISOString() ?? null,
    applicantType: user.applicantType!,
    displayName: user.displayName,
    subjectCode: user.uscc ?? user.residentIdMasked,
    proven,
    message: proven
      ? `身份已经${identityProofLabels[user.identityProof]}核验，可以查看信用档案、办理申请和授权委托`
      : identityUnprovenMessage,
  };
}
