import type { FastifyInstance } from 'fastify';

/**
 * What a browser does for 统一身份认证登录: start at the app, follow the redirects through the local fake
 * identity provider (over real HTTP, keeping its cookies), pick the identity on its login page, and bring
 * the code back to the app's callback. Returns the session cookie the app set, or where it sent the
 * browser instead.
 */
export async function followOidc(
  app: FastifyInstance,
  sub: string,
  tamper?: (callback: URL) => void,
): Promise<{ session: string | null; location: string }> {
  const start = await app.inject({ method: 'GET', url: '/api/auth/oidc/start?returnTo=/portal' });
  if (start.statusCode !== 302) throw new Error(`oidc start: ${start.statusCode} ${start.body}`);
  const pending = start.cookies.find((c) => c.name === 'xyp_oidc')!.value;
  const base = app.deps.config.publicBaseUrl;
  const jar = new Map<string, string>();
  let url = String(start.headers.location);
  let form: URLSearchParams | null = null;
  for (let i = 0; i < 12 && !url.startsWith(base); i++) {
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: form.toString() } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    form = null;
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).href;
      continue;
    }
    const html = await res.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html);
    if (res.status !== 200 || !action)
      throw new Error(`identity provider: ${res.status} ${html.slice(0, 300)}`);
    url = new URL(action[1]!, url).href;
    form = new URLSearchParams({ sub });
  }
  const callback = new URL(url);
  tamper?.(callback);
  const done = await app.inject({
    method: 'GET',
    url: `${callback.pathname}${callback.search}`,
    cookies: { xyp_oidc: pending },
  });
  const session = done.cookies.find((c) => c.name === 'xyp_session')?.value ?? null;
  return { session, location: String(done.headers.location) };
}
