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
import { errorResponses as errors, handlers } from '../../http/route';
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
  const { act, read, publicAct } = handlers(deps);
  return async (app) => {
    // Made now, so the first login of an unknown name takes no longer than any other.
    dummyHash().catch(() => undefined);
    app.post(
      '/api/auth/login',
      {
        config: {
          access: 'public',
          rateLimit: { max: deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' },
        },
        schema: {
          tags,
          summary: '用户名密码登录，设置会话Cookie',
          body: LoginBody,
          response: {
            200: Type.Object({ csrfToken: Type.String(), expiresAt: Type.String() }),
            ...errors,
            423: ErrorResponse,
          },
        },
      },
      async (request, reply) => {
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
    );

    app.post(
      '/api/auth/logout',
      {
        config: { access: 'account.read_self' },
        schema: { tags, summary: '退出登录', response: { 204: Type.Null(), ...errors } },
      },
      async (request, reply) => {
        await act(request, (ctx) => logout(ctx));
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/me',
      {
        config: { access: 'account.read_self' },
        schema: { tags, summary: '当前用户', response: { 200: Me, ...errors } },
      },
      (request) => read(request, (ctx) => me(ctx, request.sessionCsrf)),
    );

    app.post(
      '/api/applicants/register',
      {
        config: {
          access: 'public',
          rateLimit: { max: deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' },
        },
        schema: {
          tags,
          summary: '申请人注册（企业凭统一社会信用代码，自然人、代理人凭公民身份号码）',
          body: RegisterApplicant,
          response: { 201: Type.Object({ id: Uuid, username: Type.String() }), ...errors },
        },
      },
      async (request, reply) => {
        const user = await publicAct(request, (ctx) => registerApplicant(ctx, request.body));
        return reply.status(201).send({ id: user.id, username: user.username });
      },
    );

    app.get(
      '/api/departments',
      {
        config: { access: 'department.read' },
        schema: {
          tags,
          summary: '部门列表',
          response: { 200: Type.Object({ items: Type.Array(Department) }), ...errors },
        },
      },
      (request) => read(request, listDepartments),
    );

    app.post(
      '/api/departments',
      {
        config: { access: 'account.manage' },
        schema: {
          tags,
          summary: '新增部门（系统管理员）',
          body: CreateDepartment,
          response: { 201: Department, ...errors },
        },
      },
      async (request, reply) => {
        const row = await act(request, (ctx) => createDepartment(ctx, request.body));
        return reply.status(201).send(presentDepartment(row));
      },
    );

    app.get(
      '/api/departments/:id/staff',
      {
        config: { access: 'staff.read_department' },
        schema: {
          tags,
          summary: '部门工作人员（仅本部门；系统管理员可查看全部）',
          params: Type.Object({ id: Uuid }),
          querystring: PageQuery,
          response: { 200: Page(StaffAccount), ...errors },
        },
      },
      (request) => read(request, (ctx) => listStaff(ctx, request.params.id, request.query)),
    );

    app.post(
      '/api/accounts',
      {
        config: { access: 'account.manage' },
        schema: {
          tags,
          summary: '新增工作人员账号（系统管理员）',
          body: CreateStaffAccount,
          response: { 201: StaffAccount, ...errors },
        },
      },
      async (request, reply) => {
        const staff = await act(request, async (ctx) =>
          presentStaff(await createStaffAccount(ctx, request.body), ctx.now),
        );
        return reply.status(201).send(staff);
      },
    );

    app.post(
      '/api/accounts/:id/unlock',
      {
        config: { access: 'account.manage' },
        schema: {
          tags,
          summary: '解除账号锁定（系统管理员）',
          params: Type.Object({ id: Uuid }),
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (request, reply) => {
        await act(request, (ctx) => unlockAccount(ctx, request.params.id));
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/api-tokens',
      {
        config: { access: 'token.manage' },
        schema: {
          tags,
          summary: '为其他部门系统签发接口令牌',
          body: CreateApiToken,
          response: { 201: ApiTokenCreated, ...errors },
        },
      },
      async (request, reply) => {
        const created = await act(request, (ctx) => createApiToken(ctx, request.body));
        return reply.status(201).send(created);
      },
    );

    app.delete(
      '/api/api-tokens/:id',
      {
        config: { access: 'token.manage' },
        schema: {
          tags,
          summary: '吊销接口令牌',
          params: Type.Object({ id: Uuid }),
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (request, reply) => {
        await act(request, (ctx) => revokeApiToken(ctx, request.params.id));
        return reply.status(204).send(null);
      },
    );
  };
}
