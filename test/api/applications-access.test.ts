import { describe, expect, it } from 'vitest';
import type { Session } from '../helpers/app';
import { applicationsScene, FOOD } from '../helpers/applications';
import { application } from '../helpers/factories';
import { PDF } from '../helpers/files';

const { t, ent, person, clerk, approver, approverFgw, inspector, start } = await applicationsScene();

describe('applications', () => {
  it('refuses callers who may not', async () => {
    expect(
      (await t.call(null, { method: 'POST', url: '/api/applications', payload: { itemCode: FOOD } }))
        .statusCode,
    ).toBe(401);
    expect(
      (await t.call(inspector, { method: 'POST', url: '/api/applications', payload: { itemCode: FOOD } }))
        .statusCode,
    ).toBe(403);
    expect((await t.call(ent, { method: 'GET', url: '/api/applications' })).statusCode).toBe(403);
    expect((await t.call(inspector, { method: 'GET', url: '/api/applications' })).statusCode).toBe(403);
    expect((await t.call(clerk, { method: 'GET', url: '/api/my/applications' })).statusCode).toBe(403);
    const a = (await start(ent, FOOD)).application;
    expect((await t.call(person, { method: 'GET', url: `/api/applications/${a.id}` })).statusCode).toBe(404);
    expect(
      (await t.call(person, { method: 'POST', url: `/api/applications/${a.id}/withdraw`, payload: {} }))
        .statusCode,
    ).toBe(404);
    expect(
      (await t.call(ent, { method: 'POST', url: `/api/applications/${a.id}/approve`, payload: {} }))
        .statusCode,
    ).toBe(403);
    // A draft has no letter yet: the owner is told so.
    const noLetter = await t.call(ent, { method: 'GET', url: `/api/applications/${a.id}/commitment` });
    expect(noLetter.statusCode).toBe(404);
    expect(noLetter.json().message).toContain('没有承诺书');
    const code = async (who: Session | null, method: 'GET' | 'POST', url: string, payload?: object) =>
      (await t.call(who, { method, url, ...(payload ? { payload } : {}) })).statusCode;
    const submitBody = { mode: 'standard', materials: [], commit: false };
    expect(await code(person, 'POST', `/api/applications/${a.id}/submit`, submitBody)).toBe(404);
    expect(await code(inspector, 'POST', `/api/applications/${a.id}/submit`, submitBody)).toBe(403);
    expect(await code(ent, 'POST', `/api/applications/${a.id}/reject`, { comment: '理由' })).toBe(403);
    expect(await code(inspector, 'POST', `/api/applications/${a.id}/accept`, {})).toBe(403);
    expect(await code(inspector, 'POST', `/api/applications/${a.id}/review`, {})).toBe(403);
    const supplyBody = { materials: [{ name: 'x', fileId: a.id }] };
    expect(await code(person, 'POST', `/api/applications/${a.id}/supply`, supplyBody)).toBe(404);
    expect(await code(approver, 'POST', `/api/applications/${a.id}/supply`, supplyBody)).toBe(403);
    expect(await code(person, 'GET', `/api/applications/${a.id}/history`)).toBe(404);
    expect(await code(inspector, 'GET', `/api/applications/${a.id}/history`)).toBe(403);
    // A signed letter: its owner verifies it, a stranger is told it does not exist.
    const signedCase = await application(t, { status: 'approved' });
    const owner = await t.login(signedCase.applicant.username);
    const signed = signedCase.app;
    expect(await code(owner, 'GET', `/api/applications/${signed.id}/commitment/verification`)).toBe(200);
    expect(await code(person, 'GET', `/api/applications/${signed.id}/commitment/verification`)).toBe(404);
    expect(await code(person, 'GET', `/api/applications/${signed.id}/commitment`)).toBe(404);
    expect(await code(null, 'GET', `/api/applications/${a.id}/commitment/verification`)).toBe(401);
    expect(await code(clerk, 'GET', '/api/my/licenses')).toBe(403);
    expect(await code(null, 'GET', '/api/my/licenses')).toBe(401);
    // Inspectors upload evidence now; an auditor uploads nothing.
    const up = await t.call(await t.login('auditor'), {
      method: 'POST',
      url: '/api/files',
      headers: { 'content-type': 'application/pdf' },
      payload: PDF,
    });
    expect(up.statusCode).toBe(403);
    expect(await code(approverFgw, 'GET', `/api/applications/${a.id}`)).toBe(404);
  });
});
