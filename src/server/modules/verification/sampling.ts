import { randomUUID } from 'node:crypto';
import { DomainError } from '../../../domain/errors';
import { drawSample, SAMPLING_ALGORITHM, seedCommitment } from '../../../domain/verification-sampling';
import { chinaDate, chinaDayEnd, parseDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import { type Ctx, type Deps, runAction, systemActor } from '../../context';
import { jobNames } from '../../jobs/definitions';
import { randomToken } from '../../security/crypto';
import { type OwedVerification, openTask } from './create-tasks';
import {
  type DrawRow,
  drawsReadyToDraw,
  findSeed,
  insertDraw,
  insertSeedIfAbsent,
  itemNameOf,
  revealSeed,
  type SeedRow,
  seedsToReveal,
  settleDraw,
} from './repository';

/**
 * The day's draws run a little after midnight (Beijing time), when the day is over: a decision whose
 * transaction began at 23:59:59 has committed by then, so its draw is not left for the next day's job.
 */
const DRAW_DELAY_MS = 10 * 60_000;

/**
 * The seed of a China date, committed if nobody has yet. On PostgreSQL the commitment is written in a
 * transaction of its own, so that the first decision of the day does not hold the seed row's lock until
 * it commits (every other sampling decision of the day would wait on it; architecture rule 13); a
 * decision that then rolls back leaves a committed seed behind, which is harmless.
 */
async function commitSeed(ctx: Ctx, day: string): Promise<SeedRow> {
  const create = async (c: Ctx): Promise<SeedRow> => {
    const seed = randomToken(32);
    const created = await insertSeedIfAbsent(c.tx, {
      day,
      seedHash: seedCommitment(seed),
      seedSealed: c.crypto.encrypt(seed),
      seed: null,
      // The decision's own instant: the commitment is never later than the first case it serves.
      committedAt: ctx.now,
      revealedAt: null,
    });
    if (!created) return (await findSeed(c.tx, day))!;
    await c.jobs.enqueue(
      c.tx,
      jobNames.samplingDraw,
      { day },
      { startAfter: new Date(chinaDayEnd(day).getTime() + DRAW_DELAY_MS) },
    );
    await appendAudit(c, {
      action: 'verification.seed_commit',
      targetType: 'verification_seed',
      targetId: day,
      after: { day, seedHash: created.seedHash, committedAt: c.now.toISOString() },
    });
    return created;
  };
  if (ctx.database.kind === 'pglite') return create(ctx);
  return runAction(ctx, { actor: systemActor('抽查种子'), requestId: ctx.requestId }, create);
}

async function seedOf(ctx: Ctx, day: string): Promise<string> {
  // Days whose seed this deployment has seen committed: read once a day, not on every decision.
  const committed = ctx.caches.drawSeeds;
  const known = committed.get(day);
  if (known) return known;
  const row = (await findSeed(ctx.tx, day)) ?? (await commitSeed(ctx, day));
  committed.set(day, row.seedHash);
  return row.seedHash;
}

const nextDay = (day: string): string => new Date(parseDate(day) + 86_400_000).toISOString().slice(0, 10);

/**
 * Records a decided commitment's 抽查 draw, in the decision's transaction, with every input but the seed:
 * the seed of the decision's day is revealed only after the day ends, so nobody — the applicant least —
 * knows the outcome before then, and nobody can change it after. Tomorrow's seed is committed too, so
 * its hash is public before tomorrow's first decision.
 */
export async function recordDraw(
  ctx: Ctx,
  owed: OwedVerification,
  input: { applicationNumber: string; samplingPercent: number; deadlineDays: number },
): Promise<DrawRow> {
  const day = chinaDate(ctx.now);
  const seedHash = await seedOf(ctx, day);
  await seedOf(ctx, nextDay(day));
  const { itemName: _, ...values } = owed;
  const row: DrawRow = {
    id: randomUUID(),
    ...values,
    applicationNumber: input.applicationNumber,
    samplingPercent: input.samplingPercent,
    deadlineDays: input.deadlineDays,
    decidedAt: ctx.now,
    seedDay: day,
    algorithm: SAMPLING_ALGORITHM,
    status: 'pending',
    digest: null,
    value: null,
    drawnAt: null,
    taskId: null,
  };
  insertDraw(ctx, row);
  await appendAudit(ctx, {
    action: 'verification.draw_record',
    targetType: 'verification_draw',
    targetId: row.id,
    after: {
      applicationId: row.applicationId,
      applicationNumber: row.applicationNumber,
      decidedAt: row.decidedAt.toISOString(),
      samplingPercent: row.samplingPercent,
      seedDay: day,
      seedHash,
    },
  });
  return row;
}

/**
 * The job after a day ends: reveals every seed whose day is over, draws every waiting case whose seed
 * is now public (a late or repeated run catches up and changes nothing twice), creates the tasks of the
 * sampled ones with deadlines counted from now, and commits the seeds of today and tomorrow so the
 * chain of daily commitments goes on.
 */
export async function runSamplingDraws(
  deps: Deps,
): Promise<{ revealed: number; drawn: number; sampled: number }> {
  return runAction(deps, { actor: systemActor('核查抽查'), requestId: null }, async (ctx) => {
    const today = chinaDate(ctx.now);
    let revealed = 0;
    for (const s of await seedsToReveal(ctx.tx, today)) {
      const seed = ctx.crypto.decrypt(s.seedSealed);
      if (seedCommitment(seed) !== s.seedHash) {
        throw new DomainError('INTERNAL', `抽查种子与公布的哈希不符（${s.day}）`);
      }
      if (!(await revealSeed(ctx.tx, s.day, seed, ctx.now))) continue;
      revealed++;
      await appendAudit(ctx, {
        action: 'verification.seed_reveal',
        targetType: 'verification_seed',
        targetId: s.day,
        after: { day: s.day, seed, seedHash: s.seedHash },
      });
    }
    let drawn = 0;
    let sampled = 0;
    for (const { draw, seed } of await drawsReadyToDraw(ctx.tx)) {
      const outcome = drawSample({
        seed,
        applicationNumber: draw.applicationNumber,
        decidedAt: draw.decidedAt,
        percent: draw.samplingPercent,
      });
      let taskId: string | null = null;
      if (outcome.sampled) {
        const task = await openTask(
          ctx,
          { ...draw, itemName: await itemNameOf(ctx.tx, draw.itemVersionId) },
          { method: 'sampling', reason: 'sampling', deadlineDays: draw.deadlineDays },
          draw.id,
        );
        taskId = task.id;
        sampled++;
      }
      const settled = await settleDraw(ctx.tx, draw.id, {
        status: outcome.sampled ? 'sampled' : 'not_sampled',
        digest: outcome.digest,
        value: outcome.value,
        drawnAt: ctx.now,
        taskId,
      });
      // Another run settled it first: roll this one back rather than create a second task.
      if (!settled) throw new DomainError('CONFLICT', '抽查已由另一进程完成');
      drawn++;
      await appendAudit(ctx, {
        action: 'verification.draw',
        targetType: 'verification_draw',
        targetId: draw.id,
        before: { status: 'pending' },
        after: {
          status: outcome.sampled ? 'sampled' : 'not_sampled',
          digest: outcome.digest,
          value: outcome.value,
          samplingPercent: draw.samplingPercent,
          taskId,
        },
      });
    }
    await seedOf(ctx, today);
    await seedOf(ctx, nextDay(today));
    return { revealed, drawn, sampled };
  });
}
