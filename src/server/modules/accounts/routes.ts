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
import { departmentKindLabels } from '../../../contracts/enums';
import { assertSameDepartment, hasPermission, permissions } from '../../../domain/access';
import { maskPhone } from '../../../domain/codes';
import { DomainError } from '../../../domain/errors';
import { type Deps, readContext, runAction, systemActor } from '../../context';
import { caller, SESSION_COOKIE } from '../../http/auth';
import { createApiToken, revokeApiToken } from './api-tokens';
import { createDepartment } from './create-department';
import { createStaffAccount } from './create-staff-account';
import { login } from './login';
import { logout } from './logout';
import { dummyHash } from './passwords';
import { registerApplicant } from './register-applicant';
import {
  type DepartmentRow,
  findDepartment,
  findUserById,
  listDepartments,
  listStaff,
  type UserRow,
} from './repository';
import { unlockAccount } from './unlock-account';

const tags = ['账号与权限'];
const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};

const toDepartment = (d: DepartmentRow) => ({ ...d, kindLabel: departmentKindLabels[d.kind] });
const toStaff = (u: UserRow, now: Date) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  departmentId: u.departmentId!,
  roles: u.roles,
  active: u.active,
  locked: !!u.lockedUntil && u.lockedUntil > now,
  phoneMasked: u.phone ? maskPhone(u.phone) : null,
});

export function accountRoutes(deps: Deps): FastifyPluginAsyncTypebox {
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
        await runAction(deps, caller(request), (ctx) => logout(ctx));
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
      async (request) => {
        const { actor } = caller(request);
        const granted = permissions.filter((p) => hasPermission(actor, p));
        if (actor.kind === 'token') {
          const dept = await findDepartment(deps.database.db, actor.departmentId);
          return {
            kind: 'token',
            id: actor.tokenId,
            username: actor.name,
            displayName: actor.name,
            departmentId: actor.departmentId,
            departmentName: dept?.name ?? null,
            roles: [],
            applicantType: null,
            uscc: null,
            residentIdMasked: null,
            phoneMasked: null,
            permissions: granted,
            csrfToken: null,
          };
        }
        if (actor.kind === 'system') throw new DomainError('FORBIDDEN', '系统身份没有用户信息');
        const user = await findUserById(deps.database.db, actor.userId);
        if (!user) throw new DomainError('NOT_FOUND', '账号不存在');
        const dept = user.departmentId
          ? await findDepartment(deps.database.db, user.departmentId)
          : undefined;
        return {
          kind: user.kind,
          id: user.id,
          username: user.username,
          displayName: user.displayName,
          departmentId: user.departmentId,
          departmentName: dept?.name ?? null,
          roles: user.roles,
          applicantType: user.applicantType,
          uscc: user.uscc,
          residentIdMasked: user.residentIdMasked,
          phoneMasked: user.phone ? maskPhone(user.phone) : null,
          permissions: granted,
          csrfToken: request.sessionCsrf,
        };
      },
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
        const user = await runAction(deps, { actor: systemActor('自助注册'), requestId: request.id }, (ctx) =>
          registerApplicant(ctx, request.body),
        );
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
      async () => ({ items: (await listDepartments(deps.database.db)).map(toDepartment) }),
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
        const row = await runAction(deps, caller(request), (ctx) => createDepartment(ctx, request.body));
        return reply.status(201).send(toDepartment(row));
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
      async (request) => {
        const ctx = readContext(deps, caller(request));
        if (!hasPermission(ctx.actor, 'account.manage')) assertSameDepartment(ctx.actor, request.params.id);
        const { page, pageSize } = request.query;
        const { rows, total } = await listStaff(ctx.db, request.params.id, page, pageSize);
        return { items: rows.map((u) => toStaff(u, ctx.now)), total, page, pageSize };
      },
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
        const ctx = caller(request);
        const user = await runAction(deps, ctx, (c) => createStaffAccount(c, request.body));
        return reply.status(201).send(toStaff(user, deps.clock()));
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
        await runAction(deps, caller(request), (ctx) => unlockAccount(ctx, request.params.id));
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
        const created = await runAction(deps, caller(request), (ctx) => createApiToken(ctx, request.body));
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
        await runAction(deps, caller(request), (ctx) => revokeApiToken(ctx, request.params.id));
        return reply.status(204).send(null);
      },
    );
  };
}
