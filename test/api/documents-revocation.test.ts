import { describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/codes';
import { documentsScene } from '../helpers/documents';
import { uploadMaterials } from '../helpers/files';
import { decodeQr } from '../helpers/qr';
import { registerEntity } from '../helpers/registry';

const { t, SAVING, docsOf, pdfOf, textOf, one, check, REMEDY, counterStart } = await documentsScene();

describe('official documents', () => {
  it('revocation: 撤销决定书 with its remedies, and the license checks as revoked, when and why', async () => {
    const clerk = await t.login('clerk');
    const subject = {
      kind: 'enterprise',
      code: completeUscc('91150626', 'MA0E0N01'),
      name: '乌审旗节能示范有限公司',
    };
    registerEntity(subject.code, subject.name);
    const a = await counterStart(clerk, SAVING, subject);
    const sub = await t.call(clerk, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: {
        mode: 'license_commitment',
        materials: await uploadMaterials(t, clerk, ['节能审查申请', '节能报告']),
        commit: true,
        handwritten: { signerName: '王建华' },
      },
    });
    expect(sub.statusCode, sub.body).toBe(200);
    expect(sub.json().status).toBe('approved');
    const fgw = await t.login('approver_fgw');
    const licenseDoc = one(await docsOf(fgw, a.id), 'license');
    const qr = await decodeQr(await pdfOf(fgw, licenseDoc));
    expect((await check(qr!)).status).toBe('valid');

    const supervisor = await t.login('supervisor');
    const task = (await t.call(supervisor, { method: 'GET', url: '/api/verification/tasks?pageSize=100' }))
      .json()
      .items.find((x: { applicationId: string }) => x.applicationId === a.id);
    const inspectors = [
      (await t.call(await t.login('inspector'), { method: 'GET', url: '/api/me' })).json().id,
      (await t.call(await t.login('inspector2'), { method: 'GET', url: '/api/me' })).json().id,
    ];
    const url = `/api/verification/tasks/${task.id}`;
    expect(
      (
        await t.call(supervisor, {
          method: 'POST',
          url: `${url}/assign`,
          payload: { inspectorIds: inspectors },
        })
      ).statusCode,
    ).toBe(200);
    const found = await t.call(await t.login('inspector'), {
      method: 'POST',
      url: `${url}/result`,
      payload: {
        finding: 'false_commitment',
        summary: '项目实际年综合能源消费量远超承诺值',
        evidence: [{ description: '能耗在线监测数据' }],
      },
    });
    expect(found.statusCode, found.body).toBe(200);
    // 陈述申辩告知书: issued by the revocation procedure when it informs the party.
    const noticed = await t.call(fgw, {
      method: 'POST',
      url: `${url}/defence-notice`,
      payload: {
        facts: '项目实际年综合能源消费量远超承诺值',
        reasons: '申请人作出虚假承诺',
        legalBasis: '《中华人民共和国行政许可法》第六十九条',
        hearingRight: true,
      },
    });
    expect(noticed.statusCode, noticed.body).toBe(201);
    const notice = one(await docsOf(fgw, a.id), 'defence_notice');
    expect(notice.number).toMatch(/^乌发改告字〔2026〕第\d+号$/);
    const noticeText = await textOf(fgw, notice);
    for (const part of [
      '陈述申辩告知书',
      '项目实际年综合能源消费量远超承诺值',
      '享有陈述权、申辩权',
      '要求听证',
    ]) {
      expect(noticeText, part).toContain(part);
    }
    // The party answers on paper; the revocation must reply to what it said.
    const stated = await t.call(fgw, {
      method: 'POST',
      url: `${url}/defence-statement`,
      payload: { statement: '能耗超出系试生产期间设备调试所致', channel: 'written' },
    });
    expect(stated.statusCode, stated.body).toBe(200);
    const reason = '承诺的年综合能源消费量与实际不符，属虚假承诺';
    const revoked = await t.call(fgw, {
      method: 'POST',
      url: `${url}/revoke`,
      payload: { reason, defenceReply: '调试期能耗不能解释全年能耗与承诺值的差距，陈述申辩不予采纳' },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);

    const docs = await docsOf(fgw, a.id);
    expect(docs.map((d) => d.kind)).toEqual([
      'commitment',
      'approval',
      'license',
      'defence_notice',
      'revocation',
    ]);
    const revocation = await textOf(fgw, one(docs, 'revocation'));
    expect(one(docs, 'revocation').number).toMatch(/^乌发改撤字〔2026〕第\d+号$/);
    for (const part of [
      '撤销行政许可决定书',
      `申请人：${subject.name}`,
      one(docs, 'approval').number,
      licenseDoc.number,
      reason,
      '第六十九条',
      '国办发〔2020〕42号',
      '本机关决定撤销上述准予行政许可决定',
      '乌审旗发展和改革委员会',
    ]) {
      expect(revocation, part).toContain(part);
    }
    expect(revocation).toMatch(REMEDY);

    // The same QR code now says revoked, when and why; so does the decision's.
    const after = await check(qr!);
    expect(after).toMatchObject({ status: 'revoked', statusLabel: '已撤销', revocationReason: reason });
    expect(after.revokedAt).toBe(t.clock.now.toISOString());
    const decisionQr = await decodeQr(await pdfOf(fgw, one(docs, 'approval')));
    expect((await check(decisionQr!)).status).toBe('revoked');
  });
});
