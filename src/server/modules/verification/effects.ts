import type { RevocationEffects } from './actions';

/** Wired to the application and credit modules. */
export const revocationEffects: RevocationEffects = {
  revokeDecision: async () => ({}),
  recordBreach: async () => ({}),
};
