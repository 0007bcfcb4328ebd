import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/codes';
import { queryRows } from '../../src/server/db/client';
import { announceDefenceOver } from '../../src/server/modules/verification/jobs';
import { createTestApp, type Session } from '../helpers/app';
import { PDF, upload, uploadMaterials } from '../helpers/files';

/**
 * The assigned inspector reads the case it verifies and keeps its evidence with the task; nobody else
 * gains that access. Before a revocation (and the dishonesty record it brings) the party is told the
 * facts, reasons and basis and may state and defend within the period, or ask for a hearing; the
 * revocation waits for the period, and answers what the party said.
 */
const t = await createTestApp({ now: '2026-11-23T02:00:00Z' });
const db = t.database.db;
const FOOD = 'WSQ-ZWFW-001';
const FOOD_ASKED = [
  '食品经营许可申请书',
  '与食品经营相适应的主要设备设施布局、操作流程等文件',
  '食品安全管理制度目录',
];
const PASSWORD = 'Xyp#2026-process';
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5dd2d2e0000000049454e44ae426082',
  'hex',
);

const admin = await t.login('sysadmin');
const depts = (await t.call(admin, { method: 'GET', url: '/api/departments' })).json();
const list = (depts.items ?? depts) as { id: string; name: string }[];
const centre = list.find((d) => d.name.includes('政务服务'))!;
const samr = list.find((d) => d.name.includes('市场监督'))!;
const staff = async (username: string, departmentId: string, roles: string[]) => {
  const res = await t.call(admin, {
    method: 'POST',
    url: '/api/accounts',
    payload: { username, password: PASSWORD, displayName: '测试人员', departmentId, roles },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};
// 食品经营许可 is approved by the service centre here; a third inspector of the same bureau stays unassigned.
await staff('approver_dp', centre.id, ['approver']);
await staff('inspector_dp', samr.id, ['inspector']);
const as = (username: string) => t.login(username, username.endsWith('_dp') ? PASSWORD : undefined);

let n = 0;
/** A fresh enterprise, registered online, that takes 食品经营许可 on commitment (先入后验: always on site). */
async function decidedCase() {
  const i = ++n;
  const username = `food_ent_${i}`;
  const party = await t.provenApplicant({
    applicantType: 'enterprise',
    username,
    password: PASSWORD,
    displayName: `乌审旗陈述申辩餐饮${i}号有限公司`,
    uscc: completeUscc('91150626', `MA0DP00${i}`),
    legalRepresentative: '巴特尔',
  });
  const started = await t.call(party, {
    method: 'POST',
    url: '/api/applications',
    payload: { itemCode: FOOD, legalRepresentative: '巴特尔' },
  });
  expect(started.statusCode, started.body).toBe(201);
  const a = started.json().application;
  const materials = await uploadMaterials(t, party, FOOD_ASKED);
  const submitted = await t.call(party, {
    method: 'POST',
    url: `/api/applications/${a.id}/submit`,
    payload: {
      mode: 'enter_then_verify',
      materials,
      commit: true,
      publishCommitment: false,
      version: a.version,
    },
  });
  expect(submitted.statusCode, submitted.body).toBe(200);
  const supervisor = await t.login('supervisor');
  const tasks = (
    await t.call(supervisor, { method: 'GET', url: '/api/verification/tasks?pageSize=200' })
  ).json();
  const task = tasks.items.find((x: { applicationId: string }) => x.applicationId === a.id);
  const url = `/api/verification/tasks/${task.id}`;
  const me = async (s: Session) => (await t.call(s, { method: 'GET', url: '/api/me' })).json().id as string;
  const ids = [await me(await t.login('inspector')), await me(await t.login('inspector2'))];
  const assigned = await t.call(supervisor, {
    method: 'POST',
    url: `${url}/assign`,
    payload: { inspectorIds: ids },
  });
  expect(assigned.statusCode, assigned.body).toBe(200);
  return { party, username, application: a, materials, task, url };
}

const falseFinding = async (url: string, evidence: unknown[] = [{ description: '现场检查笔录' }]) =>
  t.call(await t.login('inspector'), {
    method: 'POST',
    url: `${url}/result`,
    payload: { finding: 'false_commitment', summary: '承诺的经营场所不存在', evidence },
  });
const notice = {
  facts: '经现场核查，承诺书所填经营场所不存在，未开展任何食品经营活动',
  reasons: '以虚假承诺取得食品经营许可',
  legalBasis: '《中华人民共和国行政许可法》第六十九条第二款；《食品经营许可和备案管理办法》',
};

describe('inspectors see what they verify, and nobody else', () => {
  it('the assigned inspector reads commitment, materials, decision and license, and uploads evidence; others get 404', async () => {
    const c = await decidedCase();
    const inspector = await t.login('inspector');
    const caseRes = await t.call(inspector, { method: 'GET', url: `${c.url}/case` });
    expect(caseRes.statusCode, caseRes.body).toBe(200);
    const view = caseRes.json();
    expect(view.commitment.text).toContain('乌审旗陈述申辩餐饮1号有限公司');
    expect(view.decision).toMatchObject({ outcome: 'approved', instant: true });
    expect(view.license.number).toMatch(/^XK/);
    const material = view.application.materials.find((m: { fileId: string | null }) => m.fileId);
    expect(material.fileName).toMatch(/\.pdf$/);
    const file = await t.call(inspector, { method: 'GET', url: `${c.url}/files/${material.fileId}` });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PDF)).toBe(true);

    // The same bureau's unassigned inspector, the supervisor who assigned, other departments, the public.
    const other = await as('inspector_dp');
    expect((await t.call(other, { method: 'GET', url: c.url })).statusCode).toBe(404);
    expect((await t.call(other, { method: 'GET', url: `${c.url}/case` })).statusCode).toBe(404);
    expect(
      (await t.call(other, { method: 'GET', url: `${c.url}/files/${material.fileId}` })).statusCode,
    ).toBe(404);
    expect((await t.call(other, { method: 'GET', url: `/api/files/${material.fileId}` })).statusCode).toBe(
      403,
    );
    const supervisor = await t.login('supervisor');
    expect((await t.call(supervisor, { method: 'GET', url: `${c.url}/case` })).statusCode).toBe(404);
    expect(
      (await t.call(supervisor, { method: 'GET', url: `${c.url}/files/${material.fileId}` })).statusCode,
    ).toBe(404);
    expect(
      (await t.call(await t.login('approver_fgw'), { method: 'GET', url: `${c.url}/case` })).statusCode,
    ).toBe(404);
    expect((await t.call(c.party, { method: 'GET', url: `${c.url}/case` })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `${c.url}/case` })).statusCode).toBe(401);
    // A file of another case is not reachable through this task.
    const elsewhere = await upload(t, await t.login('ent_demo'), '其他.pdf');
    expect((await t.call(inspector, { method: 'GET', url: `${c.url}/files/${elsewhere}` })).statusCode).toBe(
      404,
    );

    // Evidence: the inspector's own photo; someone else's file is refused and nothing is written.
    const photo = await upload(t, inspector, '现场照片.png', PNG);
    const foreign = await falseFinding(c.url, [{ description: '申请人材料', fileId: material.fileId }]);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().message).toContain('本人上传');
    expect((await t.call(inspector, { method: 'GET', url: c.url })).json().status).toBe('assigned');
    const found = await falseFinding(c.url, [{ description: '现场照片：经营场所为空置商铺', fileId: photo }]);
    expect(found.statusCode, found.body).toBe(200);
    const detail = (await t.call(await t.login('inspector2'), { method: 'GET', url: c.url })).json();
    expect(detail.evidence).toEqual([
      expect.objectContaining({
        fileId: photo,
        name: '现场照片.png',
        mime: 'image/png',
        event: 'find_false',
      }),
    ]);
    expect(detail.history.at(-1).detail.evidence[0]).toMatchObject({ fileName: '现场照片.png' });
    const shown = await t.call(await t.login('inspector2'), {
      method: 'GET',
      url: `${c.url}/files/${photo}`,
    });
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['content-type']).toBe('image/png');
    // The approving department sees the task and its evidence; the unassigned inspector still nothing.
    expect(
      (await t.call(await as('approver_dp'), { method: 'GET', url: `${c.url}/files/${photo}` })).statusCode,
    ).toBe(200);
    expect((await t.call(other, { method: 'GET', url: `${c.url}/files/${photo}` })).statusCode).toBe(404);
  });
});

