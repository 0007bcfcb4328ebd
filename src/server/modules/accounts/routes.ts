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
import { ErrorResponse, IdParams, List, Page, PageQuery, Uuid } from '../../../contracts/common';
import { clientOf, SESSION_COOKIE, setSessionCookie } from '../../http/auth';
import { createFrom, defineRoutes, doneOnId, presented } from '../../http/route';
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

export const accountRoutes = defineRoutes({ tags: ['账号与权限'] }, (route, { act, deps }) => {
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
      const r = await login(deps, { ...request.body, ...clientOf(request) }, request.id);
      setSessionCookie(request, reply, r);
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
    read: (ctx, { sessionCsrf }) => me(ctx, sessionCsrf),
  });

  route.post('/api/applicants/register', {
    access: 'public',
    rateLimit: { max: deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' },
    summary: '申请人注册（企业凭统一社会信用代码，自然人、代理人凭公民身份号码）',
    body: RegisterApplicant,
    response: { 201: Type.Object({ id: Uuid, username: Type.String() }) },
    publicAct: async (ctx, { body }) => {
      const user = await registerApplicant(ctx, body);
      return { id: user.id, username: user.username };
    },
  });

  route.get('/api/departments', {
    access: 'department.read',
    summary: '部门列表',
    response: { 200: List(Department) },
    read: listDepartments,
  });

  route.post('/api/departments', {
    access: 'account.manage',
    summary: '新增部门（系统管理员）',
    ...createFrom(CreateDepartment, Department, presented(createDepartment, presentDepartment)),
  });

  route.get('/api/departments/:id/staff', {
    access: 'staff.read_department',
    summary: '部门工作人员（仅本部门；系统管理员可查看全部）',
    params: IdParams,
    querystring: PageQuery,
    response: { 200: Page(StaffAccount) },
    read: (ctx, { params, query }) => listStaff(ctx, params.id, query),
  });

  route.post('/api/accounts', {
    access: 'account.manage',
    summary: '新增工作人员账号（系统管理员）',
    ...createFrom(
      CreateStaffAccount,
      StaffAccount,
      presented(createStaffAccount, (user, ctx) => presentStaff(user, ctx.now)),
    ),
  });

  route.post('/api/accounts/:id/unlock', {
    access: 'account.manage',
    summary: '解除账号锁定（系统管理员）',
    ...doneOnId(unlockAccount),
  });

  route.post('/api/api-tokens', {
    access: 'token.manage',
    summary: '为其他部门系统签发接口令牌',
    ...createFrom(CreateApiToken, ApiTokenCreated, createApiToken),
  });

  route.delete('/api/api-tokens/:id', {
    access: 'token.manage',
    summary: '吊销接口令牌',
    ...doneOnId(revokeApiToken),
  });
});
