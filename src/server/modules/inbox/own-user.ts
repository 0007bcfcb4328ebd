import type { Actor } from '../../../domain/access';
import { DomainError } from '../../../domain/errors';

/** Only a person's own account has an inbox; a token or the system has none. */
export function inboxOwner(actor: Actor): string {
  if (actor.kind !== 'staff' && actor.kind !== 'applicant')
    throw new DomainError('FORBIDDEN', '仅个人账号有消息');
  return actor.userId;
}
