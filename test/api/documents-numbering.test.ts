import { describe, expect, it } from 'vitest';
import { documentsScene } from '../helpers/documents';

const { t } = await documentsScene();

describe('official documents', () => {
  it('a department sets its own numbering; no one sets another department’s; a pattern that could repeat numbers is refused', async () => {
    const fgw = await t.login('approver_fgw');
    const depts = (
      await t.call(await t.login('sysadmin'), { method: 'GET', url: '/api/departments' })
    ).json();
    const list = (depts.items ?? depts) as { id: string; name: string }[];
    const own = list.find((d) => d.name === '乌审旗发展和改革委员会')!;
    const other = list.find((d) => d.name === '乌审旗卫生健康委员会')!;
    const body = {
      numberPattern: '乌发改审{字}〔{年}〕{号}号',
      reviewAuthority: '乌审旗人民政府',
      court: '乌审旗人民法院',
    };
    const set = await t.call(fgw, { method: 'PUT', url: `/api/documents/settings/${own.id}`, payload: body });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ numberPattern: body.numberPattern, custom: true });
    expect(
      (await t.call(fgw, { method: 'PUT', url: `/api/documents/settings/${other.id}`, payload: body }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await t.call(await t.login('inspector'), {
          method: 'PUT',
          url: `/api/documents/settings/${own.id}`,
          payload: body,
        })
      ).statusCode,
    ).toBe(403);
    const bad = await t.call(fgw, {
      method: 'PUT',
      url: `/api/documents/settings/${own.id}`,
      payload: { ...body, numberPattern: '乌发改{字}〔{年}〕第1{号}号' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('{号} 前须是文字');
    const unchanged = (await t.call(fgw, { method: 'GET', url: `/api/documents/settings/${own.id}` })).json();
    expect(unchanged.numberPattern).toBe(body.numberPattern);
  });
});
