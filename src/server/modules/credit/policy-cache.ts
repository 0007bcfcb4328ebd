import { RevalidatedCache } from '../../db/revalidated-cache';
import { type PolicyRow, publishedPolicies, publishedPolicyKey } from './repository';

/** The published eligibility policies, read on every credit check. */
export class PolicyCache extends RevalidatedCache<PolicyRow[]> {
  constructor() {
    super(publishedPolicyKey, publishedPolicies);
  }
}
