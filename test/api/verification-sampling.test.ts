import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/codes';
import { drawSample } from '../../src/domain/verification-sampling';
import { runAction, systemActor } from '../../src/server/context';
import { queryRows } from '../../src/server/db/client';
import { findPublishedByCode } from '../../src/server/modules/catalog/repository';
import { createVerificationTask } from '../../src/server/modules/verification/create-tasks';
import { runSamplingDraws } from '../../src/server/modules/verification/sampling';
import { createTestApp } from '../helpers/app';
import { uploadMaterials } from '../helpers/files';

/**
 * 抽查 that nobody can foresee: the draw takes the seed of the decision's day, committed (SM3 published)
 * before the day and revealed after it, so at submission nothing an applicant can see decides it.
 */
const t = await createTestApp({ now: '2026-11-23T02:00:00Z', workers: true });
const db = t.database.db;
const FOOD = 'WSQ-ZWFW-001';
const FOOD_ASKED = [
  '食品经营许可申请书',
  '与食品经营相适应的主要设备设施布局、操作流程等文件',
  '食品安全管理制度目录',
];
const [wushen] = await queryRows<{ id: string }>(
  db,
  sql`select id from eligibility_policy where code = 'wushen' and status = 'published'`,
);
const publicSeeds = async () =>
  (await t.app.inject({ method: 'GET', url: '/api/public/verification/seeds?pageSize=50' })).json().items as {
    day: string;
    seedHash: string;
    seed: string | null;
    committedAt: string;
    draws: number;
    sampled: number;
  }[];
const draws = async (query = '') =>
  (
    await t.call(await t.login('supervisor'), {
      method: 'GET',
      url: `/api/verification/draws?pageSize=200${query}`,
    })
  ).json() as {
    items: { id: string; applicationId: string; status: string; taskId: string | null }[];
    total: number;
  };
const check = (id: string) =>
  t.app.inject({ method: 'GET', url: `/api/public/verification/draws/${id}/check` });

/** A case decided by the approving department through the same call the decision makes. */
const decideAt = async (applicationNumber: string) => {
  const itemVersionId = (await findPublishedByCode(db, 'WSQ-FGW-002'))!.id;
  await runAction(t.app.deps, { actor: systemActor('审批决定'), requestId: null }, (ctx) =>
    createVerificationTask(ctx, {
      applicationId: `case-${applicationNumber}`,
      applicationNumber,
      licenseId: null,
      itemVersionId,
      mode: 'license_commitment',
      subject: {
        kind: 'enterprise',
        code: completeUscc('91150626', 'MA0S0001'),
        name: '乌审旗抽查商贸有限公司',
      },
      // Grade B: 20 in a hundred are sampled under the demo plan.
      grade: 'B',
      policyVersionId: wushen!.id,
    }),
  );
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`select id from verification_draw where application_number = ${applicationNumber}`,
  );
  return row!.id;
};

