import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { chinaDate } from '../../src/domain/working-days';
import { queryRows } from '../../src/server/db/client';
import type { SharedDataAdapter } from '../../src/server/modules/applications/shared-data';
import { createTestApp, type Session } from '../helpers/app';
import { applicant } from '../helpers/factories';
import { PDF, uploadMaterials } from '../helpers/files';

/** 社会监督: public reports of suspected false commitments, on PGlite or PostgreSQL. */
const sharedData: SharedDataAdapter = {
  fetch: async (subject, name) => ({
    found: true,
    source: '电子证照库',
    reference: `${name}-${subject.code.slice(-6)}`,
  }),
};
const t = await createTestApp({ now: '2026-11-23T02:00:00Z', sharedData });
const FOOD = 'WSQ-ZWFW-001';
const FOOD_ASKED = [
  '食品经营许可申请书',
  '与食品经营相适应的主要设备设施布局、操作流程等文件',
  '食品安全管理制度目录',
];
const reporter = { name: '李明举', phone: '13900001111', email: 'juba@example.cn' };
const CONTENT = '该店实际无专职食品安全管理人员，承诺书所述与实际不符，附现场照片。';

/** A 先入后验 case decided on the spot, its commitment published (公示) or not. */
const decided = async (publishCommitment: boolean) => {
  const who = await applicant(t, { legalRepresentative: '其其格' });
  const s: Session = await t.login(who.username, who.password);
  const started = await t.call(s, {
    method: 'POST',
    url: '/api/applications',
    payload: { itemCode: FOOD, legalRepresentative: '其其格' },
  });
  expect(started.statusCode, started.body).toBe(201);
  const a = started.json().application;
  const res = await t.call(s, {
    method: 'POST',
    url: `/api/applications/${a.id}/submit`,
    payload: {
      mode: 'enter_then_verify',
      materials: await uploadMaterials(t, s, FOOD_ASKED),
      commit: true,
      publishCommitment,
      version: a.version,
    },
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json().status).toBe('approved');
  return { ...(res.json() as { id: string; number: string }), who };
};
const report = (reference: string, extra: object = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/public/reports',
    payload: { reference, content: CONTENT, evidence: [], ...extra },
  });
const track = async (receipt: string) =>
  t.app.inject({ method: 'GET', url: `/api/public/reports/${encodeURIComponent(receipt)}` });

