import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/codes';
import { runAction, systemActor } from '../../src/server/context';
import { queryRows } from '../../src/server/db/client';
import { findPublishedByCode } from '../../src/server/modules/catalog/repository';
import { createVerificationTask } from '../../src/server/modules/verification/create-tasks';
import { createTestApp, type Session } from '../helpers/app';
import { upload } from '../helpers/files';

/** 部门间、地区间协助核查 (鄂尔多斯 004) through the API, on PGlite or PostgreSQL. */
const t = await createTestApp({ now: '2026-11-23T02:00:00Z', workers: true });
const db = t.database.db;

const [wushen] = await queryRows<{ id: string }>(
  db,
  sql`select id from eligibility_policy where code = 'wushen' and status = 'published'`,
);
let n = 0;
/** A decided 告知承诺 of 乌审旗发改委, verified on site by 市场监管局 (supervisor, inspector, inspector2). */
const decide = async () => {
  const itemVersionId = (await findPublishedByCode(db, 'WSQ-FGW-002'))!.id;
  const task = await runAction(t.app.deps, { actor: systemActor('审批决定'), requestId: null }, (ctx) =>
    createVerificationTask(ctx, {
      applicationId: `assist-app-${++n}`,
      applicationNumber: `SQ-ASSIST-${n}`,
      licenseId: null,
      itemVersionId,
      mode: 'license_commitment',
      subject: {
        kind: 'enterprise',
        code: completeUscc('91150626', `MA0A${String(n).padStart(4, '0')}`),
        name: `协查商贸${n}有限公司`,
      },
      grade: 'C',
      policyVersionId: wushen!.id,
    }),
  );
  return task!;
};
const userId = async (s: Session) => (await t.call(s, { method: 'GET', url: '/api/me' })).json().id as string;
const inbox = async (username: string) =>
  (await t.call(await t.login(username), { method: 'GET', url: '/api/inbox?pageSize=50' }))
    .json()
    .items.map((i: { title: string }) => i.title);
const departments = async () => {
  const res = await t.call(await t.login('sysadmin'), { method: 'GET', url: '/api/departments' });
  return res.json().items as { id: string; code: string; name: string }[];
};
const assigned = async () => {
  const task = await decide();
  const ids = [await userId(await t.login('inspector')), await userId(await t.login('inspector2'))];
  const res = await t.call(await t.login('supervisor'), {
    method: 'POST',
    url: `/api/verification/tasks/${task.id}/assign`,
    payload: { inspectorIds: ids },
  });
  expect(res.statusCode, res.body).toBe(200);
  return task;
};

