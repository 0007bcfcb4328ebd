import { revokeApplicationDecision } from '../applications/revoke-decision';
import type { CreditSubjectKind } from '../credit/port';
import { recordBreach } from '../credit/service';
import type { RevocationEffects } from './actions';

/** The revocation's effects outside the ladder: the case and license, and the credit file. */
export const revocationEffects: RevocationEffects = {
  revokeDecision: (ctx, task, reason) => revokeApplicationDecision(ctx, task.applicationId, reason),
  recordBreach: (ctx, task, falseCommitment, reason) =>
    recordBreach(ctx, {
      subject: {
        kind: task.subjectKind as CreditSubjectKind,
        code: ctx.crypto.decrypt(task.subjectCodeSealed),
        name: task.subjectName,
      },
      event: falseCommitment ? 'false_commitment' : 'broken_commitment',
      policyVersionId: task.policyVersionId,
      decidingDepartmentId: task.approvingDepartmentId,
      reason,
      applicationId: task.applicationId,
    }),
};
