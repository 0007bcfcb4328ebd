import type { Ctx } from '../../context';
import { pushLicenseOf } from '../../push/national-license';
import { issueDocument } from '../documents/issue-document';
import { notify } from '../inbox/notify';
import { revokeLicenseOf } from './repository';
import { auditApplication, requireApplication, transition } from './shared';

/**
 * 撤销: the approving department withdraws the decision and its license when verification found the
 * commitment broken or false (000, 004). Called from the verification ladder in its transaction.
 */
export async function revokeApplicationDecision(ctx: Ctx, applicationId: string, reason: string) {
  const before = await requireApplication(ctx, applicationId);
  const after = await transition(ctx, before, 'revoke', { comment: reason });
  const lic = await revokeLicenseOf(ctx.tx, applicationId, ctx.now, reason);
  if (lic) await pushLicenseOf(ctx, lic, after, ctx.crypto.decrypt(after.subjectCodeEnc), { reason });
  issueDocument(ctx, {
    kind: 'revocation',
    departmentId: after.departmentId,
    applicationId: after.id,
    facts: { reason, licenseNumber: lic?.number ?? null },
  });
  await auditApplication(ctx, 'application.revoke', before, after, {
    reason,
    licenseNumber: lic?.number ?? null,
  });
  if (after.applicantUserId) {
    await notify(ctx, {
      userId: after.applicantUserId,
      kind: 'application.revoked',
      title: `办件${after.number}的审批决定已撤销`,
      body: `撤销理由：${reason}${lic ? `；证照${lic.number}同时撤销` : ''}。该记录将记入信用档案。`,
      refType: 'application',
      refId: after.id,
      sms: true,
    });
  }
  return { applicationStatus: after.status, licenseNumber: lic?.number ?? null };
}
