import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/codes';
import { runAction, systemActor } from '../../src/server/context';
import { queryRows } from '../../src/server/db/client';
import type { DecidedCommitment } from '../../src/server/modules/applications/decided-commitment';
import { findPublishedByCode } from '../../src/server/modules/catalog/repository';
import { createVerificationTask } from '../../src/server/modules/verification/create-tasks';
import { pushCommitment } from '../../src/server/push/national-commitment';
import { createTestApp, type Session } from '../helpers/app';

const t = await createTestApp({ now: '2026-11-23T02:00:00Z', workers: true });
const db = t.database.db;

const [wushen] = await queryRows<{ id: string }>(
  db,
  sql`select id from eligibility_policy where code = 'wushen' and status = 'published'`,
);
const versionOf = async (code: string) => (await findPublishedByCode(db, code))!.id;
const uscc = completeUscc('91150626', 'MA0T0001');
let n = 0;
const decide = async (code: string, over: Partial<DecidedCommitment> = {}) => {
  const itemVersionId = await versionOf(code);
  return runAction(t.app.deps, { actor: systemActor('审批决定'), requestId: null }, async (ctx) =>
    createVerificationTask(ctx, {
      applicationId: `app-${++n}`,
      applicationNumber: `SQ-TEST-${n}`,
      licenseId: `lic-${n}`,
      itemVersionId,
      mode: 'license_commitment',
      subject: { kind: 'enterprise', code: uscc, name: '乌审旗草原商贸有限公司' },
      grade: 'C',
      policyVersionId: wushen!.id,
      ...over,
    }),
  );
};
const userId = async (s: Session) => (await t.call(s, { method: 'GET', url: '/api/me' })).json().id as string;
// Logs in afresh: moving the clock days ahead expires earlier sessions.
const inbox = async (username: string) =>
  (await t.call(await t.login(username), { method: 'GET', url: '/api/inbox?pageSize=50' }))
    .json()
    .items.map((i: { title: string }) => i.title);
const evidence = [{ description: '现场照片：消防通道堵塞' }];