describe('陈述申辩 before revocation', () => {
  it('refused before notice and within the period; after the statement and a hearing it succeeds with an answer', async () => {
    const c = await decidedCase();
    expect((await falseFinding(c.url)).statusCode).toBe(200);
    const approver = await as('approver_dp');
    const revoke = (s: Session, payload: Record<string, unknown>) =>
      t.call(s, { method: 'POST', url: `${c.url}/revoke`, payload });
    const reason = { reason: '以虚假承诺取得许可，依法撤销' };
    const noNotice = await revoke(approver, reason);
    expect(noNotice.statusCode).toBe(412);
    expect(noNotice.json().message).toBe('撤销前须先向当事人送达陈述申辩告知书');

    // Only the approving department tells the party.
    for (const who of [await t.login('inspector'), await t.login('supervisor'), c.party]) {
      const res = await t.call(who, { method: 'POST', url: `${c.url}/defence-notice`, payload: notice });
      expect(res.statusCode).toBe(403);
    }
    expect(
      (
        await t.call(await t.login('approver_fgw'), {
          method: 'POST',
          url: `${c.url}/defence-notice`,
          payload: notice,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await t.call(approver, {
          method: 'POST',
          url: `${c.url}/defence-notice`,
          payload: { ...notice, facts: '' },
        })
      ).statusCode,
    ).toBe(400);
    const issued = await t.call(approver, {
      method: 'POST',
      url: `${c.url}/defence-notice`,
      payload: notice,
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const n = issued.json().defenceNotice;
    // 5 working days from Monday 2026-11-23 (policy default); a false commitment is a serious record: hearing right.
    expect(n).toMatchObject({
      periodDays: 5,
      deadline: '2026-11-30',
      hearingRight: true,
      facts: notice.facts,
      legalBasis: notice.legalBasis,
      creditConsequences: [{ kind: 'false_commitment', severity: 'serious' }],
    });
    expect(n.proposedDecision).toContain('撤销“食品经营许可”的审批决定及证照');
    expect(n.rights).toContain('2026-11-30前');
    expect(issued.json().status).toBe('defence');
    expect(
      (await t.call(approver, { method: 'POST', url: `${c.url}/defence-notice`, payload: notice }))
        .statusCode,
    ).toBe(409);

    // The party reads it in its inbox and its notices; nobody else does.
    const titles = (await t.call(c.party, { method: 'GET', url: '/api/inbox' }))
      .json()
      .items.map((i: { title: string }) => i.title);
    expect(titles).toContain(`陈述申辩告知：办件${c.application.number}`);
    const mine = (await t.call(c.party, { method: 'GET', url: '/api/my/defence-notices' })).json();
    expect(mine).toMatchObject({ total: 1 });
    expect(mine.items[0].id).toBe(n.id);
    const stranger = await t.login('person_demo');
    expect(
      (await t.call(stranger, { method: 'GET', url: `/api/my/defence-notices/${n.id}` })).statusCode,
    ).toBe(404);
    expect((await t.call(stranger, { method: 'GET', url: '/api/my/defence-notices' })).json().total).toBe(0);
    expect(
      (await t.call(await t.login('clerk'), { method: 'GET', url: `/api/my/defence-notices/${n.id}` }))
        .statusCode,
    ).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/my/defence-notices' })).statusCode).toBe(401);

    // Within the period, with nothing heard: refused.
    const early = await revoke(approver, reason);
    expect(early.statusCode).toBe(412);
    expect(early.json().message).toContain('2026-11-30');

    // The party states its case and asks for a hearing; someone else cannot, and it is said once.
    const statement = { statement: '经营场所正在装修，并非不存在，请求听证', requestHearing: true };
    expect(
      (
        await t.call(stranger, {
          method: 'POST',
          url: `/api/my/defence-notices/${n.id}/statement`,
          payload: statement,
        })
      ).statusCode,
    ).toBe(404);
    const proof = await upload(t, c.party, '装修合同.pdf');
    const stated = await t.call(c.party, {
      method: 'POST',
      url: `/api/my/defence-notices/${n.id}/statement`,
      payload: { ...statement, fileIds: [proof] },
    });
    expect(stated.statusCode, stated.body).toBe(200);
    expect(stated.json()).toMatchObject({ statementChannel: 'online', statementFileIds: [proof] });
    expect(stated.json().hearingRequestedAt).not.toBeNull();
    const again = await t.call(c.party, {
      method: 'POST',
      url: `/api/my/defence-notices/${n.id}/statement`,
      payload: { statement: '补充意见' },
    });
    expect(again.statusCode).toBe(412);
    expect(again.json().message).toContain('不能重复提交');
    // The approving department reads the statement's file through the task.
    expect((await t.call(approver, { method: 'GET', url: `${c.url}/files/${proof}` })).statusCode).toBe(200);

    // A requested hearing holds the revocation until its record is entered — even after the period.
    await t.clock.set('2026-12-02T02:00:00Z');
    const held = await revoke(await as('approver_dp'), { ...reason, defenceReply: '申辩不成立' });
    expect(held.statusCode).toBe(412);
    expect(held.json().message).toContain('听证');
    const hearing = {
      heldOn: '2026-12-01',
      host: '郑红梅',
      participants: '当事人法定代表人巴特尔；核查人员孙立军',
      summary: '当事人称场所装修，未能提供装修前的经营证明',
    };
    const approverNow = await as('approver_dp');
    expect(
      (
        await t.call(await t.login('inspector'), {
          method: 'POST',
          url: `${c.url}/hearing`,
          payload: hearing,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.call(approverNow, {
          method: 'POST',
          url: `${c.url}/hearing`,
          payload: { ...hearing, heldOn: '2026-12-05' },
        })
      ).statusCode,
    ).toBe(400);
    const recorded = await t.call(approverNow, { method: 'POST', url: `${c.url}/hearing`, payload: hearing });
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect(recorded.json().defenceNotice.hearing).toMatchObject({ heldOn: '2026-12-01', host: '郑红梅' });

    // The revocation must answer the party.
    const unanswered = await revoke(approverNow, reason);
    expect(unanswered.statusCode).toBe(400);
    expect(unanswered.json().message).toContain('答复');
    const reply = '装修说明与现场情况不符，听证中亦未能提供经营证明，申辩理由不成立，不予采纳';
    const done = await revoke(approverNow, { ...reason, defenceReply: reply });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().status).toBe('revoked');
    const after = (await t.call(approverNow, { method: 'GET', url: c.url })).json();
    expect(after.defenceNotice).toMatchObject({ reply, status: '已作出决定并答复陈述申辩意见' });
    expect(after.history.map((h: { event: string }) => h.event)).toEqual([
      'create',
      'assign',
      'find_false',
      'notify_defence',
      'state_defence',
      'request_hearing',
      'record_hearing',
      'revoke',
    ]);
    const audited = await queryRows<{ action: string }>(
      db,
      sql`select action from audit_log where target_id = ${c.task.id} order by id`,
    );
    expect(audited.map((a) => a.action)).toEqual([
      'verification.create',
      'verification.assign',
      'verification.finding_false_commitment',
      'verification.defence_notice',
      'verification.defence_statement',
      'verification.hearing_record',
      'verification.revoke',
    ]);
  });

  it('without a statement the revocation waits for the period to end; a late statement is refused', async () => {
    await t.clock.set('2026-12-02T02:00:00Z');
    const c = await decidedCase();
    expect((await falseFinding(c.url)).statusCode).toBe(200);
    const issued = await t.call(await as('approver_dp'), {
      method: 'POST',
      url: `${c.url}/defence-notice`,
      payload: notice,
    });
    expect(issued.statusCode).toBe(201);
    const n = issued.json().defenceNotice;
    expect(n.deadline).toBe('2026-12-09');
    const reason = { reason: '以虚假承诺取得许可，依法撤销' };
    await t.clock.set('2026-12-09T15:59:00Z');
    expect(
      (await t.call(await as('approver_dp'), { method: 'POST', url: `${c.url}/revoke`, payload: reason }))
        .statusCode,
    ).toBe(412);
    await t.clock.set('2026-12-09T16:00:00Z');
    const late = await t.call(await t.login(c.username, PASSWORD), {
      method: 'POST',
      url: `/api/my/defence-notices/${n.id}/statement`,
      payload: { statement: '迟到的意见' },
    });
    expect(late.statusCode).toBe(412);
    expect(late.json().message).toContain('届满');
    // The deadline job tells the approving department, once, while the decision is still open.
    const told = async () =>
      (await t.call(await as('approver_dp'), { method: 'GET', url: '/api/inbox?pageSize=100' }))
        .json()
        .items.filter((i: { title: string }) => i.title.startsWith('陈述申辩期限已届满')).length;
    const before = await told();
    await announceDefenceOver(t.app.deps, c.task.id);
    expect(await told()).toBe(before + 1);
    const done = await t.call(await as('approver_dp'), {
      method: 'POST',
      url: `${c.url}/revoke`,
      payload: reason,
    });
    expect(done.statusCode, done.body).toBe(200);
    await announceDefenceOver(t.app.deps, c.task.id);
    expect(await told()).toBe(before + 1);
    const rows = await queryRows<{ kind: string; severity: string }>(
      db,
      sql`select kind, severity from credit_record where application_id = ${c.application.id}`,
    );
    expect(rows).toEqual([{ kind: 'false_commitment', severity: 'serious' }]);
  });

  it('a party that waives in writing can be decided on at once; a statement on paper is recorded by the department', async () => {
    await t.clock.set('2026-12-10T02:00:00Z');
    const c = await decidedCase();
    expect((await falseFinding(c.url)).statusCode).toBe(200);
    const approver = await as('approver_dp');
    const n = (
      await t.call(approver, { method: 'POST', url: `${c.url}/defence-notice`, payload: notice })
    ).json().defenceNotice;
    const waiver = (s: Session | null) =>
      t.call(s, {
        method: 'POST',
        url: `/api/my/defence-notices/${n.id}/waiver`,
        payload: { note: '对认定事实无异议' },
      });
    expect((await waiver(await t.login('ent_demo'))).statusCode).toBe(404);
    expect((await waiver(approver)).statusCode).toBe(403);
    expect((await waiver(null)).statusCode).toBe(401);
    const waived = await waiver(c.party);
    expect(waived.statusCode, waived.body).toBe(200);
    expect(waived.json().status).toBe('当事人已放弃陈述申辩');
    // Nothing to answer, so no reply is needed; the period has not run.
    const done = await t.call(approver, {
      method: 'POST',
      url: `${c.url}/revoke`,
      payload: { reason: '以虚假承诺取得许可，依法撤销' },
    });
    expect(done.statusCode, done.body).toBe(200);

    // A counter case's party may hand in its statement on paper: the department records it.
    const d = await decidedCase();
    expect((await falseFinding(d.url)).statusCode).toBe(200);
    expect(
      (await t.call(approver, { method: 'POST', url: `${d.url}/defence-notice`, payload: notice }))
        .statusCode,
    ).toBe(201);
    const paper = { statement: '书面陈述：场所系临时停业', channel: 'written' };
    expect(
      (
        await t.call(await t.login('inspector'), {
          method: 'POST',
          url: `${d.url}/defence-statement`,
          payload: paper,
        })
      ).statusCode,
    ).toBe(403);
    const recorded = await t.call(approver, {
      method: 'POST',
      url: `${d.url}/defence-statement`,
      payload: paper,
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect(recorded.json().defenceNotice).toMatchObject({
      statementChannel: 'written',
      statement: paper.statement,
    });
    const reply = await t.call(approver, {
      method: 'POST',
      url: `${d.url}/revoke`,
      payload: {
        reason: '以虚假承诺取得许可，依法撤销',
        defenceReply: '临时停业不能说明承诺的经营场所真实存在，不予采纳',
      },
    });
    expect(reply.statusCode, reply.body).toBe(200);
  });

  it('persuaded by the party, the department closes the task without revocation or record', async () => {
    await t.clock.set('2026-12-14T02:00:00Z');
    const c = await decidedCase();
    expect((await falseFinding(c.url)).statusCode).toBe(200);
    const approver = await as('approver_dp');
    const n = (
      await t.call(approver, { method: 'POST', url: `${c.url}/defence-notice`, payload: notice })
    ).json().defenceNotice;
    const stated = await t.call(c.party, {
      method: 'POST',
      url: `/api/my/defence-notices/${n.id}/statement`,
      payload: { statement: '经营场所位于二楼，核查人员误到一楼空置商铺，附租赁合同' },
    });
    expect(stated.statusCode, stated.body).toBe(200);
    const accept = { defenceReply: '经复核，经营场所真实存在，原核查结论有误，采纳陈述申辩意见' };
    for (const who of [await t.login('inspector'), await t.login('supervisor'), c.party]) {
      expect(
        (await t.call(who, { method: 'POST', url: `${c.url}/accept-defence`, payload: accept })).statusCode,
      ).toBe(403);
    }
    expect(
      (
        await t.call(approver, {
          method: 'POST',
          url: `${c.url}/accept-defence`,
          payload: { defenceReply: '' },
        })
      ).statusCode,
    ).toBe(400);
    const done = await t.call(approver, { method: 'POST', url: `${c.url}/accept-defence`, payload: accept });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'defence_accepted',
      defenceNotice: { reply: accept.defenceReply },
    });
    expect(
      (
        await t.call(approver, {
          method: 'POST',
          url: `${c.url}/revoke`,
          payload: { reason: '以虚假承诺取得许可，依法撤销', defenceReply: '不予采纳' },
        })
      ).statusCode,
    ).toBe(409);
    const records = await queryRows<{ id: string }>(
      db,
      sql`select id from credit_record where application_id = ${c.application.id}`,
    );
    expect(records).toEqual([]);
    const app = (
      await t.call(c.party, { method: 'GET', url: `/api/applications/${c.application.id}` })
    ).json();
    expect(app.status).toBe('approved');
    const titles = (await t.call(c.party, { method: 'GET', url: '/api/inbox' }))
      .json()
      .items.map((i: { title: string }) => i.title);
    expect(titles).toContain(`不予撤销：办件${c.application.number}`);
    const audited = await queryRows<{ action: string }>(
      db,
      sql`select action from audit_log where target_id = ${c.task.id} order by id`,
    );
    expect(audited.map((a) => a.action).at(-1)).toBe('verification.defence_accept');
  });
});
