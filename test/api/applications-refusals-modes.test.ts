import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { applicationsScene, FREIGHT } from '../helpers/applications';
import { upload, uploadMaterials } from '../helpers/files';

const { t, ent, person, start } = await applicationsScene();

describe('applications', () => {
  it('refuses: a mode the item lacks, a commitment mode without signing, a non-tolerable material missing', async () => {
    const a = (await start(ent, FREIGHT)).application;
    const submit = (payload: Record<string, unknown>) =>
      t.call(ent, { method: 'POST', url: `/api/applications/${a.id}/submit`, payload });
    expect((await submit({ mode: 'one_form', materials: [], commit: true })).statusCode).toBe(412);
    const noCommit = await submit({ mode: 'commit_entry', materials: [], commit: false });
    expect(noCommit.statusCode).toBe(412);
    expect(noCommit.json().message).toContain('一般程序');
    const nonTolerable = await submit({
      mode: 'missing_materials',
      materials: await uploadMaterials(t, ent, ['拟投入车辆承诺书']),
      missing: ['道路货物运输经营申请表', '安全生产管理制度文本'],
      commit: true,
    });
    expect(nonTolerable.statusCode).toBe(412);
    expect(nonTolerable.json().details.problems).toContain(
      '“道路货物运输经营申请表”不可容缺，必须在受理时提交',
    );
    const missingRequired = await submit({ mode: 'commit_entry', materials: [], commit: true });
    expect(missingRequired.statusCode).toBe(412);
    const notOwn = await submit({
      mode: 'commit_entry',
      materials: [{ name: '道路货物运输经营申请表', fileId: await upload(t, person, 'x.pdf') }],
      commit: true,
    });
    expect(notOwn.statusCode).toBe(412);
    const noSuchFile = await submit({
      mode: 'commit_entry',
      materials: [{ name: '道路货物运输经营申请表', fileId: randomUUID() }],
      commit: true,
    });
    expect(noSuchFile.statusCode).toBe(412);
    expect(noSuchFile.json().message).toBe('所附文件不存在或不是本人上传的');
    // Nothing was half-written: still a draft at version 1.
    const still = (await t.call(ent, { method: 'GET', url: `/api/applications/${a.id}` })).json();
    expect(still).toMatchObject({ status: 'draft', version: 1 });
  });
});
