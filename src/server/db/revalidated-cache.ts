import type { Executor } from './client';

/**
 * Reference data read on every action (the calendar, the published credit policies), kept in memory and
 * revalidated by a tiny version query at most once a second: a change made through another server
 * instance is seen within a second, one made through this instance at once (`invalidate` after commit).
 */
export class RevalidatedCache<T> {
  #version = '';
  #data: T | null = null;
  #checkedAt = 0;

  constructor(
    private readonly versionOf: (db: Executor) => Promise<string>,
    private readonly load: (db: Executor) => Promise<T>,
  ) {}

  async get(db: Executor): Promise<T> {
    if (this.#data !== null && Date.now() - this.#checkedAt < 1000) return this.#data;
    const version = await this.versionOf(db);
    if (this.#data === null || version !== this.#version) {
      this.#data = await this.load(db);
      this.#version = version;
    }
    this.#checkedAt = Date.now();
    return this.#data;
  }

  invalidate(): void {
    this.#checkedAt = 0;
  }
}
