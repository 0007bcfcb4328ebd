import { describe, expect, it } from 'vitest';
import { documentsScene } from '../helpers/documents';
import { fakeSeal } from '../helpers/fake-seal';

const { t, docsOf, textOf, one, decideOnTheSpot } = await documentsScene();

describe('official documents', () => {
  it('the seal area is blank without a seal service and stamped by one when configured', async () => {
    const ent = await t.login('ent_demo');
    const { a } = await decideOnTheSpot(ent);
    const docs = await docsOf(ent, a.id);
    const approval = one(docs, 'approval');
    expect(await textOf(ent, approval)).not.toContain('TEST SEAL');
    const seal = fakeSeal();
    t.app.deps.seal = seal;
    try {
      const stamped = await textOf(ent, approval);
      expect(stamped).toContain('TEST SEAL');
      expect(seal.requests[0]).toMatchObject({
        number: approval.number,
        departmentName: '乌审旗政务服务中心',
        placement: { size: expect.closeTo(119, 0) },
      });
      // The signed commitment is the applicant's own letter: nothing to stamp.
      await textOf(ent, one(docs, 'commitment'));
      expect(seal.requests).toHaveLength(1);
    } finally {
      t.app.deps.seal = null;
    }
  });
});
