import * as oidc from 'openid-client';
import { DomainError } from '../../../domain/errors';

/** What the identity platform vouches for: a person's verified name and resident ID, or an enterprise. */
export type PlatformClaims =
  | { subjectType: 'person'; name: string; residentId: string }
  | { subjectType: 'enterprise'; name: string; uscc: string };

/** Kept by the browser (sealed in a cookie) between the redirect to the platform and its answer. */
export type PendingLogin = { state: string; nonce: string; verifier: string };

/** The province's unified identity service (统一身份认证) as this system uses it. */
export type IdentityPlatform = {
  /** Where to send the browser, and what must come back with it. */
  start(redirectUri: string): Promise<{ url: string; pending: PendingLogin }>;
  /** The platform's answer at the callback URL: its subject identifier and the verified claims. */
  finish(callbackUrl: URL, pending: PendingLogin): Promise<{ subject: string; claims: PlatformClaims }>;
};

const refused = (why: string) => new DomainError('UNAUTHENTICATED', `统一身份认证登录未完成：${why}`);

/** Maps the platform's claims (国家政务服务平台 style names) to ours; anything missing is refused. */
export function claimsOf(c: Record<string, unknown>): PlatformClaims {
  const name = typeof c.name === 'string' ? c.name.trim() : '';
  if (!name) throw refused('身份认证平台未提供姓名或名称');
  if (c.subject_type === 'person' && typeof c.resident_id === 'string') {
    return { subjectType: 'person', name, residentId: c.resident_id.toUpperCase() };
  }
  if (c.subject_type === 'enterprise' && typeof c.uscc === 'string') {
    return { subjectType: 'enterprise', name, uscc: c.uscc.toUpperCase() };
  }
  throw refused('身份认证平台未提供公民身份号码或统一社会信用代码');
}

/**
 * OpenID Connect authorization code flow with PKCE, state and nonce, through openid-client. The
 * provider's metadata is discovered on first use (and again after a failure), not at start-up, so the
 * server starts while the platform is down.
 */
export class OidcIdentityPlatform implements IdentityPlatform {
  private config: Promise<oidc.Configuration> | null = null;

  constructor(
    private readonly issuer: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
  ) {}

  private configuration(): Promise<oidc.Configuration> {
    if (!this.config) {
      const url = new URL(this.issuer);
      this.config = oidc
        .discovery(
          url,
          this.clientId,
          this.clientSecret,
          undefined,
          // Plain HTTP only for a provider on this machine (the local fake one).
          url.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined,
        )
        .catch((err) => {
          this.config = null;
          throw new DomainError('UNAVAILABLE', '统一身份认证平台暂时无法访问，请稍后再试', {
            cause: String(err),
          });
        });
    }
    return this.config;
  }

  async start(redirectUri: string): Promise<{ url: string; pending: PendingLogin }> {
    const config = await this.configuration();
    const pending = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile identity',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, pending };
  }

  async finish(
    callbackUrl: URL,
    pending: PendingLogin,
  ): Promise<{ subject: string; claims: PlatformClaims }> {
    const config = await this.configuration();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      throw refused(err instanceof Error ? err.message : String(err));
    }
    const claims = tokens.claims();
    if (!claims) throw refused('身份认证平台未返回身份令牌');
    return { subject: `${claims.iss}#${claims.sub}`, claims: claimsOf(claims) };
  }
}