describe('sampling the applicant cannot predict', () => {
  let applicationId = '';
  const picked: { sampled: string; missed: string } = { sampled: '', missed: '' };

  it('a case decided on commitment gets a draw, not a task; the day’s seed is committed but secret', async () => {
    // Before anything is decided nothing is published that could tell an applicant its fate.
    expect(await publicSeeds()).toEqual([]);
    const ent = await t.login('ent_demo');
    const started = await t.call(ent, {
      method: 'POST',
      url: '/api/applications',
      payload: { itemCode: FOOD, legalRepresentative: '巴特尔' },
    });
    expect(started.statusCode, started.body).toBe(201);
    const a = started.json().application;
    applicationId = a.id;
    expect(await publicSeeds()).toEqual([]);
    const submitted = await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: {
        mode: 'license_commitment',
        materials: await uploadMaterials(t, ent, FOOD_ASKED),
        commit: true,
        publishCommitment: false,
        version: a.version,
      },
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().status).toBe('approved');
    // Grade A under the plan: 5 in a hundred, drawn later. No task yet, whatever the outcome will be.
    const tasks = (
      await t.call(await t.login('supervisor'), {
        method: 'GET',
        url: '/api/verification/tasks?pageSize=200',
      })
    ).json();
    expect(tasks.items.some((x: { applicationId: string }) => x.applicationId === a.id)).toBe(false);
    const pending = (await draws('&status=pending')).items.find((d) => d.applicationId === a.id);
    expect(pending).toMatchObject({ status: 'pending', taskId: null });
    const seeds = await publicSeeds();
    expect(seeds.map((s) => s.day).sort()).toEqual(['2026-11-23', '2026-11-24']);
    expect(seeds.every((s) => s.seed === null && /^[0-9a-f]{64}$/.test(s.seedHash))).toBe(true);
    const early = await check(pending!.id);
    expect(early.statusCode).toBe(412);
    expect(early.json().message).toContain('尚未公开');
  });

  it('only the sealed seed, which no applicant holds, tells which cases will be sampled', async () => {
    await decideAt('SQ-PROBE-0');
    const [row] = await queryRows<{ seed_sealed: string }>(
      db,
      sql`select seed_sealed from verification_seed where day = '2026-11-23'`,
    );
    const seed = t.app.deps.crypto.decrypt(row!.seed_sealed);
    for (let i = 1; i < 200 && !(picked.sampled && picked.missed); i++) {
      const number = `SQ-S-${i}`;
      const { sampled } = drawSample({
        seed,
        applicationNumber: number,
        decidedAt: t.clock.now,
        percent: 20,
      });
      if (sampled && !picked.sampled) picked.sampled = number;
      if (!sampled && !picked.missed) picked.missed = number;
    }
    expect(picked.sampled && picked.missed).toBeTruthy();
    picked.sampled = await decideAt(picked.sampled);
    picked.missed = await decideAt(picked.missed);
    expect((await draws('&status=pending')).total).toBe(4);
  });

  it('every endpoint of the draws refuses who may not', async () => {
    for (const who of ['inspector', 'approver_fgw', 'ent_demo', 'clerk']) {
      const res = await t.call(await t.login(who), { method: 'GET', url: '/api/verification/draws' });
      expect(res.statusCode, who).toBe(403);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/verification/draws' })).statusCode).toBe(401);
    expect((await check('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('after the day ends the seed is revealed, every case drawn, the sampled get tasks, and anyone re-checks', async () => {
    // 00:05 Beijing: the day is over but the draw waits for late commits.
    await t.clock.set('2026-11-23T16:05:00Z');
    await t.runJobs();
    expect((await draws('&status=pending')).total).toBe(4);
    await t.clock.set('2026-11-23T16:11:00Z');
    await t.runJobs();
    await expect.poll(async () => (await draws('&status=pending')).total, { timeout: 15_000 }).toBe(0);

    const all = (await draws()).items;
    expect(all).toHaveLength(4);
    const sampled = all.find((d) => d.id === picked.sampled)!;
    const missed = all.find((d) => d.id === picked.missed)!;
    expect(sampled).toMatchObject({ status: 'sampled' });
    expect(missed).toMatchObject({ status: 'not_sampled', taskId: null });
    // The task is born at the draw; its deadline counts from that day (20 working days from 2026-11-24).
    const task = (
      await t.call(await t.login('supervisor'), {
        method: 'GET',
        url: `/api/verification/tasks/${sampled.taskId}`,
      })
    ).json();
    expect(task).toMatchObject({
      method: 'sampling',
      reason: 'sampling',
      drawId: sampled.id,
      dueDate: '2026-12-22',
    });
    expect(task.history[0].detail).toMatchObject({ drawId: sampled.id });

    for (const d of all) {
      const res = await check(d.id);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        matches: true,
        seedMatchesCommitment: true,
        committedBeforeDecision: true,
        recorded: d.status,
        sampled: d.status === 'sampled',
      });
    }
    const ownCase = all.find((d) => d.applicationId === applicationId)!;
    expect(['sampled', 'not_sampled']).toContain(ownCase.status);

    // Listed by outcome, paginated.
    expect((await draws('&status=not_sampled')).items.map((d) => d.id)).toContain(missed.id);
    expect((await draws('&status=sampled')).items.map((d) => d.id)).toContain(sampled.id);
    const page = (
      await t.call(await t.login('supervisor'), {
        method: 'GET',
        url: '/api/verification/draws?page=2&pageSize=3',
      })
    ).json();
    expect(page).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(page.items).toHaveLength(1);

    // The seed is public now, the next days' hashes already committed, the chain goes on.
    const seeds = await publicSeeds();
    const day = seeds.find((s) => s.day === '2026-11-23')!;
    expect(day.seed).not.toBeNull();
    expect(day).toMatchObject({ draws: 4 });
    expect(seeds.find((s) => s.day === '2026-11-25')).toMatchObject({ seed: null });

    // Running the job again changes nothing; every draw and the reveal are audited.
    expect(await runSamplingDraws(t.app.deps)).toEqual({ revealed: 0, drawn: 0, sampled: 0 });
    const audited = await queryRows<{ action: string }>(
      db,
      sql`select action from audit_log where target_id = ${missed.id} order by id`,
    );
    expect(audited.map((a) => a.action)).toEqual(['verification.draw_record', 'verification.draw']);
    const reveal = await queryRows<{ action: string }>(
      db,
      sql`select action from audit_log where target_type = 'verification_seed' and target_id = '2026-11-23' order by id`,
    );
    expect(reveal.map((a) => a.action)).toEqual(['verification.seed_commit', 'verification.seed_reveal']);
  });
});
