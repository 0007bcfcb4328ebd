import type { ApprovalMode } from '../../../../contracts/catalog';
import type { PolicyDefinition } from '../../../../contracts/credit-policy';

/**
 * The first published version of each jurisdiction's eligibility policy, written from its document in
 * the policy documents (one file per jurisdiction here). They are data: a credit officer changes one by publishing a new version (after a
 * simulation), and cases keep the version they were judged under.
 */
export type PolicySeed = { code: string; name: string; regions: string[]; definition: PolicyDefinition };

export const national = { code: 'national', values: ['A', 'B', 'C', 'D'] };
export const allCommitment: ApprovalMode[] = [
  'one_form',
  'commit_entry',
  'enter_then_verify',
  'certificate_commitment',
  'license_commitment',
  'missing_materials',
];
export const none = { incentives: [], restrictions: [] };
export const refused = {
  modes: ['standard'] as ApprovalMode[],
  incentives: [],
  restrictions: ['key_review' as const],
};
