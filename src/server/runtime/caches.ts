import type { DepartmentRow } from '../modules/accounts/repository';
import type { VersionRow } from '../modules/catalog/repository';

/** A map that drops its oldest entry when full: the keys come from requests, so it must not grow without end. */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }
  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.max) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}

/**
 * What one deployment keeps in memory between requests, besides the calendar and the policies: built with
 * the app (app.ts), so two apps in one process (tests) never share a copy of each other's data.
 */
export type Caches = {
  /** Departments are created, never edited: a minute-old copy will do (accounts/department-cache.ts). */
  departments: BoundedMap<string, { at: number; row: DepartmentRow | undefined }>;
  /** Item versions past draft never change (applications/shared.ts). */
  versions: BoundedMap<string, VersionRow>;
  /** The committed seed hash of each sampling day seen (verification/sampling.ts). */
  drawSeeds: BoundedMap<string, string>;
};

export const createCaches = (): Caches => ({
  departments: new BoundedMap(1000),
  versions: new BoundedMap(1000),
  drawSeeds: new BoundedMap(16),
});

/**
 * What a cached lookup needs: the database, and the deployment's caches where there is a deployment (a seed
 * or a command-line tool without one reads directly).
 */
export type CacheReader = { db: import('../db/client').Executor; caches?: Caches };
