import { describe, expect, it } from 'vitest';
import { demoApplicants } from '../../src/server/bootstrap';
import {
  applicationsScene,
  FILING,
  FOOD,
  FOOD_ASKED,
  FREIGHT,
  FREIGHT_COMPLETE,
} from '../helpers/applications';
import { upload, uploadMaterials } from '../helpers/files';

const { t, ent, person, agent, clerk, start } = await applicationsScene();

describe('applications', () => {
  it('an agent needs an item that allows proxies and the applicant’s authorisation', async () => {
    const principal = { kind: 'individual', code: demoApplicants.individual.residentId, name: '白音其其格' };
    const noProxy = await t.call(agent, {
      method: 'POST',
      url: '/api/applications',
      payload: {
        itemCode: FILING,
        subject: principal,
        authorizationFileId: await upload(t, agent, '委托书.pdf'),
      },
    });
    expect(noProxy.statusCode).toBe(412);
    expect(noProxy.json().message).toContain('不适用代为承诺');
    const noAuth = await t.call(agent, {
      method: 'POST',
      url: '/api/applications',
      payload: { itemCode: FREIGHT, subject: principal },
    });
    expect(noAuth.statusCode).toBe(403);
    expect(noAuth.json().message).toContain('委托');
    const auth = await upload(t, agent, '授权委托书.pdf');
    // An uploaded 授权委托书 proves nothing by itself: the principal grants the mandate.
    const unmandated = await t.call(agent, {
      method: 'POST',
      url: '/api/applications',
      payload: { itemCode: FREIGHT, subject: principal, authorizationFileId: auth },
    });
    expect(unmandated.statusCode).toBe(403);
    const granted = await t.call(person, {
      method: 'POST',
      url: '/api/mandates',
      payload: {
        agentResidentId: demoApplicants.agent.residentId,
        agentName: '韩志强',
        scope: 'all',
        expiresOn: '2027-12-31',
      },
    });
    expect(granted.statusCode, granted.body).toBe(201);
    const ok = await start(agent, FREIGHT, { subject: principal, authorizationFileId: auth });
    expect(ok.application.agentName).toBe('韩志强');
    expect(ok.application.subjectCode).not.toContain('19900308');
    const res = await t.call(agent, {
      method: 'POST',
      url: `/api/applications/${ok.application.id}/submit`,
      payload: {
        mode: 'commit_entry',
        materials: await uploadMaterials(t, agent, [
          ...FREIGHT_COMPLETE,
          '安全生产管理制度文本',
          '驾驶人员从业资格证复印件',
        ]),
        commit: true,
        publishCommitment: true,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const c = (
      await t.call(agent, { method: 'GET', url: `/api/applications/${ok.application.id}/commitment` })
    ).json();
    expect(c.text).toContain('代理人：韩志强');
    expect(c.signerName).toBe('韩志强');
    // The published letter names the principal and the agent masked: both are persons.
    const published = (
      await t.call(null, { method: 'GET', url: '/api/public/commitments?pageSize=100' })
    ).json().items as { applicationNumber: string; committerName: string; text: string }[];
    const mine = published.find((p) => p.applicationNumber === ok.application.number);
    expect(mine?.text).toContain('代理人：韩*强');
    expect(mine?.committerName).toBe('白***格');
    expect(JSON.stringify(published)).not.toContain('韩志强');
    expect(JSON.stringify(published)).not.toContain('白音其其格');
  });

  it('counter application: the clerk records a handwritten signature', async () => {
    const { name, uscc } = demoApplicants.enterprise;
    const subject = { kind: 'enterprise', code: uscc, name };
    const a = (await start(clerk, FOOD, { subject })).application;
    expect(a.channel).toBe('counter');
    const payload = {
      mode: 'license_commitment',
      materials: await uploadMaterials(t, clerk, FOOD_ASKED),
      commit: true,
    };
    const noSig = await t.call(clerk, { method: 'POST', url: `/api/applications/${a.id}/submit`, payload });
    expect(noSig.statusCode).toBe(412);
    expect(
      (await t.call(ent, { method: 'POST', url: `/api/applications/${a.id}/submit`, payload })).statusCode,
    ).toBe(403);
    const res = await t.call(clerk, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: { ...payload, handwritten: { signerName: '张明' } },
    });
    expect(res.json().status).toBe('approved');
    const v = (
      await t.call(clerk, { method: 'GET', url: `/api/applications/${a.id}/commitment/verification` })
    ).json();
    expect(v).toMatchObject({ signatureKind: 'handwritten', digestMatches: true, signatureValid: null });
    // The subject's own account sees the counter case among its applications.
    const mine = (await t.call(ent, { method: 'GET', url: '/api/my/applications?pageSize=100' })).json();
    expect(mine.items.some((i: { id: string }) => i.id === a.id)).toBe(true);
  });
});
