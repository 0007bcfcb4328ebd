import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { completeResidentId, completeUscc } from '../../src/domain/codes';
import { queryRows } from '../../src/server/db/client';
import { demoPlatformOnlyEnterprises } from '../../src/server/modules/identity/registry';
import { createTestApp, type Session } from '../helpers/app';
import { freshUscc } from '../helpers/credit';
import { uploadMaterials } from '../helpers/files';
import { followOidc } from '../helpers/oidc';
import { registerEntity } from '../helpers/registry';

/**
 * Who an applicant is comes from the identity platform (OIDC, here the local fake provider over real
 * HTTP) or a clerk's check of documents; names of enterprises from the registry; an agent acts only
 * under a mandate.
 */
const t = await createTestApp({ now: '2026-11-23T02:00:00Z' });
const db = t.database.db;
const FOOD = 'WSQ-ZWFW-001'; // 食品经营许可: license_commitment decides at once; proxy allowed
const FOOD_ASKED = [
  '食品经营许可申请书',
  '与食品经营相适应的主要设备设施布局、操作流程等文件',
  '食品安全管理制度目录',
];
const clerk = await t.login('clerk');
const approver = await t.login('approver');

async function applyForFood(s: Session, extra: Record<string, unknown> = {}) {
  const started = await t.call(s, {
    method: 'POST',
    url: '/api/applications',
    payload: { itemCode: FOOD, ...extra },
  });
  expect(started.statusCode, started.body).toBe(201);
  const a = started.json().application;
  const res = await t.call(s, {
    method: 'POST',
    url: `/api/applications/${a.id}/submit`,
    payload: {
      mode: 'license_commitment',
      materials: await uploadMaterials(t, s, FOOD_ASKED),
      commit: true,
      publishCommitment: false,
      version: a.version,
    },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const status = async (s: Session) => (await t.call(s, { method: 'GET', url: '/api/identity/status' })).json();

describe('logging in through the identity platform', () => {
  it('a person arrives with the verified name and resident ID, applies and is decided', async () => {
    const residentId = completeResidentId('15062619950202301');
    const person = await t.oidcLogin({ sub: 'p-1', subjectType: 'person', name: '额尔敦', residentId });
    const me = (await t.call(person, { method: 'GET', url: '/api/me' })).json();
    expect(me).toMatchObject({ applicantType: 'individual', displayName: '额尔敦' });
    expect(me.residentIdMasked).toMatch(/^150\*{11}/);
    expect(me.permissions).toContain('application.apply');
    expect(await status(person)).toMatchObject({ proof: 'platform', proven: true });
    expect((await t.call(person, { method: 'GET', url: '/api/credit/me' })).statusCode).toBe(200);
    const done = await applyForFood(person);
    expect(done.status).toBe('approved');
    expect(done.license.holderName).toBe('额尔敦');
    // The second login lands on the same account.
    const again = await t.oidcLogin({ sub: 'p-1', subjectType: 'person', name: '额尔敦', residentId });
    expect((await t.call(again, { method: 'GET', url: '/api/me' })).json().id).toBe(me.id);
  });

  it('an enterprise arrives with its USCC; its name is the registry’s, and so is the license holder', async () => {
    const uscc = freshUscc();
    registerEntity(uscc, '乌审旗统一认证餐饮有限公司', '朝格图');
    // The platform calls it by an older name: the registry's wins.
    const ent = await t.oidcLogin({ sub: 'e-1', subjectType: 'enterprise', name: '统一认证餐饮', uscc });
    const me = (await t.call(ent, { method: 'GET', url: '/api/me' })).json();
    expect(me).toMatchObject({
      applicantType: 'enterprise',
      uscc,
      displayName: '乌审旗统一认证餐饮有限公司',
    });
    const done = await applyForFood(ent);
    expect(done.status).toBe('approved');
    expect(done.license.holderName).toBe('乌审旗统一认证餐饮有限公司');
    const [row] = await queryRows<{ rep: string }>(
      db,
      sql`select legal_representative as rep from application where id = ${done.id}`,
    );
    expect(row!.rep).toBe('朝格图');
  });

  it('the demo platform’s new enterprises (for npm start and the browser tests) sign in as the registry names them', async () => {
    for (const [i, e] of demoPlatformOnlyEnterprises.entries()) {
      const r = await followOidc(t.app, `demo-enterprise-new-${i + 1}`);
      expect(r.location).toBe('/portal');
      // Reads only: no CSRF token needed.
      const s = { cookie: `xyp_session=${r.session}`, csrf: '' };
      expect((await t.call(s, { method: 'GET', url: '/api/me' })).json()).toMatchObject({
        applicantType: 'enterprise',
        uscc: e.uscc,
        displayName: e.name,
      });
      expect(await status(s)).toMatchObject({ proof: 'platform', proven: true });
    }
  });

  it('an enterprise the registry does not know is not signed in; a forged answer is refused', async () => {
    const unknown = freshUscc();
    t.app.fakeIdentity!.add({
      sub: 'e-unknown',
      subjectType: 'enterprise',
      name: '查无此企业',
      uscc: unknown,
    });
    const r = await followOidc(t.app, 'e-unknown');
    expect(r.session).toBeNull();
    expect(decodeURIComponent(r.location)).toContain('查无统一社会信用代码');
    const forged = await followOidc(t.app, 'p-1', (u) => u.searchParams.set('state', 'forged'));
    expect(forged.session).toBeNull();
    expect(forged.location).toMatch(/^\/login\?error=/);
    const noCookie = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/callback?code=x&state=y' });
    expect(noCookie.statusCode).toBe(302);
    expect(noCookie.cookies.find((c) => c.name === 'xyp_session')).toBeUndefined();
  });
});

describe('a password account proves nothing until a clerk confirms it', () => {
  it('is refused the subject’s credit file and applying, then confirmed at the counter with the registry’s name', async () => {
    const uscc = freshUscc();
    registerEntity(uscc, '乌审旗真名牧业有限公司', '巴图');
    const reg = await t.call(null, {
      method: 'POST',
      url: '/api/applicants/register',
      payload: {
        applicantType: 'enterprise',
        username: 'typed_name',
        password: 'Xinyipi#2026x',
        displayName: '随便写的名称有限公司',
        uscc,
      },
    });
    expect(reg.statusCode, reg.body).toBe(201);
    // Somebody else may register the same code: an unproven account locks nobody out.
    const squatter = await t.call(null, {
      method: 'POST',
      url: '/api/applicants/register',
      payload: {
        applicantType: 'enterprise',
        username: 'squatter',
        password: 'Xinyipi#2026x',
        displayName: '抢注',
        uscc,
      },
    });
    expect(squatter.statusCode, squatter.body).toBe(201);
    const s = await t.login('typed_name', 'Xinyipi#2026x');
    expect(await status(s)).toMatchObject({ proof: 'none', proven: false });
    const file = await t.call(s, { method: 'GET', url: '/api/credit/me' });
    expect(file.statusCode).toBe(403);
    expect(file.json()).toMatchObject({ details: { reason: 'identity_unproven' } });
    expect(file.json().message).toContain('窗口');
    const apply = await t.call(s, { method: 'POST', url: '/api/applications', payload: { itemCode: FOOD } });
    expect(apply.statusCode).toBe(403);

    const body = { username: 'typed_name', documentKind: 'business_license', code: uscc };
    // Only a window clerk confirms; the code on the document must be the account's.
    expect(
      (await t.call(approver, { method: 'POST', url: '/api/identity/confirmations', payload: body }))
        .statusCode,
    ).toBe(403);
    expect(
      (await t.call(s, { method: 'POST', url: '/api/identity/confirmations', payload: body })).statusCode,
    ).toBe(403);
    const wrong = await t.call(clerk, {
      method: 'POST',
      url: '/api/identity/confirmations',
      payload: { ...body, code: freshUscc() },
    });
    expect(wrong.statusCode).toBe(400);
    const ok = await t.call(clerk, { method: 'POST', url: '/api/identity/confirmations', payload: body });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ proof: 'counter', displayName: '乌审旗真名牧业有限公司' });
    const twice = await t.call(clerk, {
      method: 'POST',
      url: '/api/identity/confirmations',
      payload: { ...body, username: 'squatter' },
    });
    expect(twice.statusCode).toBe(409);

    const rows = await queryRows<{ action: string }>(
      db,
      sql`select action from audit_log where action = 'identity.confirm'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const [conf] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from identity_confirmation`,
    );
    expect(conf!.n).toBeGreaterThan(0);

    expect(await status(s)).toMatchObject({ proof: 'counter', proven: true });
    expect((await t.call(s, { method: 'GET', url: '/api/credit/me' })).statusCode).toBe(200);
    const done = await applyForFood(s);
    expect(done.license.holderName).toBe('乌审旗真名牧业有限公司');
    // The unconfirmed squatter still sees nothing.
    const sq = await t.login('squatter', 'Xinyipi#2026x');
    expect((await t.call(sq, { method: 'GET', url: '/api/credit/me' })).statusCode).toBe(403);
  });
});

describe('names come from the registry', () => {
  it('a typed name or legal representative contradicting the registry is refused; no license carries one', async () => {
    const uscc = freshUscc();
    registerEntity(uscc, '乌审旗登记名称建材有限公司', '苏日娜');
    const counter = (subject: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      t.call(clerk, {
        method: 'POST',
        url: '/api/applications',
        payload: { itemCode: FOOD, subject, ...extra },
      });
    const typed = await counter({ kind: 'enterprise', code: uscc, name: '乌审旗冒名建材有限公司' });
    expect(typed.statusCode).toBe(400);
    expect(typed.json()).toMatchObject({ details: { registeredName: '乌审旗登记名称建材有限公司' } });
    const rep = await counter(
      { kind: 'enterprise', code: uscc, name: '乌审旗登记名称建材有限公司' },
      { legalRepresentative: '张三' },
    );
    expect(rep.statusCode).toBe(400);
    expect(rep.json().message).toContain('苏日娜');
    const unknown = await counter({ kind: 'enterprise', code: freshUscc(), name: '乌审旗无登记有限公司' });
    expect(unknown.statusCode).toBe(412);
    // Written with half-width brackets and spaces, it is the registry's name all the same.
    const ok = await counter({ kind: 'enterprise', code: uscc, name: ' 乌审旗登记名称建材有限公司 ' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().application).toMatchObject({ subjectName: '乌审旗登记名称建材有限公司' });
    const holders = await queryRows<{ holder: string }>(db, sql`select holder_name as holder from license`);
    expect(holders.map((h) => h.holder)).not.toContain('乌审旗冒名建材有限公司');
    expect(holders.map((h) => h.holder)).not.toContain('随便写的名称有限公司');
  });
});

describe('mandates', () => {
  const principalUscc = completeUscc('91150626', 'MA0MD001');
  registerEntity(principalUscc, '乌审旗委托人商贸有限公司', '乌力吉');
  const agentId = completeResidentId('15062619880808202');
  const subject = { kind: 'enterprise', code: principalUscc, name: '乌审旗委托人商贸有限公司' };

  it('an agent without a mandate is refused; with one granted online it succeeds and the letter names it', async () => {
    const principal = await t.oidcLogin({
      sub: 'e-md',
      subjectType: 'enterprise',
      name: '委托人',
      uscc: principalUscc,
    });
    const agent = await t.oidcLogin({
      sub: 'p-agent',
      subjectType: 'person',
      name: '孟克',
      residentId: agentId,
    });
    const refused = await t.call(agent, {
      method: 'POST',
      url: '/api/applications',
      payload: { itemCode: FOOD, subject },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ details: { reason: 'no_mandate' } });

    // Only the principal grants, and only for itself; an unproven account cannot.
    await t.call(null, {
      method: 'POST',
      url: '/api/applicants/register',
      payload: {
        applicantType: 'individual',
        username: 'nobody',
        password: 'Xinyipi#2026x',
        displayName: '某人',
        residentId: completeResidentId('15062619900101301'),
      },
    });
    const nobody = await t.login('nobody', 'Xinyipi#2026x');
    const terms = {
      agentResidentId: agentId,
      agentName: '孟克',
      scope: 'items',
      itemCodes: [FOOD],
      expiresOn: '2027-06-30',
    };
    expect((await t.call(nobody, { method: 'POST', url: '/api/mandates', payload: terms })).statusCode).toBe(
      403,
    );
    expect((await t.call(clerk, { method: 'POST', url: '/api/mandates', payload: terms })).statusCode).toBe(
      403,
    );
    const granted = await t.call(principal, { method: 'POST', url: '/api/mandates', payload: terms });
    expect(granted.statusCode, granted.body).toBe(201);
    const m = granted.json();
    expect(m).toMatchObject({
      status: 'active',
      source: 'online',
      principalName: '乌审旗委托人商贸有限公司',
      agentName: '孟克',
    });
    expect(m.history.map((e: { event: string }) => e.event)).toEqual(['grant']);

    const mine = (await t.call(agent, { method: 'GET', url: '/api/mandates' })).json();
    expect(mine.received.map((x: { id: string }) => x.id)).toContain(m.id);

    const done = await applyForFood(agent, { subject });
    expect(done.status).toBe('approved');
    expect(done.agentName).toBe('孟克');
    expect(done.license.holderName).toBe('乌审旗委托人商贸有限公司');
    const c = (await t.call(agent, { method: 'GET', url: `/api/applications/${done.id}/commitment` })).json();
    expect(c.text).toContain(`代理人：孟克，委托编号${m.number}`);

    // Another item is outside the mandate; after revocation nothing more is done under it.
    const other = await t.call(agent, {
      method: 'POST',
      url: '/api/applications',
      payload: { itemCode: 'WSQ-JTJ-001', subject },
    });
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toContain('范围');
    // The agent cannot revoke it: to it, somebody else's mandate is as unknown as none.
    expect(
      (await t.call(agent, { method: 'POST', url: `/api/mandates/${m.id}/revoke`, payload: { version: 1 } }))
        .statusCode,
    ).toBe(404);
    const revoked = await t.call(principal, {
      method: 'POST',
      url: `/api/mandates/${m.id}/revoke`,
      payload: { version: 1 },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().history.map((e: { event: string }) => e.event)).toEqual(['grant', 'revoke']);
    const after = await t.call(agent, {
      method: 'POST',
      url: '/api/applications',
      payload: { itemCode: FOOD, subject },
    });
    expect(after.statusCode).toBe(403);
    const audit = await queryRows<{ action: string }>(
      db,
      sql`select action from audit_log where target_id = ${m.id}`,
    );
    expect(audit.map((a) => a.action).sort()).toEqual(['mandate.grant', 'mandate.revoke']);
  });

  it('a paper mandate verified by a clerk lets the agent act', async () => {
    const agent = await t.oidcLogin({
      sub: 'p-agent',
      subjectType: 'person',
      name: '孟克',
      residentId: agentId,
    });
    const paper = {
      principal: subject,
      agentResidentId: agentId,
      agentName: '孟克',
      scope: 'all',
      expiresOn: '2027-12-31',
    };
    expect(
      (await t.call(agent, { method: 'POST', url: '/api/mandates/paper', payload: paper })).statusCode,
    ).toBe(403);
    const wrongName = await t.call(clerk, {
      method: 'POST',
      url: '/api/mandates/paper',
      payload: { ...paper, principal: { ...subject, name: '乌审旗别名有限公司' } },
    });
    expect(wrongName.statusCode).toBe(400);
    const rec = await t.call(clerk, { method: 'POST', url: '/api/mandates/paper', payload: paper });
    expect(rec.statusCode, rec.body).toBe(201);
    expect(rec.json()).toMatchObject({ source: 'counter', scope: 'all' });
    const started = await t.call(agent, {
      method: 'POST',
      url: '/api/applications',
      payload: { itemCode: FOOD, subject, supersedes: undefined },
    });
    // The principal already holds this item's license from the first test: a change of it is what is left.
    expect([201, 409]).toContain(started.statusCode);
    if (started.statusCode === 409) expect(started.json().details.licenseNumber).toBeTruthy();
  });
});