describe('assisted verification', () => {
  it('the verifier asks another department, the task waits, the helper answers with evidence, and the task closes on it', async () => {
    const task = await assigned();
    const wsjd = (await departments()).find((d) => d.code === 'WSQ-WSJD')!;
    const samr = (await departments()).find((d) => d.code === 'WSQ-SCJGJ')!;
    const inspector = await t.login('inspector');
    const url = `/api/verification/tasks/${task.id}/assistance`;
    const body = {
      helperDepartmentId: wsjd.id,
      question: '请核实该企业是否已取得公共场所卫生许可',
      workingDays: 3,
    };

    // Who may not ask: no session, a clerk, an inspector of another department, one's own department as helper.
    expect((await t.app.inject({ method: 'POST', url, payload: body })).statusCode).toBe(401);
    expect((await t.call(await t.login('clerk'), { method: 'POST', url, payload: body })).statusCode).toBe(
      403,
    );
    expect(
      (await t.call(await t.login('inspector_rsj'), { method: 'POST', url, payload: body })).statusCode,
    ).toBe(403);
    const self = await t.call(inspector, {
      method: 'POST',
      url,
      payload: { ...body, helperDepartmentId: samr.id },
    });
    expect(self.statusCode).toBe(400);

    const asked = await t.call(inspector, { method: 'POST', url, payload: body });
    expect(asked.statusCode, asked.body).toBe(201);
    // Three working days from Monday 2026-11-23.
    expect(asked.json()).toMatchObject({ status: 'open', dueDate: '2026-11-26' });
    const requestId = asked.json().id as string;
    expect(await inbox('inspector_wsjd')).toContain(`协助核查请求：协查商贸${n}有限公司`);

    // Visible to both sides only.
    const seen = async (username: string) =>
      (await t.call(await t.login(username), { method: 'GET', url: '/api/assistance' }))
        .json()
        .items.map((i: { id: string }) => i.id);
    expect(await seen('inspector_wsjd')).toContain(requestId);
    expect(await seen('supervisor')).toContain(requestId);
    const directionFor = async (username: string) =>
      (await t.call(await t.login(username), { method: 'GET', url: '/api/assistance' }))
        .json()
        .items.find((i: { id: string }) => i.id === requestId).direction;
    expect(await directionFor('inspector_wsjd')).toBe('incoming');
    expect(await directionFor('inspector')).toBe('outgoing');
    // Each side's list by itself, a page at a time.
    const helperSide = async (query: string) =>
      (
        await t.call(await t.login('inspector_wsjd'), { method: 'GET', url: `/api/assistance?${query}` })
      ).json();
    expect((await helperSide('direction=incoming')).items.map((i: { id: string }) => i.id)).toContain(
      requestId,
    );
    expect((await helperSide('direction=outgoing')).items.map((i: { id: string }) => i.id)).not.toContain(
      requestId,
    );
    expect(
      (await helperSide('direction=incoming')).items.find((i: { id: string }) => i.id === requestId)
        .requestedBy,
    ).toBe('孙立军');
    const first = await helperSide('direction=incoming&pageSize=1');
    expect(first).toMatchObject({ page: 1, pageSize: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.total).toBeGreaterThanOrEqual(1);
    // Past the last page: no items, but still the true total, so the client can go back.
    const past = await helperSide(`direction=incoming&pageSize=1&page=${first.total + 1}`);
    expect(past.items).toEqual([]);
    expect(past.total).toBe(first.total);
    expect(await seen('inspector_rsj')).not.toContain(requestId);
    expect(await seen('approver_fgw')).not.toContain(requestId);
    expect((await t.call(await t.login('clerk'), { method: 'GET', url: '/api/assistance' })).statusCode).toBe(
      403,
    );

    // The task waits for the answer.
    const early = await t.call(inspector, {
      method: 'POST',
      url: `/api/verification/tasks/${task.id}/result`,
      payload: { finding: 'compliant', summary: '材料齐全', evidence: [{ description: '书面核查' }] },
    });
    expect(early.statusCode).toBe(412);
    expect(early.json().message).toContain('协助');

    // Only the helper answers; the requesting side, or a third department, may not.
    const helper = await t.login('inspector_wsjd');
    const fileId = await upload(t, helper, '卫生许可证核查记录.pdf');
    const answer = {
      finding: 'confirmed',
      answer: '经查，该企业持有有效公共场所卫生许可证',
      evidenceFileIds: [fileId],
    };
    const answerUrl = `/api/assistance/${requestId}/answer`;
    expect((await t.call(inspector, { method: 'POST', url: answerUrl, payload: answer })).statusCode).toBe(
      403,
    );
    expect(
      (await t.call(await t.login('inspector_rsj'), { method: 'POST', url: answerUrl, payload: answer }))
        .statusCode,
    ).toBe(404);
    // Someone else's upload cannot be passed off as evidence.
    const foreign = await upload(t, await t.login('inspector_wsjd2'), '他人文件.pdf');
    expect(
      (
        await t.call(helper, {
          method: 'POST',
          url: answerUrl,
          payload: { ...answer, evidenceFileIds: [foreign] },
        })
      ).statusCode,
    ).toBe(400);
    const answered = await t.call(helper, { method: 'POST', url: answerUrl, payload: answer });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().status).toBe('answered');
    expect((await t.call(helper, { method: 'POST', url: answerUrl, payload: answer })).statusCode).toBe(409);
    expect(await inbox('inspector')).toContain(`协助核查已答复：协查商贸${n}有限公司`);
    // The requesting side reads who answered by the person's name, not the login.
    const outgoing = (
      await t.call(await t.login('inspector'), { method: 'GET', url: '/api/assistance?direction=outgoing' })
    ).json();
    expect(outgoing.items.find((i: { id: string }) => i.id === requestId).answeredBy).toBe('贺军');

    const closed = await t.call(await t.login('inspector'), {
      method: 'POST',
      url: `/api/verification/tasks/${task.id}/result`,
      payload: {
        finding: 'compliant',
        summary: '经卫生健康综合行政执法大队协助核实，符合承诺',
        evidence: [{ description: '协助核查答复' }],
      },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().status).toBe('closed');
    const detail = (
      await t.call(await t.login('inspector'), { method: 'GET', url: `/api/verification/tasks/${task.id}` })
    ).json();
    expect(detail.history.map((h: { event: string }) => h.event)).toEqual([
      'create',
      'assign',
      'request_assistance',
      'assistance_answered',
      'find_compliant',
    ]);
    expect(detail.history[3].detail).toMatchObject({ requestId, finding: 'confirmed' });
    expect(detail.evidence).toEqual([
      expect.objectContaining({ fileId, event: 'assistance_answered', name: '卫生许可证核查记录.pdf' }),
    ]);
    const file = await t.call(await t.login('inspector'), {
      method: 'GET',
      url: `/api/verification/tasks/${task.id}/files/${fileId}`,
    });
    expect(file.statusCode).toBe(200);

    // Audited on both sides.
    const audited = await queryRows<{ action: string }>(
      db,
      sql`select action from audit_log where target_type = 'assistance_request' and target_id = ${requestId} order by id`,
    );
    expect(audited.map((a) => a.action)).toEqual(['assistance.request', 'assistance.answer']);
  });

  it('an overdue request is chased, again each working day, until answered', async () => {
    const task = await assigned();
    const wsjd = (await departments()).find((d) => d.code === 'WSQ-WSJD')!;
    const asked = await t.call(await t.login('inspector2'), {
      method: 'POST',
      url: `/api/verification/tasks/${task.id}/assistance`,
      payload: { helperDepartmentId: wsjd.id, question: '请核实从业人员健康证明', workingDays: 1 },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const requestId = asked.json().id as string;
    const title = `协助核查已逾期：协查商贸${n}有限公司`;
    expect(await inbox('inspector_wsjd')).not.toContain(title);

    // Due Tuesday 2026-11-24; the chase runs once that day is over (time is moved, never slept).
    await t.clock.set('2026-11-25T01:00:00Z');
    await t.runJobs();
    await expect
      .poll(async () => (await inbox('inspector_wsjd')).includes(title), { timeout: 10_000 })
      .toBe(true);
    expect(await inbox('inspector2')).toContain(title);
    const chases = async () =>
      (
        await queryRows<{ n: number }>(
          db,
          sql`select count(*)::int as n from audit_log where action = 'assistance.chase' and target_id = ${requestId}`,
        )
      )[0]!.n;
    expect(await chases()).toBe(1);
    // Once the next working day (Thursday) is over too, chased again.
    await t.clock.set('2026-11-27T01:00:00Z');
    await t.runJobs();
    await expect.poll(chases, { timeout: 10_000 }).toBe(2);
    // Answered: the following day's chase changes nothing.
    const answered = await t.call(await t.login('inspector_wsjd'), {
      method: 'POST',
      url: `/api/assistance/${requestId}/answer`,
      payload: { finding: 'unable', answer: '该企业不在本辖区', evidenceFileIds: [] },
    });
    expect(answered.statusCode, answered.body).toBe(200);
    await t.clock.set('2026-11-28T01:00:00Z');
    await t.runJobs();
    await t.runJobs();
    expect(await chases()).toBe(2);
  });

  it("another region's system gets the request through the push channel, alone, and answers with its token", async () => {
    const received: { path: string; body: { topic: string; payload: Record<string, unknown> } }[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    try {
      const admin = await t.login('sysadmin');
      const created = await t.call(admin, {
        method: 'POST',
        url: '/api/departments',
        payload: {
          code: 'ETKQ-SCJGJ',
          name: '鄂托克旗市场监督管理局',
          kind: 'supervising',
          regionCode: '150624',
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const etkq = created.json().id as string;
      const wsjd = (await departments()).find((d) => d.code === 'WSQ-WSJD')!;
      for (const [dept, path] of [
        [etkq, '/etkq'],
        [wsjd.id, '/wsjd'],
      ] as const) {
        const sub = await t.call(admin, {
          method: 'POST',
          url: '/api/push/subscriptions',
          payload: {
            systemName: `协查系统${path}`,
            departmentId: dept,
            url: `${base}${path}`,
            topics: ['assistance'],
          },
        });
        expect(sub.statusCode, sub.body).toBe(201);
      }
      const token = async (departmentId: string) =>
        (
          await t.call(admin, {
            method: 'POST',
            url: '/api/api-tokens',
            payload: { name: '外地协查系统', departmentId, scopes: ['push.results'] },
          })
        ).json().token as string;
      const etkqToken = await token(etkq);
      const wsjdToken = await token(wsjd.id);

      const task = await assigned();
      const asked = await t.call(await t.login('supervisor'), {
        method: 'POST',
        url: `/api/verification/tasks/${task.id}/assistance`,
        payload: {
          helperDepartmentId: etkq,
          question: '请核实该企业在鄂托克旗的分支机构经营场所',
          workingDays: 5,
        },
      });
      expect(asked.statusCode, asked.body).toBe(201);
      const requestId = asked.json().id as string;
      await t.app.push.runOnce();
      const got = received.filter((r) => r.body.topic === 'assistance');
      expect(got.map((r) => r.path)).toEqual(['/etkq']);
      expect(got[0]!.body.payload).toMatchObject({ requestId, kind: 'request', dueDate: '2026-12-04' });

      const url = `/api/push/assistance/${requestId}/answer`;
      const answer = {
        finding: 'not_confirmed',
        answer: '经现场核实，该地址无经营场所',
        evidenceFileIds: [],
      };
      expect((await t.call(null, { method: 'POST', url, payload: answer })).statusCode).toBe(401);
      expect((await t.call(wsjdToken, { method: 'POST', url, payload: answer })).statusCode).toBe(404);
      expect(
        (await t.call(await t.login('inspector'), { method: 'POST', url, payload: answer })).statusCode,
      ).toBe(403);
      // The pushed request is not answered through a staff session of this system either.
      expect(
        (
          await t.call(await t.login('supervisor'), {
            method: 'POST',
            url: `/api/assistance/${requestId}/answer`,
            payload: answer,
          })
        ).statusCode,
      ).toBe(403);
      const ok = await t.call(etkqToken, { method: 'POST', url, payload: answer });
      expect(ok.statusCode, ok.body).toBe(200);
      const detail = (
        await t.call(await t.login('inspector'), { method: 'GET', url: `/api/verification/tasks/${task.id}` })
      ).json();
      expect(detail.history.at(-1)).toMatchObject({
        event: 'assistance_answered',
        detail: { finding: 'not_confirmed' },
      });
    } finally {
      await new Promise((r) => receiver.close(r));
    }
  });
});
