import { randomBytes } from 'node:crypto';
import { maskResidentId, requireResidentId } from '../../../domain/codes';
import { chinaDate } from '../../../domain/working-days';
import { appendAuditWith } from '../../audit/audit-log';
import type { Deps } from '../../context';
import { type LoginResult, openSession } from '../accounts/login';
import {
  actorOf,
  findUserByOidcSubject,
  insertUser,
  provenApplicant,
  type UserRow,
  updateUser,
} from '../accounts/repository';
import type { PlatformClaims } from './platform';
import { registeredEntity } from './registry';

/**
 * Signs in whom the identity platform vouched for. The account is the one linked to the platform's
 * subject, else the subject's proven account (one confirmed at the counter is linked now), else a new
 * one. Unproven password accounts holding the same code are left alone: they may be anybody's. An
 * enterprise's name is the registry's, whatever the platform calls it.
 */
export async function signInWithPlatform(
  deps: Deps,
  found: { subject: string; claims: PlatformClaims },
  meta: { ip: string | null; userAgent: string | null },
  requestId: string,
): Promise<LoginResult> {
  const now = deps.clock();
  const { claims } = found;
  const residentId =
    claims.subjectType === 'person'
      ? requireResidentId(claims.residentId, 'resident_id', chinaDate(now))
      : null;
  const entity =
    claims.subjectType === 'enterprise' ? await registeredEntity(deps.registry, { uscc: claims.uscc }) : null;
  return deps.database.db.transaction(async (tx) => {
    const audit = (user: UserRow, action: string, after: Record<string, unknown>) =>
      appendAuditWith(tx, deps.crypto, actorOf(user, null), now, requestId, {
        action,
        targetType: 'user_account',
        targetId: user.id,
        after,
      });
    let user = await findUserByOidcSubject(tx, found.subject);
    if (!user) {
      const proven = residentId
        ? await provenApplicant(tx, {
            residentIdHash: deps.crypto.lookupHash(residentId),
            applicantType: 'individual',
          })
        : await provenApplicant(tx, { uscc: entity!.uscc });
      if (proven) {
        user = await updateUser(tx, proven.id, {
          oidcSubject: found.subject,
          identityProof: proven.identityProof === 'none' ? 'platform' : proven.identityProof,
          identityProvenAt: proven.identityProvenAt ?? now,
        });
        await audit(user, 'identity.platform_link', { subject: found.subject });
      } else {
        user = await insertUser(tx, {
          // Never used to sign in: such an account has no password (an empty hash verifies nothing).
          username: `gov_${randomBytes(6).toString('hex')}`,
          passwordHash: '',
          displayName: entity ? entity.name : claims.name,
          kind: 'applicant',
          applicantType: residentId ? 'individual' : 'enterprise',
          uscc: entity?.uscc ?? null,
          residentIdEnc: residentId ? deps.crypto.encrypt(residentId) : null,
          residentIdHash: residentId ? deps.crypto.lookupHash(residentId) : null,
          residentIdMasked: residentId ? maskResidentId(residentId) : null,
          identityProof: 'platform',
          identityProvenAt: now,
          oidcSubject: found.subject,
          createdAt: now,
        });
        await audit(user, 'applicant.register', {
          method: 'platform',
          applicantType: user.applicantType,
          uscc: user.uscc,
          residentId: user.residentIdMasked,
        });
      }
    } else if (entity && user.displayName !== entity.name) {
      // The registry renamed the enterprise since the last login.
      user = await updateUser(tx, user.id, { displayName: entity.name });
    }
    return openSession(deps, tx, user, meta, requestId, 'platform');
  });
}
