import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/server/db/client';
import type { SharedDataAdapter } from '../../src/server/modules/applications/shared-data';
import { createTestApp, type Session } from '../helpers/app';
import { publish } from '../helpers/credit';
import { applicant } from '../helpers/factories';
import { uploadMaterials } from '../helpers/files';

/** The 容错免责 register (义马 section 五), on PGlite or PostgreSQL. */
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
const me = async (s: Session) => (await t.call(s, { method: 'GET', url: '/api/me' })).json().id as string;

describe('容错免责 register', () => {
  it('a revocation produces a case file whose facts match the audit trail; only the reviewer and the official read it; a review records its outcome and the official is told', async () => {
    // The item version in force is published by 李建国 (`catalog`): the 食品经营许可 is decided on the spot
    // under a commitment, so he is the official concerned.
    const catalog = await t.login('catalog');
    const exported = (await t.call(catalog, { method: 'GET', url: '/api/catalog/export?format=json' })).json()
      .items;
    const base = exported.find((i: { code: string }) => i.code === FOOD);
    const imported = await t.call(catalog, {
      method: 'POST',
      url: '/api/catalog/import',
      payload: { items: [base] },
    });
    expect(imported.statusCode, imported.body).toBe(201);
    await publish(t, imported.json().versionIds[0]);

    const who = await applicant(t, { legalRepresentative: '其其格' });
    const ent = await t.login(who.username, who.password);
    const started = await t.call(ent, {
      method: 'POST',
      url: '/api/applications',
      payload: { itemCode: FOOD, legalRepresentative: '其其格' },
    });
    const a = started.json().application;
    const submitted = await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: {
        mode: 'enter_then_verify',
        materials: await uploadMaterials(t, ent, FOOD_ASKED),
        commit: true,
        publishCommitment: false,
        version: a.version,
      },
    });
    expect(submitted.json().status).toBe('approved');

    const supervisor = await t.login('supervisor');
    const task = (
      await t.call(supervisor, { method: 'GET', url: '/api/verification/tasks?status=pending&pageSize=100' })
    )
      .json()
      .items.find((x: { applicationId: string }) => x.applicationId === a.id);
    const url = `/api/verification/tasks/${task.id}`;
    const inspectorIds = [await me(await t.login('inspector')), await me(await t.login('inspector2'))];
    expect(
      (await t.call(supervisor, { method: 'POST', url: `${url}/assign`, payload: { inspectorIds } }))
        .statusCode,
    ).toBe(200);
    const found = await t.call(await t.login('inspector'), {
      method: 'POST',
      url: `${url}/result`,
      payload: {
        finding: 'false_commitment',
        summary: '无专职食品安全管理人员，承诺不实',
        evidence: [{ description: '现场检查笔录' }],
      },
    });
    expect(found.statusCode, found.body).toBe(200);

    // Not a case before the decision is revoked.
    const discipline = await t.login('discipline');
    const caseUrl = `/api/tolerance/cases/${task.id}`;
    expect((await t.call(discipline, { method: 'GET', url: caseUrl })).statusCode).toBe(404);

    const approver = await t.login('approver_zwfw');
    const noticed = await t.call(approver, {
      method: 'POST',
      url: `${url}/defence-notice`,
      payload: {
        facts: '经现场核查，承诺配备的专职食品安全管理人员不存在',
        reasons: '虚假承诺',
        legalBasis: '《中华人民共和国行政许可法》第六十九条',
      },
    });
    expect(noticed.statusCode, noticed.body).toBe(201);
    const waived = await t.call(await t.login(who.username, who.password), {
      method: 'POST',
      url: `/api/my/defence-notices/${noticed.json().defenceNotice.id}/waiver`,
      payload: {},
    });
    expect(waived.statusCode, waived.body).toBe(200);
    const revoked = await t.call(approver, {
      method: 'POST',
      url: `${url}/revoke`,
      payload: { reason: '虚假承诺，撤销食品经营许可' },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);

    // The register lists it for the reviewer; the file is produced from what was recorded.
    const listed = (await t.call(discipline, { method: 'GET', url: '/api/tolerance/cases' })).json().items;
    expect(listed).toEqual([
      expect.objectContaining({ taskId: task.id, official: '李建国', reviewed: false }),
    ]);
    const past = (await t.call(discipline, { method: 'GET', url: '/api/tolerance/cases?page=2' })).json();
    expect(past).toMatchObject({ items: [], total: 1, page: 2 });
    const file = await t.call(discipline, { method: 'GET', url: caseUrl });
    expect(file.statusCode, file.body).toBe(200);
    const c = file.json();
    expect(c).toMatchObject({
      applicationNumber: a.number,
      official: { userId: await me(catalog), name: '李建国' },
      mode: 'enter_then_verify',
      revocation: { reason: '虚假承诺，撤销食品经营许可' },
      decision: { outcome: 'approved', instant: true },
      review: null,
    });
    expect(c.creditCheck.allowedModes).toContain('enter_then_verify');
    expect(c.commitment.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(c.procedure.map((p: { followed: boolean }) => p.followed)).toEqual([true, true, true, true]);
    // Every step in the file is an audit row about the case, and every such row is in the file, in order.
    // Named as people: the account's display name where the actor is an account, else as the trail has it.
    const trail = await queryRows<{ id: number; action: string; actor_name: string | null }>(
      t.database.db,
      sql`select a.id, a.action, coalesce(u.display_name, a.actor_name) as actor_name
           from audit_log a left join user_account u on u.id::text = a.actor_id
           where (a.target_type = 'application' and a.target_id = ${a.id})
              or (a.target_type = 'credit_check' and a.target_id = ${c.creditCheck.checkId})
              or (a.target_type = 'verification_task' and a.target_id = ${task.id})
           order by a.id`,
    );
    expect(
      c.steps.map((s: { auditId: number; action: string; actorName: string | null }) => [
        s.auditId,
        s.action,
        s.actorName,
      ]),
    ).toEqual(trail.map((r) => [Number(r.id), r.action, r.actor_name]));
    expect(c.steps.find((s: { action: string }) => s.action === 'verification.revoke').actorName).toBe(
      '马俊',
    );
    expect(c.steps.map((s: { action: string }) => s.action)).toEqual(
      expect.arrayContaining([
        'credit.check',
        'verification.finding_false_commitment',
        'verification.defence_notice',
        'verification.revoke',
      ]),
    );
    expect(
      c.history
        .filter((h: { source: string }) => h.source === 'verification')
        .map((h: { event: string }) => h.event),
    ).toEqual(['create', 'assign', 'find_false', 'notify_defence', 'waive_defence', 'revoke']);

    // Who may read it: the reviewer and the official; to other staff it does not exist.
    expect((await t.call(catalog, { method: 'GET', url: caseUrl })).statusCode).toBe(200);
    expect((await t.call(catalog, { method: 'GET', url: '/api/tolerance/cases' })).json().items).toHaveLength(
      1,
    );
    for (const other of ['approver_zwfw', 'clerk']) {
      const s = await t.login(other);
      expect((await t.call(s, { method: 'GET', url: caseUrl })).statusCode, other).toBe(404);
      expect((await t.call(s, { method: 'GET', url: '/api/tolerance/cases' })).json().items, other).toEqual(
        [],
      );
    }
    for (const other of ['auditor', 'supervisor', 'inspector']) {
      expect((await t.call(await t.login(other), { method: 'GET', url: caseUrl })).statusCode, other).toBe(
        403,
      );
    }
    expect(
      (await t.call(await t.login(who.username, who.password), { method: 'GET', url: caseUrl })).statusCode,
    ).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: caseUrl })).statusCode).toBe(401);

    // The review: by the reviewing role only, once, with a situation where it exempts or mitigates.
    const reviewUrl = `${caseUrl}/review`;
    const body = {
      situation: 'new_mechanism',
      outcome: 'mitigated',
      reasons: '先入后验为新机制，经办人员依程序办理，申请人隐瞒真实情况',
    };
    expect((await t.call(catalog, { method: 'POST', url: reviewUrl, payload: body })).statusCode).toBe(403);
    expect(
      (await t.call(await t.login('auditor'), { method: 'POST', url: reviewUrl, payload: body })).statusCode,
    ).toBe(403);
    expect(
      (await t.call(discipline, { method: 'POST', url: reviewUrl, payload: { ...body, situation: null } }))
        .statusCode,
    ).toBe(400);
    const reviewed = await t.call(discipline, { method: 'POST', url: reviewUrl, payload: body });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json().review).toMatchObject({
      outcome: 'mitigated',
      outcomeLabel: '减轻',
      situation: 'new_mechanism',
      reviewerName: '白玉梅',
    });
    expect((await t.call(discipline, { method: 'POST', url: reviewUrl, payload: body })).statusCode).toBe(
      409,
    );
    const inbox = (
      await t.call(await t.login('catalog'), { method: 'GET', url: '/api/inbox?pageSize=50' })
    ).json().items;
    expect(inbox.map((i: { title: string }) => i.title)).toContain('容错免责复核结论：减轻');
    expect((await t.call(catalog, { method: 'GET', url: caseUrl })).json().review.outcome).toBe('mitigated');
    // The register (one query for every case) names the official and shows the outcome.
    for (const s of [discipline, catalog]) {
      expect((await t.call(s, { method: 'GET', url: '/api/tolerance/cases' })).json().items).toEqual([
        expect.objectContaining({
          taskId: task.id,
          applicationNumber: a.number,
          official: '李建国',
          reviewed: true,
          outcomeLabel: '减轻',
        }),
      ]);
    }
    const audited = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where action = 'tolerance.review' and target_id = ${task.id}`,
    );
    expect(audited[0]!.n).toBe(1);
  });
});
