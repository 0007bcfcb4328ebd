import { describe, expect, it } from 'vitest';
import { getItemVersion } from '../../src/server/modules/catalog/repository';
import { catalogScene, sampleContent } from '../helpers/catalog';

const { t, admin, legal, clerk, approver, depts, post, publishedItem } = await catalogScene();

describe('versions', () => {
  it('an application pinned to version 1 is unaffected by version 2', async () => {
    const v1 = await publishedItem('T-VER', '测试版本事项');
    const pinned = v1.id as string;
    const before = await getItemVersion(t.database.db, pinned);
    // version 2 changes materials, modes and limits
    const draft = await post(approver, `/api/catalog/items/${v1.itemId}/versions`, {
      ...sampleContent({
        name: '测试版本事项（修订）',
        promisedTimeLimitDays: 1,
        modes: ['license_commitment'],
      }),
      materials: [sampleContent().materials[0]],
    });
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json().versionNo).toBe(2);
    // only one version in the making
    expect(
      (await post(approver, `/api/catalog/items/${v1.itemId}/versions`, sampleContent())).statusCode,
    ).toBe(409);
    const id2 = draft.json().id;
    await post(approver, `/api/catalog/versions/${id2}/submit`);
    await post(legal, `/api/catalog/versions/${id2}/review`, { decision: 'pass' });
    await post(legal, `/api/catalog/versions/${id2}/approve`, { decision: 'approve' });
    const pub2 = await post(admin, `/api/catalog/versions/${id2}/publish`, {});
    expect(pub2.statusCode).toBe(200);

    const after = await getItemVersion(t.database.db, pinned);
    expect({ ...after, status: 'x', updatedAt: null }).toEqual({ ...before, status: 'x', updatedAt: null });
    expect(after!.status).toBe('superseded');
    expect(after!.materials).toHaveLength(3);
    expect(after!.name).toBe('测试版本事项');
    const v1Api = await t.call(clerk, { method: 'GET', url: `/api/catalog/versions/${pinned}` });
    expect(v1Api.json()).toMatchObject({ versionNo: 1, name: '测试版本事项', promisedTimeLimitDays: 5 });
    const pub = await t.call(null, { method: 'GET', url: '/api/public/catalog/items/T-VER' });
    expect(pub.json()).toMatchObject({
      versionNo: 2,
      name: '测试版本事项（修订）',
      promisedTimeLimitDays: 1,
    });
    const hist1 = await t.call(legal, { method: 'GET', url: `/api/catalog/versions/${pinned}/history` });
    expect(hist1.json().items.at(-1)).toMatchObject({ event: 'supersede', toStatus: 'superseded' });
    // a superseded version never becomes editable again
    const edit = await t.call(admin, {
      method: 'PUT',
      url: `/api/catalog/versions/${pinned}`,
      payload: sampleContent(),
    });
    expect(edit.statusCode).toBe(409);
  });

  it('withdrawal takes an item off the public catalog; only the administrator withdraws a published version', async () => {
    const v = await publishedItem('T-WD');
    const url = `/api/catalog/versions/${v.id}/withdraw`;
    expect((await post(approver, url, { reason: '职能调整' })).statusCode).toBe(403);
    expect((await post(clerk, url, { reason: '职能调整' })).statusCode).toBe(403);
    expect((await post(admin, url, { reason: '职能调整' })).json().status).toBe('withdrawn');
    expect((await t.call(null, { method: 'GET', url: '/api/public/catalog/items/T-WD' })).statusCode).toBe(
      404,
    );
  });

  it('staff reads need the catalog permission', async () => {
    const inspector = await t.login('inspector');
    expect((await t.call(inspector, { method: 'GET', url: '/api/catalog/items' })).statusCode).toBe(403);
    expect((await t.call(null, { method: 'GET', url: '/api/catalog/items' })).statusCode).toBe(401);
    const list = await t.call(clerk, {
      method: 'GET',
      url: `/api/catalog/items?departmentId=${depts['WSQ-MZJ']}`,
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBeGreaterThan(0);
    expect(
      list.json().items.every((i: { departmentName: string }) => i.departmentName === '乌审旗民政局'),
    ).toBe(true);
  });
});
