import { Type } from 'typebox';
import { ErrorResponse } from '../../../contracts/common';
import { ConfirmIdentity, IdentityConfirmation, IdentityStatus } from '../../../contracts/identity';
import { DomainError, isDomainError } from '../../../domain/errors';
import type { Config } from '../../config';
import { clientOf, setSessionCookie } from '../../http/auth';
import { defineRoutes } from '../../http/route';
import { confirmIdentity } from './confirm-identity';
import type { PendingLogin } from './platform';
import { identityStatus } from './queries/identity-status';
import { signInWithPlatform } from './sign-in-with-platform';

const PENDING_COOKIE = 'xyp_oidc';
const PENDING_PATH = '/api/auth/oidc';

/** Where the identity platform sends the browser back; registered with the platform as is. */
export const oidcRedirectUri = (config: Config): string =>
  `${config.publicBaseUrl.replace(/\/$/, '')}/api/auth/oidc/callback`;

/** Only a path of this site: an open redirect would let a link send a fresh session's owner anywhere. */
const safeReturn = (to: string | undefined): string =>
  to && /^\/(?![/\\])/.test(to) && !/[\r\n]/.test(to) ? to : '/';

export const identityRoutes = defineRoutes({ tags: ['身份核验'] }, (route, { deps }) => {
  route.get('/api/auth/oidc/start', {
    access: 'public',
    summary: '统一身份认证登录：转到身份认证平台',
    querystring: Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 500 })) }),
    response: { 302: Type.Null(), 503: ErrorResponse },
    handler: async (request, reply) => {
      const { url, pending } = await deps.identity.start(oidcRedirectUri(deps.config));
      // The state, nonce and PKCE verifier ride in a sealed cookie: nothing is stored for a login
      // that is never finished.
      const sealed = deps.crypto.encrypt(
        JSON.stringify({ ...pending, returnTo: safeReturn(request.query.returnTo) }),
      );
      reply.setCookie(PENDING_COOKIE, sealed, {
        path: PENDING_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        maxAge: 600,
      });
      return reply.redirect(url, 302);
    },
  });

  route.get('/api/auth/oidc/callback', {
    access: 'public',
    rateLimit: { max: deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' },
    summary: '统一身份认证回调：核对身份令牌，建立会话后回到网站',
    // Named so the OpenAPI document describes them; the provider may add others, checked by openid-client.
    querystring: Type.Object(
      {
        code: Type.Optional(Type.String({ description: '授权码' })),
        state: Type.Optional(Type.String()),
        iss: Type.Optional(Type.String()),
        error: Type.Optional(Type.String()),
        error_description: Type.Optional(Type.String()),
      },
      { additionalProperties: true },
    ),
    response: { 302: Type.Null() },
    handler: async (request, reply) => {
      reply.clearCookie(PENDING_COOKIE, { path: PENDING_PATH });
      let returnTo = '/';
      try {
        const sealed = request.cookies[PENDING_COOKIE];
        if (!sealed) throw new DomainError('UNAUTHENTICATED', '登录已超时，请重新登录');
        let pending: PendingLogin & { returnTo: string };
        try {
          pending = JSON.parse(deps.crypto.decrypt(sealed));
        } catch {
          throw new DomainError('UNAUTHENTICATED', '登录状态无效，请重新登录');
        }
        returnTo = safeReturn(pending.returnTo);
        const callbackUrl = new URL(request.url, deps.config.publicBaseUrl);
        const found = await deps.identity.finish(callbackUrl, pending);
        const r = await signInWithPlatform(deps, found, clientOf(request), request.id);
        setSessionCookie(request, reply, r);
        return reply.redirect(returnTo, 302);
      } catch (e) {
        if (!isDomainError(e)) throw e;
        request.log.warn({ code: e.code, details: e.details }, '统一身份认证登录未完成');
        return reply.redirect(`/login?error=${encodeURIComponent(e.message)}`, 302);
      }
    },
  });

  route.get('/api/identity/status', {
    access: 'account.read_self',
    summary: '本人账号的身份核验状态（申请人）',
    response: { 200: IdentityStatus },
    read: identityStatus,
  });

  route.post('/api/identity/confirmations', {
    access: 'identity.confirm',
    summary: '窗口核验申请人账号的身份（查验证件原件后）',
    body: ConfirmIdentity,
    response: { 201: IdentityConfirmation, 412: ErrorResponse },
    act: async (ctx, { body }) => {
      const user = await confirmIdentity(ctx, body);
      return {
        userId: user.id,
        username: user.username,
        displayName: user.displayName,
        proof: user.identityProof,
        confirmedAt: user.identityProvenAt!.toISOString(),
      };
    },
  });
});
