import type { TestClock } from 'pg-boss';
import { DomainError } from '../../domain/errors';

/**
 * The clock of a deployment started with TEST_CLOCK: pg-boss's TestClock, shared by the app and its job
 * queue (the database reads the same time through pg-boss's clock table), moved by a system
 * administrator through the API. It only goes forward, as real time does: a job that has run, a notice
 * that has gone out, cannot be undone by winding the clock back.
 */
export class TestClockControl {
  readonly clock: TestClock;
  #queue: Promise<unknown> = Promise.resolve();
  #ticker: NodeJS.Timeout | undefined;

  constructor(clock: TestClock) {
    this.clock = clock;
  }

  now(): Date {
    return new Date(this.clock.now());
  }

  /** TestClock refuses a move while another runs: every move waits for the one before it. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(fn, fn);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  set(to: Date): Promise<Date> {
    return this.#serial(async () => {
      if (to.getTime() < this.clock.now()) {
        throw new DomainError(
          'CONFLICT',
          `测试时钟只能向后拨：当前为${this.now().toISOString()}，不能拨回${to.toISOString()}`,
        );
      }
      await this.clock.setTime(to);
      return this.now();
    });
  }

  advance(ms: number): Promise<Date> {
    return this.#serial(async () => {
      await this.clock.setTime(this.clock.now() + ms);
      return this.now();
    });
  }

  /**
   * Lets the simulated time run on with real time, so that the workers keep polling and anything that
   * falls due runs by itself as it would on a real clock. Started by main.ts; tests move time by hand.
   */
  startTicking(intervalMs = 1000): void {
    let last = Date.now();
    let busy = false;
    this.#ticker = setInterval(() => {
      if (busy) return;
      busy = true;
      const now = Date.now();
      const elapsed = now - last;
      last = now;
      void this.#serial(() => this.clock.tick(elapsed)).finally(() => {
        busy = false;
      });
    }, intervalMs);
    this.#ticker.unref();
  }

  stop(): void {
    clearInterval(this.#ticker);
  }
}
