import type { Deps } from '../context';
import { deleteExpiredSession } from '../modules/accounts/repository';
import type { JobDefinition } from './queue';

export const jobNames = { sessionExpire: 'session.expire' } as const;

/** Every job this server runs. Handlers re-read state and act only if still due: delivery is at least once. */
export function jobDefinitions(deps: Deps): JobDefinition<never>[] {
  const sessionExpire: JobDefinition<{ tokenHash: string }> = {
    name: jobNames.sessionExpire,
    // Removes a session row at its expiry so the table does not grow with abandoned logins.
    handle: async ({ tokenHash }) => {
      await deleteExpiredSession(deps.database.db, tokenHash, deps.clock());
    },
  };
  return [sessionExpire as JobDefinition<never>];
}
