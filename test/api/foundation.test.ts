import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { completeResidentId, completeUscc } from '../../src/domain/codes';
import { createTestApp } from '../helpers/app';

const t = await createTestApp();
const departments = async () => {
  const s = await t.login('sysadmin');
  return (await t.call(s, { method: 'GET', url: '/api/departments' })).json().items as {
    id: string;
    code: string;
    kind: string;
  }[];
};
const userCount = async () => {
  const r = await t.database.db.execute(sql`select count(*)::int as n from user_account`);
  return Number((r as unknown as { rows: { n: number }[] }).rows[0]!.n);
};

describe('applicant registration validates codes at the boundary', () => {
  const base = { username: 'newent', password: 'abc12345', displayName: '乌审旗新希望牧业有限公司' };

  it('registers an enterprise with a valid code', async () => {
    const uscc = completeUscc('91150626', 'MA7C3D1K');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/applicants/register',
      payload: { ...base, applicantType: 'enterprise', uscc },
    });
    expect(res.statusCode).toBe(201);
    const s = await t.login('newent', 'abc12345');
    expect((await t.call(s, { method: 'GET', url: '/api/me' })).json()).toMatchObject({
      uscc,
      applicantType: 'enterprise',
    });
    // An unproven account holds nothing: a second one with the same code may be registered …
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/applicants/register',
      payload: { ...base, username: 'newent2', applicantType: 'enterprise', uscc },
    });
    expect(again.statusCode).toBe(201);
    // … but once the subject has a proven account, no further one.
    const proven = await t.provenApplicant({
      applicantType: 'enterprise',
      username: 'newent3',
      displayName: '乌审旗新希望牧业有限公司',
      uscc: completeUscc('91150626', 'MA7C3D9K'),
    });
    expect(proven.cookie).toBeTruthy();
    const third = await t.app.inject({
      method: 'POST',
      url: '/api/applicants/register',
      payload: {
        ...base,
        username: 'newent4',
        applicantType: 'enterprise',
        uscc: completeUscc('91150626', 'MA7C3D9K'),
      },
    });
    expect(third.statusCode).toBe(409);
    expect(third.json().message).toContain('已注册');
  });

  it('refuses a bad USCC saying what is wrong, and writes nothing', async () => {
    const before = await userCount();
    const good = completeUscc('91150626', 'MA7C3D2K');
    const bad = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/applicants/register',
      payload: { ...base, username: 'badent', applicantType: 'enterprise', uscc: bad },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION', details: { field: 'uscc' } });
    expect(res.json().message).toMatch(/^统一社会信用代码有误：校验码错误（第18位应为“.”）$/);
    expect(await userCount()).toBe(before);
  });

  it('registers a person with the resident ID stored protected and shown masked', async () => {
    const id = completeResidentId('15062619920415302');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/applicants/register',
      payload: {
        ...base,
        username: 'newperson',
        displayName: '乌兰',
        applicantType: 'individual',
        residentId: id,
      },
    });
    expect(res.statusCode).toBe(201);
    const me = (
      await t.call(await t.login('newperson', 'abc12345'), { method: 'GET', url: '/api/me' })
    ).json();
    expect(me.residentIdMasked).toBe(`150${'*'.repeat(11)}${id.slice(-4)}`);
    const raw = await t.database.db.execute(sql`select * from user_account where username = 'newperson'`);
    expect(JSON.stringify((raw as unknown as { rows: unknown[] }).rows)).not.toContain(id);
  });

  it('refuses bad resident IDs with the reason', async () => {
    const cases: [string, RegExp][] = [
      [completeResidentId('15062619920231302'), /出生日期/],
      ['15062619920415302', /18位/],
      [
        `${completeResidentId('15062619920415302').slice(0, 17)}${completeResidentId('15062619920415302').endsWith('1') ? '2' : '1'}`,
        /校验码/,
      ],
    ];
    for (const [residentId, reason] of cases) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/applicants/register',
        payload: { ...base, username: 'badperson', applicantType: 'individual', residentId },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(reason);
    }
  });

  it('refuses weak passwords and malformed bodies in Chinese', async () => {
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/applicants/register',
      payload: {
        ...base,
        username: 'weak',
        password: 'abcdefgh',
        applicantType: 'enterprise',
        uscc: completeUscc('91150626', 'MA7C3D3K'),
      },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().message).toContain('字母和数字');
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/applicants/register',
      payload: { username: 'x' },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().code).toBe('VALIDATION');
    expect(missing.json().message).toMatch(/[\u4e00-\u9fa5]/);
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/api/applicants/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().code).toBe('VALIDATION');
  });
});

