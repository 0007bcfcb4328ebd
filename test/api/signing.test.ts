import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createSigningKey, openSigningKey, signCommitmentText } from '../../src/domain/commitment-signing';
import { queryRows } from '../../src/server/db/client';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { startCase } from '../helpers/applications';
import { uploadMaterials } from '../helpers/files';

const FOOD = 'WSQ-ZWFW-001'; // 食品经营许可: decided on the spot under a commitment
const FOOD_ASKED = [
  '食品经营许可申请书',
  '与食品经营相适应的主要设备设施布局、操作流程等文件',
  '食品安全管理制度目录',
];
const PIN = '135790';

/** A case ready to submit, with the exact body the applicant will send. */
async function ready(t: TestApp, s: Session) {
  const started = await startCase(t, s, { itemCode: FOOD });
  const materials = await uploadMaterials(t, s, FOOD_ASKED);
  return {
    id: started.application.id as string,
    body: { mode: 'license_commitment', materials, commit: true },
  };
}

/** Sends the request as is: the test helper adds no signature to a body that carries one. */
const submit = (t: TestApp, s: Session, id: string, payload: Record<string, unknown>) =>
  t.call(s, { method: 'POST', url: `/api/applications/${id}/submit`, payload });

describe('signatures under the signer’s control', async () => {
  const t = await createTestApp();
  const person = await t.login('person_demo');
  const clerk = await t.login('clerk');

  it('binds a key made on the applicant’s side, signs the drafted text and is decided only with a valid signature', async () => {
    // The platform holds no private key: the table has nowhere to put one.
    const columns = await queryRows<{ column_name: string }>(
      t.database.db,
      sql`select column_name from information_schema.columns where table_name = 'signing_key'`,
    );
    expect(columns.map((r) => r.column_name).sort()).toEqual(['created_at', 'public_key', 'user_id']);

    expect((await t.call(person, { method: 'GET', url: '/api/signing-key' })).statusCode).toBe(404);
    const sealed = await createSigningKey(PIN);
    await expect(openSigningKey(sealed, '000000')).rejects.toThrow('签名密码不正确');
    const privateKey = await openSigningKey(sealed, PIN);
    const put = await t.call(person, {
      method: 'PUT',
      url: '/api/signing-key',
      payload: { publicKey: sealed.publicKey },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect((await t.call(person, { method: 'GET', url: '/api/signing-key' })).json().publicKey).toBe(
      sealed.publicKey,
    );

    const { id, body } = await ready(t, person);
    const draft = await t.call(person, {
      method: 'POST',
      url: `/api/applications/${id}/commitment/draft`,
      payload: body,
    });
    expect(draft.statusCode, draft.body).toBe(200);
    const { text, publicKey } = draft.json();
    expect(publicKey).toBe(sealed.publicKey);
    expect(text).toContain('承诺');

    // What a decision takes as it commits (a 承诺编码, document numbers) and writes: none of it may be
    // taken by a refused signature, which is verified while the decision is prepared.
    const taken = async () =>
      (
        await queryRows<{ codes: number; numbers: number; decisions: number }>(
          t.database.db,
          sql`select (select coalesce(sum(last_serial), 0) from commitment_code_counter)::int as codes,
                     (select coalesce(sum(last_serial), 0) from document_number_counter)::int as numbers,
                     (select count(*) from decision where application_id = ${id})::int as decisions`,
        )
      )[0];
    const before = await taken();

    // No signature, a signature over other words, a signature by another key: each refused, nothing decided.
    const none = await submit(t, person, id, { ...body, signature: undefined });
    expect(none.statusCode).toBe(412);
    const otherText = await submit(t, person, id, {
      ...body,
      signature: signCommitmentText(`${text}（另附条款）`, privateKey, sealed.publicKey),
    });
    expect(otherText.statusCode).toBe(412);
    expect(otherText.json().message).toContain('签名验证未通过');
    const stranger = await createSigningKey(PIN);
    const otherKey = await submit(t, person, id, {
      ...body,
      signature: signCommitmentText(text, await openSigningKey(stranger, PIN), stranger.publicKey),
    });
    expect(otherKey.statusCode).toBe(412);
    const still = await t.call(person, { method: 'GET', url: `/api/applications/${id}` });
    expect(still.json().status).toBe('draft');
    expect(await taken()).toEqual(before);

    const ok = await submit(t, person, id, {
      ...body,
      signature: signCommitmentText(text, privateKey, sealed.publicKey),
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('approved');
    const letter = (
      await t.call(person, { method: 'GET', url: `/api/applications/${id}/commitment` })
    ).json();
    expect(letter.text).toBe(text);
    expect(letter.publicKey).toBe(sealed.publicKey);
    const check = await t.call(person, {
      method: 'GET',
      url: `/api/applications/${id}/commitment/verification`,
    });
    expect(check.json()).toMatchObject({ digestMatches: true, signatureValid: true });

    // A new key (a forgotten PIN) replaces the binding; the letter already signed still verifies with its own.
    const next = await createSigningKey(PIN);
    const replaced = await t.call(person, {
      method: 'PUT',
      url: '/api/signing-key',
      payload: { publicKey: next.publicKey },
    });
    expect(replaced.statusCode).toBe(200);
    const again = await t.call(person, {
      method: 'GET',
      url: `/api/applications/${id}/commitment/verification`,
    });
    expect(again.json().signatureValid).toBe(true);
    const audit = await queryRows<{ action: string }>(
      t.database.db,
      sql`select action from audit_log where action like 'signing_key.%' order by id`,
    );
    expect(audit.map((r) => r.action)).toEqual(['signing_key.bind', 'signing_key.replace']);
  });

  it('refuses a key set by anyone but the applicant, and a malformed key', async () => {
    const { publicKey } = await createSigningKey(PIN);
    const byClerk = await t.call(clerk, { method: 'PUT', url: '/api/signing-key', payload: { publicKey } });
    expect(byClerk.statusCode).toBe(403);
    const anonymous = await t.call(null, { method: 'PUT', url: '/api/signing-key', payload: { publicKey } });
    expect(anonymous.statusCode).toBe(401);
    const bad = await t.call(person, {
      method: 'PUT',
      url: '/api/signing-key',
      payload: { publicKey: '04abc' },
    });
    expect(bad.statusCode).toBe(400);
    expect((await t.call(clerk, { method: 'GET', url: '/api/signing-key' })).statusCode).toBe(403);
  });

  it('a draft is only for the case’s own applicant', async () => {
    const { id, body } = await ready(t, await t.login('ent_demo'));
    const other = await t.call(person, {
      method: 'POST',
      url: `/api/applications/${id}/commitment/draft`,
      payload: body,
    });
    expect([403, 404]).toContain(other.statusCode);
  });
});
