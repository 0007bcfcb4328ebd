import { describe, expect, it } from 'vitest';
import { catalogScene, sampleContent } from '../helpers/catalog';

const { t, admin, legal, clerk, approver, depts, post } = await catalogScene();

describe('review and publication', () => {
  it('an incomplete template blocks publication', async () => {
    const content = sampleContent({ notice: { ...sampleContent().notice, criminalLiability: '' } });
    const created = await post(approver, '/api/catalog/items', {
      code: 'T-INCOMPLETE',
      departmentId: depts['WSQ-WJW'],
      ...content,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().completeness.complete).toBe(false);
    const id = created.json().id;
    const submit = await post(approver, `/api/catalog/versions/${id}/submit`);
    expect(submit.statusCode).toBe(412);
    expect(submit.json().message).toContain('刑事责任');
    expect(submit.json().details.missingSections).toEqual(['告知书：虚假承诺的刑事责任']);
    const publish = await post(admin, `/api/catalog/versions/${id}/publish`, {});
    expect(publish.statusCode).toBe(409);
    const pub = await t.call(null, { method: 'GET', url: '/api/public/catalog/items/T-INCOMPLETE' });
    expect(pub.statusCode).toBe(404);
  });

  it('a department clerk, an approver and a legal reviewer cannot publish; the catalog administrator can', async () => {
    const created = await post(approver, '/api/catalog/items', {
      code: 'T-PUB-1',
      departmentId: depts['WSQ-WJW'],
      ...sampleContent(),
    });
    const id = created.json().id;
    expect((await post(approver, `/api/catalog/versions/${id}/submit`)).statusCode).toBe(200);
    // only the legal reviewer reviews
    expect(
      (await post(approver, `/api/catalog/versions/${id}/review`, { decision: 'pass' })).statusCode,
    ).toBe(403);
    expect((await post(admin, `/api/catalog/versions/${id}/review`, { decision: 'pass' })).statusCode).toBe(
      403,
    );
    expect((await post(legal, `/api/catalog/versions/${id}/review`, { decision: 'pass' })).statusCode).toBe(
      200,
    );
    // approval before publication is the justice bureau's
    expect(
      (await post(admin, `/api/catalog/versions/${id}/approve`, { decision: 'approve' })).statusCode,
    ).toBe(403);
    expect((await post(admin, `/api/catalog/versions/${id}/publish`, {})).statusCode).toBe(409);
    expect(
      (await post(legal, `/api/catalog/versions/${id}/approve`, { decision: 'approve' })).statusCode,
    ).toBe(200);
    for (const s of [clerk, approver, legal]) {
      const r = await post(s, `/api/catalog/versions/${id}/publish`, {});
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe('FORBIDDEN');
    }
    expect((await post(null, `/api/catalog/versions/${id}/publish`, {})).statusCode).toBe(401);
    const past = await post(admin, `/api/catalog/versions/${id}/publish`, { effectiveDate: '2026-11-01' });
    expect(past.statusCode).toBe(412);
    const ok = await post(admin, `/api/catalog/versions/${id}/publish`, { effectiveDate: '2026-11-23' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'published', effectiveDate: '2026-11-23' });
    // a second publish of the same version is a conflict, not a second row
    expect((await post(admin, `/api/catalog/versions/${id}/publish`, {})).statusCode).toBe(409);
  });

  it('a return needs comments, goes back to draft, and the comment is shown', async () => {
    const created = await post(approver, '/api/catalog/items', {
      code: 'T-RETURN',
      departmentId: depts['WSQ-WJW'],
      ...sampleContent(),
    });
    const id = created.json().id;
    await post(approver, `/api/catalog/versions/${id}/submit`);
    expect((await post(legal, `/api/catalog/versions/${id}/review`, { decision: 'return' })).statusCode).toBe(
      412,
    );
    const back = await post(legal, `/api/catalog/versions/${id}/review`, {
      decision: 'return',
      comment: '设定依据应写明条款',
    });
    expect(back.json()).toMatchObject({ status: 'draft', lastComment: '设定依据应写明条款' });
    const edit = await t.call(approver, {
      method: 'PUT',
      url: `/api/catalog/versions/${id}`,
      payload: sampleContent({ legalBasis: '《放射诊疗管理规定》第十一条、第十二条' }),
    });
    expect(edit.statusCode).toBe(200);
    const history = await t.call(clerk, { method: 'GET', url: `/api/catalog/versions/${id}/history` });
    expect(history.json().items.map((e: { event: string }) => e.event)).toEqual([
      'create',
      'submit',
      'return',
      'edit',
    ]);
    expect(history.json().items[2]).toMatchObject({ comment: '设定依据应写明条款', actorName: 'legal' });
    const audit = await t.call(await t.login('auditor'), {
      method: 'GET',
      url: `/api/audit?targetType=catalog_version&targetId=${id}`,
    });
    expect(audit.json().items.map((a: { action: string }) => a.action)).toEqual([
      'catalog.version_edit',
      'catalog.review_return',
      'catalog.version_submit',
      'catalog.item_create',
    ]);
  });

  it('a version under review is immutable', async () => {
    const created = await post(approver, '/api/catalog/items', {
      code: 'T-FROZEN',
      departmentId: depts['WSQ-WJW'],
      ...sampleContent(),
    });
    const id = created.json().id;
    await post(approver, `/api/catalog/versions/${id}/submit`);
    const edit = await t.call(approver, {
      method: 'PUT',
      url: `/api/catalog/versions/${id}`,
      payload: sampleContent({ name: '改名' }),
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('INVALID_TRANSITION');
  });
});
