import type { ConfirmIdentity } from '../../../contracts/identity';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import {
  findUserByUsername,
  insertIdentityConfirmation,
  provenApplicant,
  type UserRow,
  updateUser,
} from '../accounts/repository';
import { registeredEntity } from './registry';

/**
 * A window clerk confirms, against documents seen at the counter, that a self-registered account belongs
 * to the subject whose code it carries. The code on the document must be the account's; the name becomes
 * the registry's (enterprises) or the document's (persons), whatever was typed at registration.
 */
export async function confirmIdentity(ctx: Ctx, input: ConfirmIdentity): Promise<UserRow> {
  if (ctx.actor.kind !== 'staff') throw new DomainError('FORBIDDEN', '只有综合受理窗口可以核验身份');
  const user = await findUserByUsername(ctx.tx, input.username);
  if (user?.kind !== 'applicant') {
    throw new DomainError('NOT_FOUND', `没有用户名为“${input.username}”的申请人账号`, { field: 'username' });
  }
  if (user.identityProof !== 'none') {
    throw new DomainError('CONFLICT', '该账号的身份已经核验，无需重复核验');
  }
  const code = input.code.trim().toUpperCase();
  let confirmedName: string;
  let other: UserRow | undefined;
  if (user.applicantType === 'enterprise') {
    if (code !== user.uscc) {
      throw new DomainError('VALIDATION', '证件上的统一社会信用代码与账号登记的不一致', { field: 'code' });
    }
    confirmedName = (await registeredEntity(ctx.registry, { uscc: code }, 'principal')).name;
    other = await provenApplicant(ctx.tx, { uscc: code });
  } else {
    if (!user.residentIdEnc || ctx.crypto.decrypt(user.residentIdEnc) !== code) {
      throw new DomainError('VALIDATION', '证件上的公民身份号码与账号登记的不一致', { field: 'code' });
    }
    if (!input.name?.trim()) {
      throw new DomainError('VALIDATION', '请填写证件上的姓名', { field: 'name' });
    }
    confirmedName = input.name.trim();
    if (user.applicantType === 'individual') {
      other = await provenApplicant(ctx.tx, {
        residentIdHash: user.residentIdHash!,
        applicantType: 'individual',
      });
    }
  }
  if (other) {
    throw new DomainError(
      'CONFLICT',
      `该主体已有经核验的账号（${other.username}），可使用统一身份认证登录或找回该账号`,
    );
  }
  const after = await updateUser(ctx.tx, user.id, {
    identityProof: 'counter',
    identityProvenAt: ctx.now,
    displayName: confirmedName,
  });
  await insertIdentityConfirmation(ctx.tx, {
    userId: user.id,
    clerkUserId: ctx.actor.userId,
    documentKind: input.documentKind,
    confirmedName,
    note: input.note?.trim() || null,
    confirmedAt: ctx.now,
  });
  await appendAudit(ctx, {
    action: 'identity.confirm',
    targetType: 'user_account',
    targetId: user.id,
    before: { identityProof: user.identityProof, displayName: user.displayName },
    after: { identityProof: 'counter', displayName: confirmedName, documentKind: input.documentKind },
  });
  return after;
}
