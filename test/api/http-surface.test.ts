import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { demoApplicants } from '../../src/server/bootstrap';
import { queryRows } from '../../src/server/db/client';
import { createTestApp } from '../helpers/app';
import { uploadMaterials } from '../helpers/files';

const t = await createTestApp();

describe('pages over plain HTTP on a LAN host name', () => {
  it('/docs and the API carry no upgrade-insecure-requests and no HSTS over HTTP', async () => {
    for (const url of ['/docs/', '/docs/static/index.html', '/health']) {
      const res = await t.app.inject({ method: 'GET', url, headers: { host: 'xinyipi.lan:3000' } });
      expect(res.statusCode, url).toBeLessThan(400);
      expect(String(res.headers['content-security-policy']), url).not.toContain('upgrade-insecure-requests');
      expect(res.headers['strict-transport-security'], url).toBeUndefined();
    }
  });

  it('behind a TLS proxy (TRUST_PROXY) the upgrade and HSTS come back, over HTTPS only', async () => {
    const behindProxy = await createTestApp({ config: { trustProxy: true } });
    const https = await behindProxy.app.inject({
      method: 'GET',
      url: '/docs/',
      headers: { host: 'xinyipi.gov.cn', 'x-forwarded-proto': 'https' },
    });
    expect(String(https.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    expect(https.headers['strict-transport-security']).toContain('max-age=');
    const api = await behindProxy.app.inject({
      method: 'GET',
      url: '/health',
      headers: { host: 'xinyipi.gov.cn', 'x-forwarded-proto': 'https' },
    });
    expect(String(api.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    const http = await behindProxy.app.inject({
      method: 'GET',
      url: '/health',
      headers: { host: 'xinyipi.gov.cn' },
    });
    expect(http.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('the OpenAPI document lets Swagger UI log in and write', () => {
  it('declares the CSRF header, who may call each operation, and upload bodies as binary', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.components.securitySchemes.csrf).toEqual(
      expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-csrf-token' }),
    );
    const create = doc.paths['/api/departments'].post;
    expect(create['x-access']).toBe('account.manage');
    expect(create.security).toContainEqual({ session: [], csrf: [] });
    expect(doc.paths['/api/auth/login'].post.security).toEqual([]);
    expect(doc.paths['/api/departments'].get.security).toContainEqual({ session: [] });
    const upload = doc.paths['/api/files'].post.requestBody.content;
    expect(Object.keys(upload)).toEqual(
      expect.arrayContaining(['application/pdf', 'image/png', 'image/jpeg']),
    );
    expect(upload['application/pdf'].schema).toMatchObject({ type: 'string', format: 'binary' });
    expect(doc.paths['/api/catalog/import/xlsx'].post.requestBody.content).toBeDefined();
    // Every upload (a body other than JSON) is declared as a file Swagger UI can pick.
    for (const [path, methods] of Object.entries(doc.paths) as [
      string,
      Record<string, { requestBody?: { content: Record<string, { schema: { format?: string } }> } }>,
    ][]) {
      for (const op of Object.values(methods)) {
        for (const [type, c] of Object.entries(op.requestBody?.content ?? {})) {
          if (type !== 'application/json') expect(c.schema.format, `${path} ${type}`).toBe('binary');
        }
      }
    }
  });
});

describe('validation answers', () => {
  it('reports every error at once, each field named, with the allowed values of an enum', async () => {
    const admin = await t.login('sysadmin');
    const res = await t.call(admin, {
      method: 'POST',
      url: '/api/departments',
      payload: { code: '', name: 5, kind: 'ministry' },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('VALIDATION');
    const fields = body.details.problems.map((p: { field: string }) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining(['body.code', 'body.name', 'body.kind', 'body.regionCode']),
    );
    const kind = body.details.problems.find((p: { field: string }) => p.field === 'body.kind');
    expect(kind.message).toContain('"approving"');
    expect(kind.message).toContain('"service_center"');
    expect(body.message).toMatch(/^请求参数有误（共 \d+ 处）：/);
    expect(body.message).toContain('请求体 kind');
    expect(body.message).toContain('请求体 regionCode 为必填项');
  });

  it('refuses dates that do not exist, huge numbers and NUL characters as a bad field, never 500', async () => {
    const admin = await t.login('sysadmin');
    const cases: [string, string][] = [
      ['/api/calendar/working-day?date=2026-02-30', 'querystring.date'],
      ['/api/calendar/working-day?date=0000-00-00', 'querystring.date'],
      ['/api/calendar/working-day?date=2025-02-29', 'querystring.date'],
      ['/api/inbox?page=1e308', 'querystring.page'],
      ['/api/inbox?page=Infinity', 'querystring.page'],
      ['/api/push/deliveries/99999999999999999999/attempts', 'params.id'],
      ['/api/push/deliveries?page=1&status=%00', 'querystring.status'],
      ['/api/audit?targetType=a%00b', 'querystring.targetType'],
    ];
    const auditor = await t.login('auditor');
    for (const [url, field] of cases) {
      const as = url.startsWith('/api/audit') ? auditor : admin;
      const res = await t.call(as, { method: 'GET', url });
      expect(res.statusCode, `${url} ${res.body}`).toBe(400);
      expect(
        res.json().details.problems.map((p: { field: string }) => p.field),
        url,
      ).toContain(field);
      expect(res.json().message, url).toMatch(/请求参数有误/);
    }
    expect(
      (await t.call(admin, { method: 'GET', url: '/api/calendar/working-day?date=2024-02-29' })).statusCode,
    ).toBe(200);
    const nul = await t.call(admin, {
      method: 'POST',
      url: '/api/departments',
      payload: { code: 'WSQ-NUL', name: '乌审旗\u0000测试局', kind: 'approving', regionCode: '150626' },
    });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().message).toContain('请求体 name 含有空字符');
  });
});

describe('license push', () => {
  it('names the holder by its USCC, and the registered 法定代表人 when none was typed', async () => {
    const ent = await t.login('ent_demo');
    const started = (
      await t.call(ent, { method: 'POST', url: '/api/applications', payload: { itemCode: 'WSQ-ZWFW-001' } })
    ).json().application;
    const submitted = await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${started.id}/submit`,
      payload: {
        mode: 'license_commitment',
        materials: await uploadMaterials(t, ent, [
          '食品经营许可申请书',
          '与食品经营相适应的主要设备设施布局、操作流程等文件',
          '食品安全管理制度目录',
        ]),
        commit: true,
        version: started.version,
      },
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const [lic] = await queryRows<{ payload: Record<string, unknown> }>(
      t.database.db,
      sql`select payload from outbox_message where topic = 'license' order by seq desc limit 1`,
    );
    expect(lic!.payload.统一社会信用代码).toBe(demoApplicants.enterprise.uscc);
    expect(lic!.payload.行政相对人名称).toBe(demoApplicants.enterprise.name);
    expect(lic!.payload.法定代表人).toBe('巴特尔');
    expect(lic!.payload.数据项问题).toBeUndefined();
  });
});
