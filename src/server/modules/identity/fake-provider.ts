import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import type { PlatformClaims } from './platform';

/**
 * A stand-in for the province's unified identity service (统一身份认证), run by this project for `npm start`,
 * demos and tests: a real OpenID Connect provider (oidc-provider) on a local port, whose login page lets
 * one pick who to be from the identities it was given. The server talks to it exactly as to the real
 * platform, through openid-client; nothing here is reachable from the application's code otherwise.
 */
export type FakeIdentity = PlatformClaims & { sub: string };

export type FakeIdentityProvider = {
  issuer: string;
  add(identity: FakeIdentity): void;
  close(): Promise<void>;
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const label = (i: FakeIdentity) =>
  i.subjectType === 'person'
    ? `${i.name}（自然人，身份证号 ${i.residentId.slice(0, 6)}********${i.residentId.slice(-4)}）`
    : `${i.name}（法人，统一社会信用代码 ${i.uscc}）`;

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startFakeIdentityProvider(opts: {
  port: number;
  /** Host name put in the issuer URL (the one browsers reach), e.g. localhost. */
  hostname: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  identities: readonly FakeIdentity[];
}): Promise<FakeIdentityProvider> {
  const identities = new Map(opts.identities.map((i) => [i.sub, i]));
  let provider: Provider | null = null;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const p = provider!;
    const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec(req.url ?? '');
    if (!m) return p.callback()(req, res);
    try {
      const details = await p.interactionDetails(req, res);
      if (req.method === 'POST' && m[2]) {
        const form = await readForm(req);
        const who = identities.get(form.get('sub') ?? '');
        if (!who) {
          res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('未知身份');
          return;
        }
        await p.interactionFinished(
          req,
          res,
          { login: { accountId: who.sub } },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      const buttons = [...identities.values()]
        .map(
          (i) =>
            `<li><button type="submit" name="sub" value="${escapeHtml(i.sub)}">${escapeHtml(label(i))}</button></li>`,
        )
        .join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
        `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>统一身份认证（本地模拟）</title></head>
<body style="font-family:sans-serif;max-width:720px;margin:40px auto">
<h1>统一身份认证平台（本地模拟）</h1>
<p>开发、演示和测试用的模拟身份认证服务，选择以哪个已实名核验的身份登录：</p>
<form method="post" action="/interaction/${escapeHtml(details.uid)}/login"><ul style="list-style:none;padding:0;line-height:2.4">${buttons}</ul></form>
</body></html>`,
      );
    } catch (err) {
      res
        .writeHead(400, { 'content-type': 'text/plain; charset=utf-8' })
        .end(`登录会话已失效：${String(err)}`);
    }
  };
  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://${opts.hostname}:${port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: opts.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'fake-idp', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    scopes: ['openid', 'profile', 'identity'],
    claims: {
      openid: ['sub'],
      profile: ['name'],
      identity: ['subject_type', 'resident_id', 'uscc'],
    },
    // The relying party reads the verified claims from the ID token, as the platforms' profiles do.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const who = identities.get(sub);
      if (!who) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          name: who.name,
          subject_type: who.subjectType,
          ...(who.subjectType === 'person' ? { resident_id: who.residentId } : { uscc: who.uscc }),
        }),
      };
    },
    // The platform's own relying parties are not asked for consent: the grant covers what they ask.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const oidc = ctx.oidc;
      const clientId = oidc.client!.clientId;
      const existing = oidc.session?.grantIdFor(clientId);
      if (existing) {
        const found = await oidc.provider.Grant.find(existing);
        if (found) return found;
      }
      const grant = new oidc.provider.Grant({ clientId, accountId: oidc.session!.accountId! });
      grant.addOIDCScope('openid profile identity');
      grant.addOIDCClaims(['name', 'subject_type', 'resident_id', 'uscc']);
      await grant.save();
      return grant;
    },
    renderError: async (ctx, out) => {
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `统一身份认证出错：${out.error}${out.error_description ? `（${out.error_description}）` : ''}`;
    },
  });
  return {
    issuer,
    add: (i) => void identities.set(i.sub, i),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