describe('public reports', () => {
  it('a report on a published commitment becomes a task; the reporter follows it by receipt and learns the outcome, never the subject’s data; the subject never learns the reporter', async () => {
    const published = await decided(true);
    const unpublished = await decided(false);
    const ent = { name: published.who.subject.name, uscc: published.who.subject.code };

    // Only what is public may be reported on.
    expect((await report('SQ-NOT-A-CASE')).statusCode).toBe(404);
    expect((await report(unpublished.number)).statusCode).toBe(404);
    // Evidence is judged by its content, as any upload.
    const bad = await report(published.number, {
      evidence: [{ name: '照片.exe', contentBase64: Buffer.from('MZ not a picture').toString('base64') }],
    });
    expect(bad.statusCode).toBe(400);

    const sent = await report(published.number, {
      contact: reporter,
      evidence: [{ name: '现场照片.pdf', contentBase64: PDF.toString('base64') }],
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const { receiptNumber, dueDate } = sent.json();
    expect(receiptNumber).toMatch(/^JB20261123-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    // Ten working days from Monday 2026-11-23.
    expect(dueDate).toBe('2026-12-07');

    const first = await track(receiptNumber);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ state: 'verifying', itemName: expect.any(String), dueDate });
    for (const secret of [ent.name, ent.uscc, published.number, reporter.phone])
      expect(first.body).not.toContain(secret);
    expect((await track('JB20261123-AAAA-AAAA-AAAA')).statusCode).toBe(404);

    // The supervising department reads it with the contact; nobody else does.
    const supervisor = await t.login('supervisor');
    const listed = (await t.call(supervisor, { method: 'GET', url: '/api/reports' })).json().items;
    const mine = listed.find((r: { receiptNumber: string }) => r.receiptNumber === receiptNumber);
    expect(mine).toMatchObject({
      contact: reporter,
      content: CONTENT,
      applicationNumber: published.number,
      state: 'verifying',
    });
    const reportUrl = `/api/reports/${mine.id}`;
    expect((await t.app.inject({ method: 'GET', url: '/api/reports' })).statusCode).toBe(401);
    for (const who of ['clerk', 'inspector', 'approver_zwfw', 'ent_demo', 'discipline']) {
      expect((await t.call(await t.login(who), { method: 'GET', url: reportUrl })).statusCode, who).toBe(403);
    }
    const other = await t.login('supervisor_rsj');
    expect((await t.call(other, { method: 'GET', url: reportUrl })).statusCode).toBe(404);
    expect((await t.call(other, { method: 'GET', url: '/api/reports' })).json().items).toEqual([]);
    const evidence = `${reportUrl}/files/${mine.evidenceFileIds[0]}`;
    expect((await t.call(supervisor, { method: 'GET', url: evidence })).statusCode).toBe(200);
    expect((await t.call(other, { method: 'GET', url: evidence })).statusCode).toBe(404);
    // The contact is sealed at rest.
    const stored = await queryRows<{ contact_sealed: string }>(
      t.database.db,
      sql`select contact_sealed from public_report where id = ${mine.id}`,
    );
    expect(stored[0]!.contact_sealed).not.toContain(reporter.phone);

    // The targeted task: assigned, verified on site, the commitment found false.
    const task = (
      await t.call(supervisor, { method: 'GET', url: `/api/verification/tasks/${mine.taskId}` })
    ).json();
    expect(task).toMatchObject({ reason: 'report', method: 'on_site', status: 'pending', dueDate });
    const inspectorIds = await Promise.all(
      ['inspector', 'inspector2'].map(
        async (u) => (await t.call(await t.login(u), { method: 'GET', url: '/api/me' })).json().id as string,
      ),
    );
    const assigned = await t.call(supervisor, {
      method: 'POST',
      url: `/api/verification/tasks/${task.id}/assign`,
      payload: { inspectorIds },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const found = await t.call(await t.login('inspector'), {
      method: 'POST',
      url: `/api/verification/tasks/${task.id}/result`,
      payload: {
        finding: 'false_commitment',
        summary: '经现场核查，无专职食品安全管理人员',
        evidence: [{ description: '现场检查笔录' }],
      },
    });
    expect(found.statusCode, found.body).toBe(200);
    const outcome = (await track(receiptNumber)).json();
    expect(outcome).toMatchObject({ state: 'substantiated', stateLabel: '经核查，举报情况属实，已依法处理' });
    // A substantiated report is not closed as abusive afterwards.
    expect(
      (
        await t.call(supervisor, {
          method: 'POST',
          url: `${reportUrl}/close`,
          payload: { reason: '重复举报' },
        })
      ).statusCode,
    ).toBe(412);

    // The subject: nothing it can read names the reporter or carries the report.
    const subject = await t.login(published.who.username, published.who.password);
    const seenBySubject = [
      await t.call(subject, { method: 'GET', url: `/api/applications/${published.id}` }),
      await t.call(subject, { method: 'GET', url: '/api/inbox?pageSize=100' }),
      await t.call(subject, { method: 'GET', url: '/api/my/defence-notices' }),
    ];
    for (const res of seenBySubject) {
      expect(res.statusCode).toBe(200);
      for (const secret of [reporter.name, reporter.phone, reporter.email, CONTENT, receiptNumber]) {
        expect(res.body).not.toContain(secret);
      }
    }
    expect((await t.call(subject, { method: 'GET', url: '/api/reports' })).statusCode).toBe(403);
    // Nor does the audit trail hold who reported.
    const audited = await queryRows<{ after: unknown; actor_name: string }>(
      t.database.db,
      sql`select after, actor_name from audit_log where target_type = 'public_report' and target_id = ${mine.id}`,
    );
    expect(audited).toHaveLength(1);
    expect(JSON.stringify(audited)).not.toContain(reporter.phone);
  });

  it('a repeated or abusive report is closed with a reason the reporter reads; reports and outcomes are counted', async () => {
    const published = await decided(true);
    const sent = await report(published.number);
    expect(sent.statusCode, sent.body).toBe(201);
    const { receiptNumber } = sent.json();
    const supervisor = await t.login('supervisor');
    const id = (await t.call(supervisor, { method: 'GET', url: '/api/reports' }))
      .json()
      .items.find((r: { receiptNumber: string }) => r.receiptNumber === receiptNumber).id;
    const url = `/api/reports/${id}/close`;
    const reason = '同一举报人就同一事项已重复举报三次，且未提供新的事实和证据';
    expect((await t.call(supervisor, { method: 'POST', url, payload: { reason: '短' } })).statusCode).toBe(
      400,
    );
    expect(
      (await t.call(await t.login('inspector'), { method: 'POST', url, payload: { reason } })).statusCode,
    ).toBe(403);
    expect(
      (await t.call(await t.login('supervisor_rsj'), { method: 'POST', url, payload: { reason } }))
        .statusCode,
    ).toBe(404);
    expect((await t.call(supervisor, { method: 'POST', url, payload: { reason } })).statusCode).toBe(204);
    expect((await t.call(supervisor, { method: 'POST', url, payload: { reason } })).statusCode).toBe(409);
    expect((await track(receiptNumber)).json()).toMatchObject({ state: 'closed', closedReason: reason });

    const stats = await t.call(await t.login('auditor'), { method: 'GET', url: '/api/reports/statistics' });
    expect(stats.statusCode).toBe(200);
    const by = Object.fromEntries(
      stats.json().byState.map((s: { state: string; count: number }) => [s.state, s.count]),
    );
    expect(stats.json().total).toBe(2);
    expect(by).toMatchObject({ substantiated: 1, closed: 1, verifying: 0 });
    // The same counts in the statistics, for the period the reports were received in; none before it.
    const day = chinaDate(t.clock.now);
    const auditor = await t.login('auditor');
    const inPeriod = await t.call(auditor, {
      method: 'GET',
      url: `/api/statistics?from=2026-11-01&to=${day}`,
    });
    expect(inPeriod.statusCode, inPeriod.body).toBe(200);
    expect(inPeriod.json().publicReports).toEqual(stats.json());
    const earlier = await t.call(auditor, {
      method: 'GET',
      url: '/api/statistics?from=2026-01-01&to=2026-10-31',
    });
    expect(earlier.json().publicReports.total).toBe(0);
    expect(
      (
        await t.call(await t.login('supervisor_rsj'), {
          method: 'GET',
          url: `/api/statistics?from=2026-11-01&to=${day}`,
        })
      ).json().publicReports.total,
    ).toBe(0);
    expect(
      (
        await t.call(await t.login('supervisor_rsj'), { method: 'GET', url: '/api/reports/statistics' })
      ).json().total,
    ).toBe(0);
    expect(
      (await t.call(await t.login('clerk'), { method: 'GET', url: '/api/reports/statistics' })).statusCode,
    ).toBe(403);
  });
});
