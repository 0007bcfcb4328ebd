import { randomUUID } from 'node:crypto';
import {
  type CalendarData,
  chinaDayEnd,
  chinaMorning,
  type Reckoned,
  reckonWorkingDays,
} from '../../../domain/working-days';
import type { Ctx } from '../../context';
import { deadline } from '../../db/schema';
import type { DeadlineJobRef } from '../../db/schema/deadlines';
import { calendarOf } from '../calendar/calendar-cache';

/** Whose date it is; each owner type knows how to move its date and whom to tell (recompute.ts). */
export type DeadlineOwner = 'application' | 'verification_task';
export type DeadlineKind =
  | 'legal_deadline'
  | 'missing_supply'
  | 'final_supply'
  | 'verification'
  | 'rectification';

export type DeadlinePlan = {
  ownerType: DeadlineOwner;
  /** May be given at `save` instead, for an owner whose id is made after its date. */
  ownerId?: string;
  kind: DeadlineKind;
  label?: string;
  startDate: string;
  workingDays: number;
};

/** When a job tied to a deadline runs: `before` working days ahead of it, at 9:00 or once the day is over. */
export type JobTiming = { before: number; at: 'morning' | 'day_end' };

/** When the job runs, and whether that time is itself provisional (a reminder may fall before the new year). */
export function jobTime(
  cal: CalendarData,
  plan: Pick<DeadlinePlan, 'startDate' | 'workingDays'>,
  timing: JobTiming,
): { at: Date; provisional: boolean } {
  const day = reckonWorkingDays(cal, plan.startDate, Math.max(plan.workingDays - timing.before, 0));
  return {
    at: timing.at === 'morning' ? chinaMorning(day.date) : chinaDayEnd(day.date),
    provisional: day.provisional,
  };
}

/**
 * A deadline reckoned in working days that never refuses: reaching a year whose arrangement is not
 * loaded, it is counted from the statutory holidays and kept (with the jobs it schedules) so that loading
 * the year recomputes it. Call `save()` once its jobs are scheduled.
 */
export class TrackedDeadline {
  readonly date: string;
  readonly provisional: boolean;
  readonly #reckoned: Reckoned;
  readonly #jobs: DeadlineJobRef[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly cal: CalendarData,
    private readonly plan: DeadlinePlan,
  ) {
    this.#reckoned = reckonWorkingDays(cal, plan.startDate, plan.workingDays);
    this.date = this.#reckoned.date;
    this.provisional = this.#reckoned.provisional;
  }

  /** Enqueues a job relative to this deadline; one whose own time is provisional carries the flag in its payload. */
  async schedule(name: string, data: object, timing: JobTiming): Promise<void> {
    const time = jobTime(this.cal, this.plan, timing);
    const payload = time.provisional ? { ...data, provisional: true } : data;
    const jobId = await this.ctx.jobs.enqueue(this.ctx.tx, name, payload, { startAfter: time.at });
    if (jobId && this.provisional) this.#jobs.push({ jobId, name, ...timing, data });
  }

  /** Keeps a provisional deadline for recomputation; written with the action's batch. */
  save(ownerId = this.plan.ownerId): void {
    if (!this.provisional) return;
    if (!ownerId) throw new Error('a provisional deadline needs its owner');
    this.ctx.batch.insert(deadline, {
      id: randomUUID(),
      ownerType: this.plan.ownerType,
      ownerId,
      kind: this.plan.kind,
      label: this.plan.label ?? '',
      startDate: this.plan.startDate,
      workingDays: this.plan.workingDays,
      dueDate: this.date,
      provisional: true,
      unloadedYears: this.#reckoned.unloadedYears,
      jobs: this.#jobs,
      createdAt: this.ctx.now,
      recomputedAt: null,
    });
  }
}

export async function trackDeadline(ctx: Ctx, plan: DeadlinePlan): Promise<TrackedDeadline> {
  return new TrackedDeadline(ctx, await calendarOf(ctx), plan);
}
