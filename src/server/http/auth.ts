import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, assertPermission, type Permission } from '../../domain/access';
import { DomainError } from '../../domain/errors';
import type { Deps } from '../context';
import { findApiTokenActor, findSessionActor, type UserRow } from '../modules/accounts/repository';
import { sm3 } from '../security/crypto';

export const SESSION_COOKIE = 'xyp_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Every route under /api says who may call it: 'public' or one permission. */
export type Access = 'public' | Permission;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** The session's account as read with the session, so an action need not read it again. */
    account: UserRow | null;
    /** Set when the caller authenticated with the session cookie; writes must then echo it. */
    sessionCsrf: string | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearer(request: FastifyRequest): string | null {
  const h = request.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  if (!m) throw new DomainError('UNAUTHENTICATED', '授权头格式应为 Bearer <令牌>');
  return m[1]!;
}

export function registerAuth(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('account', null);
  app.decorateRequest('sessionCsrf', null);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && !route.config?.access) {
      throw new Error(`路由 ${route.method} ${route.url} 未声明访问权限`);
    }
  });

  // onRequest, before the body is parsed or validated: a caller who may not call learns nothing of the schema.
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access ?? 'public';
    const token = bearer(request);
    const now = deps.clock();
    if (token) {
      request.actor = await findApiTokenActor(deps.database.db, sm3(token));
      if (!request.actor) throw new DomainError('UNAUTHENTICATED', '接口令牌无效或已吊销');
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) {
        const found = await findSessionActor(deps.database.db, sm3(cookie), now);
        if (found) {
          request.actor = found.actor;
          request.account = found.account;
          request.sessionCsrf = found.csrfToken;
        }
      }
    }
    if (access === 'public') return;
    assertPermission(request.actor, access);
    if (request.sessionCsrf && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      const a = Buffer.from(typeof sent === 'string' ? sent : '');
      const b = Buffer.from(request.sessionCsrf);
      if (a.length !== b.length || !timingSafeEqual(a, b)) {
        throw new DomainError('FORBIDDEN', `缺少或错误的防跨站请求令牌（请求头 ${CSRF_HEADER}）`);
      }
    }
  });
}

/** The caller of a protected route: preHandler has already refused anyone without the permission. */
export function caller(request: FastifyRequest): {
  actor: Actor;
  requestId: string;
  account: UserRow | null;
} {
  if (!request.actor) throw new DomainError('UNAUTHENTICATED', '请先登录');
  return { actor: request.actor, requestId: request.id, account: request.account };
}

/** Where a sign-in came from, kept with its session. */
export const clientOf = (request: FastifyRequest) => ({
  ip: request.ip,
  userAgent: request.headers['user-agent'] ?? null,
});

/** Starts a browser session: a cookie no script of the page can read, sent back to this site only. */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  session: { sessionToken: string; expiresAt: Date },
): void {
  reply.setCookie(SESSION_COOKIE, session.sessionToken, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    expires: session.expiresAt,
  });
}