describe('roles and departments', () => {
  it('only the system administrator creates departments and staff accounts', async () => {
    const clerk = await t.login('clerk');
    const depts = await departments();
    const supervising = depts.find((d) => d.code === 'WSQ-SCJGJ')!;
    const body = {
      username: 'insp3',
      password: 'abc12345',
      displayName: '巴特尔',
      departmentId: supervising.id,
      roles: ['inspector'],
    };
    expect((await t.call(clerk, { method: 'POST', url: '/api/accounts', payload: body })).statusCode).toBe(
      403,
    );
    const admin = await t.login('sysadmin');
    const res = await t.call(admin, { method: 'POST', url: '/api/accounts', payload: body });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      username: 'insp3',
      roles: ['inspector'],
      departmentId: supervising.id,
    });
    const wrongHome = await t.call(admin, {
      method: 'POST',
      url: '/api/accounts',
      payload: { ...body, username: 'insp4', departmentId: depts.find((d) => d.code === 'WSQ-SFJ')!.id },
    });
    expect(wrongHome.statusCode).toBe(400);
  });

  it('staff see their own department and not another', async () => {
    const depts = await departments();
    const market = depts.find((d) => d.code === 'WSQ-SCJGJ')!;
    const health = depts.find((d) => d.code === 'WSQ-WJW')!;
    const supervisor = await t.login('supervisor');
    const own = await t.call(supervisor, {
      method: 'GET',
      url: `/api/departments/${market.id}/staff?page=1&pageSize=2`,
    });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ page: 1, pageSize: 2 });
    expect(own.json().items).toHaveLength(2);
    expect(own.json().total).toBeGreaterThanOrEqual(3);
    const other = await t.call(supervisor, { method: 'GET', url: `/api/departments/${health.id}/staff` });
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toContain('其他部门');
  });

  it('applicants cannot read department data', async () => {
    const ent = await t.login('ent_demo');
    expect((await t.call(ent, { method: 'GET', url: '/api/departments' })).statusCode).toBe(403);
  });
});

describe('API tokens for other departments’ systems', () => {
  it('issues a token shown once, which authenticates until revoked', async () => {
    const depts = await departments();
    const admin = await t.login('sysadmin');
    const clerk = await t.login('clerk');
    const body = {
      name: '市社会信用信息平台',
      departmentId: depts.find((d) => d.kind === 'credit')!.id,
      scopes: ['department.read'],
    };
    expect((await t.call(clerk, { method: 'POST', url: '/api/api-tokens', payload: body })).statusCode).toBe(
      403,
    );
    const bad = await t.call(admin, {
      method: 'POST',
      url: '/api/api-tokens',
      payload: { ...body, scopes: ['account.manage'] },
    });
    expect(bad.statusCode).toBe(400);
    const created = await t.call(admin, { method: 'POST', url: '/api/api-tokens', payload: body });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect((await t.call(token, { method: 'GET', url: '/api/departments' })).statusCode).toBe(200);
    // A token carries only its scopes, and needs no CSRF header.
    expect((await t.call(token, { method: 'POST', url: '/api/departments', payload: {} })).statusCode).toBe(
      403,
    );
    expect((await t.call(admin, { method: 'DELETE', url: `/api/api-tokens/${id}` })).statusCode).toBe(204);
    const after = await t.call(token, { method: 'GET', url: '/api/departments' });
    expect(after.statusCode).toBe(401);
    expect(after.json().message).toContain('吊销');
    expect((await t.call('xyp_not-a-token', { method: 'GET', url: '/api/departments' })).statusCode).toBe(
      401,
    );
  });
});

describe('error model', () => {
  it('unknown routes and bad parameters answer in Chinese with a code', async () => {
    const nf = await t.app.inject({ method: 'GET', url: '/api/nowhere' });
    expect(nf.statusCode).toBe(404);
    expect(nf.json()).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('接口不存在') });
    const s = await t.login('sysadmin');
    const badId = await t.call(s, { method: 'GET', url: '/api/departments/not-a-uuid/staff' });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().code).toBe('VALIDATION');
  });

  it('echoes a sane request id and replaces an unsafe one', async () => {
    const a = await t.app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'req-12345678' },
    });
    expect(a.headers['x-request-id']).toBe('req-12345678');
    const b = await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'bad id\nx' } });
    expect(b.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
