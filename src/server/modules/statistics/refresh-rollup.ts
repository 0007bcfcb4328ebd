import { chinaDate, chinaDayEnd, chinaDayStart } from '../../../domain/working-days';
import type { Db } from '../../db/client';
import { replaceRollup, rollupState, tryRollupLock } from './repository';

/**
 * Days before the roll-up's end that every refresh counts again, so that changes to recent cases (a
 * material supplied after submission, a task closed and then revoked) reach the roll-up within one
 * refresh. Older days are counted again only by a full refresh (`from: null`).
 */
export const RECOUNT_DAYS = 35;
const DAY_MS = 86_400_000;

const dayBefore = (day: string, days: number) =>
  chinaDate(new Date(chinaDayStart(day).getTime() - days * DAY_MS));

/**
 * Brings the statistics roll-up up to yesterday (China time): the first time every day, afterwards the
 * last RECOUNT_DAYS days again and the days since. Returns null when another process is refreshing.
 * Derived data only, recounted from the cases, so nothing is audited.
 */
export async function refreshStatisticsRollup(
  db: Db,
  now: Date,
  opts: { full?: boolean } = {},
): Promise<{ from: string | null; through: string } | null> {
  const through = dayBefore(chinaDate(now), 1);
  return db.transaction(async (tx) => {
    if (!(await tryRollupLock(tx))) return null;
    const state = opts.full ? null : await rollupState(tx);
    // ISO dates sort as strings: recount back from whichever is earlier, the roll-up's end or yesterday.
    const from = state ? dayBefore([state.through, through].sort()[0]!, RECOUNT_DAYS) : null;
    await replaceRollup(
      tx,
      { from, through, a: from ? chinaDayStart(from) : new Date(0), b: chinaDayEnd(through) },
      now,
    );
    return { from, through };
  });
}

/** Refreshes the roll-up every `everyMs` in a worker process, starting at once; returns a stop function. */
export function startRollupLoop(
  db: Db,
  clock: () => Date,
  onError: (err: unknown) => void,
  everyMs: number,
): () => Promise<void> {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const run = () => {
    running = refreshStatisticsRollup(db, clock())
      .catch(onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(run, everyMs);
      });
  };
  run();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
