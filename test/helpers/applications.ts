import { expect } from 'vitest';
import type { Session, TestApp } from './app';

/**
 * Starts a case and returns the 201 body. A subject holds one live license per item (15.7): where an
 * earlier test of the file already licensed this subject for the item, the case is started as a change
 * (变更) of that license, which is what the subject would have to do.
 */
export async function startCase(t: TestApp, s: Session | string | null, payload: Record<string, unknown>) {
  let res = await t.call(s, { method: 'POST', url: '/api/applications', payload });
  const held = res.statusCode === 409 ? (res.json().details?.licenseNumber as string | undefined) : undefined;
  if (held && !payload.supersedes) {
    res = await t.call(s, {
      method: 'POST',
      url: '/api/applications',
      payload: { ...payload, supersedes: { kind: 'change', licenseNumber: held } },
    });
  }
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
