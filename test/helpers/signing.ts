import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { SubmitApplication } from '../../src/contracts/applications';
import type { Actor } from '../../src/domain/access';
import { createSigningKey, openSigningKey, signCommitmentText } from '../../src/domain/commitment-signing';
import { type Ctx, runAction } from '../../src/server/context';
import { bindSigningKey } from '../../src/server/modules/applications/bind-signing-key';
import { draftCommitment } from '../../src/server/modules/applications/submit-application';
import type { Session, TestApp } from './app';

type Send = (as: Session | string | null, opts: InjectOptions) => Promise<LightMyRequestResponse>;

export const TEST_PIN = '246810';
/** Keys made in this test process, by public key: what each applicant's own device would keep. */
const held = new Map<string, string>();

/** The applicant's side, as the web app does it: make and bind a key once, then open it with the PIN. */
export async function ensureSigningKey(send: Send, as: Session | string | null): Promise<string> {
  const bound = await send(as, { method: 'GET', url: '/api/signing-key' });
  const known = bound.statusCode === 200 ? (bound.json().publicKey as string) : null;
  if (known && held.has(known)) return known;
  const sealed = await createSigningKey(TEST_PIN);
  held.set(sealed.publicKey, await openSigningKey(sealed, TEST_PIN));
  const put = await send(as, {
    method: 'PUT',
    url: '/api/signing-key',
    payload: { publicKey: sealed.publicKey },
  });
  if (put.statusCode !== 200) throw new Error(`binding a signing key failed: ${put.statusCode} ${put.body}`);
  return sealed.publicKey;
}

/**
 * Adds the applicant's SM2 signature to an online submission that commits and carries none: fetch the draft,
 * sign its exact text with the key this process made for the account. Anything else (a counter case, a
 * refusal the draft already gives, a test that sends its own signature) goes to the server untouched.
 */
export async function signAsApplicant(
  send: Send,
  as: Session | string | null,
  o: InjectOptions,
): Promise<InjectOptions> {
  const m = typeof o.url === 'string' ? /^\/api\/applications\/([^/?]+)\/submit$/.exec(o.url) : null;
  const body = o.payload as Record<string, unknown> | undefined;
  if (!m || o.method !== 'POST' || !body || body.commit !== true || 'signature' in body || body.handwritten) {
    return o;
  }
  const draft = await send(as, {
    method: 'POST',
    url: `/api/applications/${m[1]}/commitment/draft`,
    payload: body,
  });
  if (draft.statusCode !== 200) return o;
  const publicKey = await ensureSigningKey(send, as);
  const { text } = draft.json() as { text: string };
  return { ...o, payload: { ...body, signature: signCommitmentText(text, held.get(publicKey)!, publicKey) } };
}

const heldByUser = new Map<string, { publicKey: string; privateKey: string }>();

/**
 * The same for the factories, which call the actions directly: bind a key made here on first use, draft,
 * and sign the draft's exact text.
 */
export async function signThroughActions(
  t: TestApp,
  actor: Actor,
  applicationId: string,
  input: SubmitApplication,
): Promise<string> {
  const act = <T>(fn: (ctx: Ctx) => Promise<T>) => runAction(t.app.deps, { actor, requestId: null }, fn);
  if (actor.kind !== 'applicant') throw new Error('only an applicant signs online');
  let key = heldByUser.get(actor.userId);
  if (!key) {
    const sealed = await createSigningKey(TEST_PIN);
    key = { publicKey: sealed.publicKey, privateKey: await openSigningKey(sealed, TEST_PIN) };
    await act((ctx) => bindSigningKey(ctx, sealed.publicKey));
    heldByUser.set(actor.userId, key);
  }
  const { text } = await act((ctx) => draftCommitment(ctx, applicationId, input));
  return signCommitmentText(text, key.privateKey, key.publicKey);
}