describe('verification ladder through the API', () => {
  it('a commitment decided by 乌审旗发改委 goes to its supervisor, is assigned, found in breach, not rectified, and awaits revocation', async () => {
    const supervisor = await t.login('supervisor');
    const inspector = await t.login('inspector');
    const inspector2 = await t.login('inspector2');
    const task = (await decide('WSQ-FGW-002'))!;
    expect(task).toMatchObject({ method: 'on_site', status: 'pending' });
    // 20 working days from Monday 2026-11-23: the start day is not counted.
    expect(task.dueDate).toBe('2026-12-21');
    expect(await inbox('supervisor')).toContain('新的核查任务：固定资产投资项目节能审查');

    const url = `/api/verification/tasks/${task.id}`;
    // Before assignment an inspector does not see it; other departments never do.
    expect((await t.call(inspector, { method: 'GET', url })).statusCode).toBe(404);
    expect((await t.call(await t.login('approver'), { method: 'GET', url })).statusCode).toBe(404);
    expect(
      (await t.call(await t.login('clerk'), { method: 'GET', url: '/api/verification/tasks' })).statusCode,
    ).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/verification/tasks' })).statusCode).toBe(401);

    const ids = [await userId(inspector), await userId(inspector2)];
    const one = await t.call(supervisor, {
      method: 'POST',
      url: `${url}/assign`,
      payload: { inspectorIds: [ids[0]] },
    });
    expect(one.statusCode).toBe(400);
    expect(one.json().message).toContain('至少两名');
    expect(
      (await t.call(inspector, { method: 'POST', url: `${url}/assign`, payload: { inspectorIds: ids } }))
        .statusCode,
    ).toBe(403);
    const assigned = await t.call(supervisor, {
      method: 'POST',
      url: `${url}/assign`,
      payload: { inspectorIds: ids },
    });
    expect(assigned.json()).toMatchObject({ status: 'assigned', inspectorIds: ids });
    expect(await inbox('inspector')).toContain('您有新的核查任务');

    // A breach needs a requirement and a deadline; nothing is written without them.
    const bare = await t.call(inspector, {
      method: 'POST',
      url: `${url}/result`,
      payload: { finding: 'breach', summary: '未按承诺配置消毒设施', evidence },
    });
    expect(bare.statusCode).toBe(400);
    expect((await t.call(inspector, { method: 'GET', url })).json().status).toBe('assigned');

    // Two inspectors record at once: exactly one wins.
    const both = await Promise.all(
      [inspector, inspector2].map((s) =>
        t.call(s, {
          method: 'POST',
          url: `${url}/result`,
          payload: {
            finding: 'breach',
            summary: '未按承诺配置消毒设施',
            evidence,
            rectificationDays: 5,
            rectificationRequirement: '配置消毒设施',
          },
        }),
      ),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const rectifying = both.find((r) => r.statusCode === 200)!.json();
    expect(rectifying).toMatchObject({ status: 'rectifying', rectificationDueDate: '2026-11-30' });

    // The rectification deadline passes (time is moved, never slept): the inspectors are told to re-inspect.
    await t.clock.set('2026-12-01T01:00:00Z');
    await t.runJobs();
    await expect
      .poll(async () => (await inbox('inspector')).includes('整改期限已届满：乌审旗草原商贸有限公司'), {
        timeout: 10_000,
      })
      .toBe(true);

    const failed = await t.call(await t.login('inspector2'), {
      method: 'POST',
      url: `${url}/reinspection`,
      payload: { finding: 'not_rectified', summary: '逾期未整改', evidence },
    });
    expect(failed.json().status).toBe('revocation_pending');
    expect(await inbox('approver_fgw')).toContain('待撤销：乌审旗草原商贸有限公司');

    const approverNow = await t.login('approver_fgw');
    expect(
      (
        await t.call(await t.login('inspector'), {
          method: 'POST',
          url: `${url}/revoke`,
          payload: { reason: '逾期未整改，撤销许可' },
        })
      ).statusCode,
    ).toBe(403);
    const detail = (await t.call(approverNow, { method: 'GET', url })).json();
    expect(detail.history.map((h: { event: string }) => h.event)).toEqual([
      'create',
      'assign',
      'find_breach',
      'reinspect_failed',
    ]);
    const pushed = await queryRows<{ topic: string }>(
      db,
      sql`select topic from outbox_message where aggregate_id = ${task.id} order by seq`,
    );
    expect(pushed.map((p) => p.topic)).toEqual(['verification', 'verification']);
    const audited = await queryRows<{ action: string }>(
      db,
      sql`select action from audit_log where target_id = ${task.id} order by id`,
    );
    expect(audited.map((a) => a.action)).toEqual([
      'verification.create',
      'verification.assign',
      'verification.finding_breach',
      'verification.reinspect_not_rectified',
    ]);
  });

  it('an unverified task past its due date is overdue, listed as such and announced once', async () => {
    await t.clock.set('2026-12-02T02:00:00Z');
    const task = (await decide('WSQ-FGW-002', { grade: null }))!;
    expect(task.method).toBe('data_check');
    const listOverdue = async () =>
      (
        await t.call(await t.login('supervisor'), {
          method: 'GET',
          url: '/api/verification/tasks?overdue=true',
        })
      ).json();
    expect((await listOverdue()).items.map((i: { id: string }) => i.id)).not.toContain(task.id);
    await t.clock.set(`${task.dueDate}T15:00:00Z`);
    await t.runJobs();
    expect((await listOverdue()).items.map((i: { id: string }) => i.id)).not.toContain(task.id);
    await t.clock.set(`${task.dueDate}T17:00:00Z`);
    await t.runJobs();
    const overdue = await listOverdue();
    expect(overdue.items.find((i: { id: string }) => i.id === task.id)).toMatchObject({ overdue: true });
    await expect
      .poll(
        async () => (await inbox('supervisor')).filter((x: string) => x.startsWith('核查任务已逾期')).length,
        { timeout: 10_000 },
      )
      .toBe(1);
  });

  it('先入后验 deadlines count working days across National Day; individuals are masked', async () => {
    await t.clock.set('2026-09-28T02:00:00Z');
    const task = (await decide('WSQ-RSJ-001', {
      mode: 'enter_then_verify',
      grade: 'A',
      subject: { kind: 'individual', code: '150626198507122035', name: '韩志强' },
    }))!;
    expect(task).toMatchObject({ method: 'on_site', reason: 'enter_then_verify', dueDate: '2026-10-16' });
    const supervisor = await t.login('supervisor');
    const listed = (
      await t.call(supervisor, { method: 'GET', url: `/api/verification/tasks/${task.id}` })
    ).json();
    expect(listed.subjectCode).not.toContain('198507122035');
    expect(JSON.stringify(listed)).not.toContain('150626198507122035');
  });
});

describe('refusals and the false-commitment path', () => {
  it('only the assigned inspectors record; only real inspectors are assigned; a false commitment goes straight to revocation', async () => {
    await t.clock.set('2026-11-24T02:00:00Z');
    const task = (await decide('WSQ-FGW-002'))!;
    const url = `/api/verification/tasks/${task.id}`;
    const supervisor = await t.login('supervisor');
    const inspector = await t.login('inspector');
    const [inspectorId, supervisorId] = [await userId(inspector), await userId(supervisor)];
    const notInspector = await t.call(supervisor, {
      method: 'POST',
      url: `${url}/assign`,
      payload: { inspectorIds: [inspectorId, supervisorId] },
    });
    expect(notInspector.statusCode).toBe(400);
    expect(notInspector.json().message).toContain('不是本部门的核查人员');
    const inspector2Id = await userId(await t.login('inspector2'));
    expect(
      (
        await t.call(supervisor, {
          method: 'POST',
          url: `${url}/assign`,
          payload: { inspectorIds: [inspectorId, inspector2Id] },
        })
      ).statusCode,
    ).toBe(200);
    const finding = { finding: 'false_commitment', summary: '承诺的经营场所不存在', evidence };
    // The supervisor may not record, nor may anyone outside the task or the department.
    expect(
      (await t.call(supervisor, { method: 'POST', url: `${url}/result`, payload: finding })).statusCode,
    ).toBe(403);
    expect(
      (
        await t.call(await t.login('approver_fgw'), {
          method: 'POST',
          url: `${url}/result`,
          payload: finding,
        })
      ).statusCode,
    ).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `${url}/result`, payload: finding })).statusCode).toBe(
      401,
    );
    const bad = await t.call(inspector, {
      method: 'POST',
      url: `${url}/result`,
      payload: { ...finding, evidence: [] },
    });
    expect(bad.statusCode).toBe(400);
    const found = await t.call(inspector, { method: 'POST', url: `${url}/result`, payload: finding });
    expect(found.json().status).toBe('revocation_pending');
    expect(found.json().rectificationDueDate).toBeNull();
    expect(await inbox('approver_fgw')).toContain('待撤销：乌审旗草原商贸有限公司');
  });
});

