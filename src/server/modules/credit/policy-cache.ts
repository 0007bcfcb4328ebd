import type { Executor } from '../../db/client';
import { type PolicyRow, publishedPolicies, publishedPolicyKey } from './repository';

/**
 * The published eligibility policies, read on every credit check: kept in memory and revalidated with a
 * tiny query at most once a second, so a policy published through another server instance takes effect
 * within a second; one published through this instance at once (`invalidate`).
 */
export class PolicyCache {
  #key = '';
  #rows: PolicyRow[] | null = null;
  #checkedAt = 0;

  async published(db: Executor): Promise<PolicyRow[]> {
    if (this.#rows && Date.now() - this.#checkedAt < 1000) return this.#rows;
    const key = await publishedPolicyKey(db);
    if (!this.#rows || key !== this.#key) {
      this.#rows = await publishedPolicies(db);
      this.#key = key;
    }
    this.#checkedAt = Date.now();
    return this.#rows;
  }

  invalidate(): void {
    this.#checkedAt = 0;
  }
}
