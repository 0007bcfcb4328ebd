import { describe, expect, it } from 'vitest';
import { applicationsScene, CLINIC, PNG } from '../helpers/applications';
import { upload, uploadMaterials } from '../helpers/files';

const { t, ent, person, clerk, approverFgw, start } = await applicationsScene();

describe('applications', () => {
  it('uploads are checked by content and downloadable only by those entitled', async () => {
    const txt = await t.call(ent, {
      method: 'POST',
      url: '/api/files',
      headers: { 'content-type': 'application/pdf', 'x-file-name': 'a.pdf' },
      payload: Buffer.from('<script>alert(1)</script>'),
    });
    expect(txt.statusCode).toBe(400);
    const png = await upload(t, ent, '../../etc/passwd.png', PNG);
    const mine = await t.call(ent, { method: 'GET', url: `/api/files/${png}` });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['content-type']).toBe('image/png');
    expect(mine.headers['content-disposition']).not.toContain('/');
    expect((await t.call(person, { method: 'GET', url: `/api/files/${png}` })).statusCode).toBe(404);
    expect((await t.call(clerk, { method: 'GET', url: `/api/files/${png}` })).statusCode).toBe(404);
    expect((await t.call(null, { method: 'GET', url: `/api/files/${png}` })).statusCode).toBe(401);
    // Once attached to an application, the window may read it.
    const a = (await start(ent, CLINIC)).application;
    await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: {
        mode: 'standard',
        materials: [
          { name: '医疗机构执业登记申请书', fileId: png },
          ...(await uploadMaterials(t, ent, ['医疗机构用房产权证明或使用证明', '医疗机构规章制度'])),
        ],
        commit: false,
      },
    });
    expect((await t.call(clerk, { method: 'GET', url: `/api/files/${png}` })).statusCode).toBe(200);
    expect((await t.call(approverFgw, { method: 'GET', url: `/api/files/${png}` })).statusCode).toBe(404);
  });
});
