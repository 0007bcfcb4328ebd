import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ApiTokenCreated,
  CreateApiToken,
  CreateDepartment,
  CreateStaffAccount,
  Department,
  LoginBody,
  Me,
  RegisterApplicant,
  StaffAccount,
} from '../../../contracts/accounts';
import { ErrorResponse, Page, PageQuery, Uuid } from '../../../contracts/common';
import type { Deps } from '../../context';
import { SESSION_COOKIE } from '../../http/auth';
import { defineRoutes } from '../../http/route';
import { createApiToken, revokeApiToken } from './api-tokens';
import { createDepartment } from './create-department';
import { createStaffAccount } from './create-staff-account';
import { login } from './login';
import { logout } from './logout';
import { dummyHash } from './passwords';
import { presentDepartment, presentStaff } from './present';
import { listDepartments } from './queries/list-departments';
import { listStaff } from './queries/list-staff';
import { me } from './queries/me';
import { registerApplicant } from './register-applicant';
import { unlockAccount } from './unlock-account';

const tags = ['账号与权限'];

export function accountRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return defineRoutes(deps, { tags }, (route, { act, read, publicAct }) => {
    // Made now, so the first login of an unknown name takes no longer than any other.
    dummyHash().catch(() => undefined);
    route.post('/api/auth/login', {
      access: 'public',
      rateLimit: { max: deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' },
      summary: '用户名密码登录，设置会话Cookie',
      body: LoginBody,
      response: {
        200: Type.Object({ csrfToken: Type.String(), expiresAt: Type.String() }),
        423: ErrorResponse,
      },
      handler: async (request, reply) => {
        const r = await login(
          deps,
          { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] ?? null },
          request.id,
        );
        reply.setCookie(SESSION_COOKIE, r.sessionToken, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: request.protocol === 'https',
          expires: r.expiresAt,
        });
        return { csrfToken: r.csrfToken, expiresAt: r.expiresAt.toISOString() };
      },
    });

    route.post('/api/auth/logout', {
      access: 'account.read_self',
      summary: '退出登录',
      response: { 204: Type.Null() },
      handler: async (request, reply) => {
        await act(request, (ctx) => logout(ctx));
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
      },
    });

    route.get('/api/me', {
      access: 'account.read_self',
      summary: '当前用户',
      response: { 200: Me },
      handler: (request) => read(request, (ctx) => me(ctx, request.sessionCsrf)),
    });

    route.post('/api/applicants/register', {
      access: 'public',
      rateLimit: { max: deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' },
      summary: '申请人注册（企业凭统一社会信用代码，自然人、代理人凭公民身份号码）',
      body: RegisterApplicant,
      response: { 201: Type.Object({ id: Uuid, username: Type.String() }) },
      handler: async (request) => {
        const user = await publicAct(request, (ctx) => registerApplicant(ctx, request.body));
        return { id: user.id, username: user.username };
      },
    });

    route.get('/api/departments', {
      access: 'department.read',
      summary: '部门列表',
      response: { 200: Type.Object({ items: Type.Array(Department) }) },
      handler: (request) => read(request, listDepartments),
    });

    route.post('/api/departments', {
      access: 'account.manage',
      summary: '新增部门（系统管理员）',
      body: CreateDepartment,
      response: { 201: Department },
      handler: async (request) => {
        const row = await act(request, (ctx) => createDepartment(ctx, request.body));
        return presentDepartment(row);
      },
    });

    route.get('/api/departments/:id/staff', {
      access: 'staff.read_department',
      summary: '部门工作人员（仅本部门；系统管理员可查看全部）',
      params: Type.Object({ id: Uuid }),
      querystring: PageQuery,
      response: { 200: Page(StaffAccount) },
      handler: (request) => read(request, (ctx) => listStaff(ctx, request.params.id, request.query)),
    });

    route.post('/api/accounts', {
      access: 'account.manage',
      summary: '新增工作人员账号（系统管理员）',
      body: CreateStaffAccount,
      response: { 201: StaffAccount },
      handler: (request) =>
        act(request, async (ctx) => presentStaff(await createStaffAccount(ctx, request.body), ctx.now)),
    });

    route.post('/api/accounts/:id/unlock', {
      access: 'account.manage',
      summary: '解除账号锁定（系统管理员）',
      params: Type.Object({ id: Uuid }),
      response: { 204: Type.Null() },
      handler: async (request) => {
        await act(request, (ctx) => unlockAccount(ctx, request.params.id));
      },
    });

    route.post('/api/api-tokens', {
      access: 'token.manage',
      summary: '为其他部门系统签发接口令牌',
      body: CreateApiToken,
      response: { 201: ApiTokenCreated },
      handler: (request) => act(request, (ctx) => createApiToken(ctx, request.body)),
    });

    route.delete('/api/api-tokens/:id', {
      access: 'token.manage',
      summary: '吊销接口令牌',
      params: Type.Object({ id: Uuid }),
      response: { 204: Type.Null() },
      handler: async (request) => {
        await act(request, (ctx) => revokeApiToken(ctx, request.params.id));
      },
    });
  });
}
