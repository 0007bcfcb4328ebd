import type { RegisterApplicant } from '../../../contracts/accounts';
import { maskResidentId, requireResidentId, requireUscc } from '../../../domain/codes';
import { DomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { assertPasswordPolicy, hashPassword } from './passwords';
import { insertUser, provenApplicant, type UserRow, usernameTaken } from './repository';

/** Self-registration of an enterprise (by USCC), a person or an agent (by resident ID). */
export async function registerApplicant(ctx: Ctx, input: RegisterApplicant): Promise<UserRow> {
  assertPasswordPolicy(input.password);
  let uscc: string | null = null;
  let residentId: string | null = null;
  if (input.applicantType === 'enterprise') {
    uscc = requireUscc(input.uscc, 'uscc');
  } else {
    residentId = requireResidentId(input.residentId, 'residentId', chinaDate(ctx.now));
  }
  if (await usernameTaken(ctx.tx, input.username)) {
    throw new DomainError('CONFLICT', `用户名“${input.username}”已被使用`, { field: 'username' });
  }
  if (uscc && (await provenApplicant(ctx.tx, { uscc })) !== undefined) {
    throw new DomainError('CONFLICT', '该统一社会信用代码已注册经核验的账号，请使用统一身份认证登录', {
      field: 'uscc',
    });
  }
  const residentIdHash = residentId ? ctx.crypto.lookupHash(residentId) : null;
  if (
    residentIdHash &&
    input.applicantType === 'individual' &&
    (await provenApplicant(ctx.tx, { residentIdHash, applicantType: 'individual' })) !== undefined
  ) {
    throw new DomainError('CONFLICT', '该公民身份号码已注册经核验的账号，请使用统一身份认证登录', {
      field: 'residentId',
    });
  }
  const user = await insertUser(ctx.tx, {
    username: input.username,
    passwordHash: await hashPassword(input.password),
    displayName: input.displayName,
    kind: 'applicant',
    applicantType: input.applicantType,
    uscc,
    residentIdEnc: residentId ? ctx.crypto.encrypt(residentId) : null,
    residentIdHash,
    residentIdMasked: residentId ? maskResidentId(residentId) : null,
    phone: input.phone ?? null,
  });
  await appendAudit(ctx, {
    action: 'applicant.register',
    targetType: 'user_account',
    targetId: user.id,
    after: {
      username: user.username,
      applicantType: user.applicantType,
      uscc,
      residentId: user.residentIdMasked,
    },
  });
  return user;
}