/** A supervising system's token that may send results back, for the department whose name has `dept`. */
async function resultsToken(name: string, dept: string): Promise<string> {
  const admin = await t.login('sysadmin');
  const depts = (await t.call(admin, { method: 'GET', url: '/api/departments' })).json();
  const department = (depts.items ?? depts).find((d: { name: string }) => d.name.includes(dept));
  const res = await t.call(admin, {
    method: 'POST',
    url: '/api/api-tokens',
    payload: { name, departmentId: department.id, scopes: ['push.results'] },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().token as string;
}

describe('results sent back by the supervising system', () => {
  it('a compliant data check closes the task; other findings go to the supervision administrators', async () => {
    await t.clock.set('2026-12-03T02:00:00Z');
    const token = await resultsToken('市场监管核查系统', '市场监督');
    const clean = (await decide('WSQ-FGW-002', { grade: null }))!;
    const dirty = (await decide('WSQ-FGW-002', { grade: null }))!;
    const send = (taskId: string, outcome: string, senderKey: string) =>
      t.call(token, {
        method: 'POST',
        url: '/api/push/results',
        payload: { senderKey, taskId, outcome, verifiedOn: '2026-12-03', findings: '经数据比对核查' },
      });
    expect((await send(clean.id, 'compliant', 'k-1')).json().status).toBe('processed');
    expect((await send(dirty.id, 'non_compliant', 'k-2')).json().status).toBe('received');
    const supervisor = await t.login('supervisor');
    const closed = (
      await t.call(supervisor, { method: 'GET', url: `/api/verification/tasks/${clean.id}` })
    ).json();
    expect(closed.status).toBe('closed');
    expect(closed.history.map((h: { event: string }) => h.event)).toEqual([
      'create',
      'assign',
      'find_compliant',
    ]);
    const open = (
      await t.call(supervisor, { method: 'GET', url: `/api/verification/tasks/${dirty.id}` })
    ).json();
    expect(open.status).toBe('pending');
    expect(await inbox('supervisor')).toContain('监管系统回传核查结果：乌审旗草原商贸有限公司');
  });

  it('a result naming only the 承诺编码 finds its task; one matching nothing is set aside and the administrators told', async () => {
    const token = await resultsToken('市场监管核查系统二', '市场监督');
    const task = (await decide('WSQ-FGW-002', { grade: null }))!;
    await runAction(t.app.deps, { actor: systemActor('审批决定'), requestId: null }, async (ctx) =>
      pushCommitment(ctx, {
        applicationId: task.applicationId,
        departmentIds: [],
        mode: 'license_commitment',
        itemName: '企业投资项目核准',
        committer: { kind: 'enterprise', name: '乌审旗草原商贸有限公司', code: uscc },
        text: '本单位承诺所填信息真实。',
        liability: '承诺不实的，依法撤销许可。',
        signedAt: ctx.now,
        published: false,
        acceptingUnit: { name: '乌审旗发展和改革委员会', uscc: null, regionCode: '150626' },
      }),
    );
    const [made] = await queryRows<{ code: string }>(
      t.database.db,
      sql`select payload ->> '承诺编码' as code from outbox_message
          where topic = 'commitment' and aggregate_id = ${task.applicationId}`,
    );
    const send = (commitmentCode: string, senderKey: string) =>
      t.call(token, {
        method: 'POST',
        url: '/api/push/results',
        payload: {
          senderKey,
          commitmentCode,
          outcome: 'compliant',
          verifiedOn: '2026-12-03',
          findings: '数据比对',
        },
      });
    expect((await send(made!.code, 'c-1')).json().status).toBe('processed');
    const supervisor = await t.login('supervisor');
    expect(
      (await t.call(supervisor, { method: 'GET', url: `/api/verification/tasks/${task.id}` })).json().status,
    ).toBe('closed');
    const unknown = await send('15062620991231999999', 'c-2');
    expect(unknown.json().status).toBe('rejected');
    expect(await inbox('supervisor')).toContain('监管系统回传的核查结果无法对应核查任务');

    // Another department's system cannot close this department's task, by id or by 承诺编码.
    const foreign = await resultsToken('卫健核查系统', '卫生健康');
    const other = (await decide('WSQ-FGW-002', { grade: null }))!;
    const byForeign = await t.call(foreign, {
      method: 'POST',
      url: '/api/push/results',
      payload: {
        senderKey: 'f-1',
        taskId: other.id,
        outcome: 'compliant',
        verifiedOn: '2026-12-03',
        findings: '符合',
      },
    });
    expect(byForeign.statusCode, byForeign.body).toBe(201);
    expect(byForeign.json().status).toBe('rejected');
    expect(
      (await t.call(supervisor, { method: 'GET', url: `/api/verification/tasks/${other.id}` })).json().status,
    ).toBe('pending');
  });
});
