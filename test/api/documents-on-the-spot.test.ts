import { describe, expect, it } from 'vitest';
import { demoApplicants } from '../../src/server/bootstrap';
import { documentsScene } from '../helpers/documents';
import { decodeQr, pdfPageCount } from '../helpers/qr';

const { t, BASE, docsOf, pdfOf, textOf, one, check, decideOnTheSpot } = await documentsScene();

describe('official documents', () => {
  it('a commitment decided on the spot: signed 承诺书, 准予行政许可决定书 and the license, each numbered, with a QR code to the public check', async () => {
    const ent = await t.login('ent_demo');
    const { a, license } = await decideOnTheSpot(ent);
    const docs = await docsOf(ent, a.id);
    expect(docs.map((d) => d.kind).sort()).toEqual(['approval', 'commitment', 'license']);
    // 政务服务中心's demo pattern, this year's series of each kind.
    expect(one(docs, 'approval').number).toMatch(/^乌政务准字〔2026〕第\d+号$/);
    expect(one(docs, 'commitment').number).toMatch(/^乌政务诺字〔2026〕第\d+号$/);
    expect(one(docs, 'license').number).toBe(license.number);

    const { name, uscc } = demoApplicants.enterprise;
    const decision = await textOf(ent, one(docs, 'approval'));
    for (const part of [
      '乌审旗政务服务中心', // issuing authority (header and signature)
      one(docs, 'approval').number,
      '准予行政许可决定书',
      `申请人：${name}`,
      `统一社会信用代码：${uscc}`,
      '法定代表人：巴特尔',
      '“食品经营许可”申请',
      a.number,
      '《中华人民共和国行政许可法》第三十八条第一款',
      '本机关决定准予行政许可',
      `编号：${license.number}`,
      '有效期自2026年11月23日至2031年11月22日',
      '2026年11月23日',
      `承诺书编号：${one(docs, 'commitment').number}`,
      '依法撤销本决定',
      '扫码核验',
      '— 1 —',
    ]) {
      expect(decision, part).toContain(part);
    }

    const cert = await textOf(ent, one(docs, 'license'));
    for (const part of [
      '食品经营许可证',
      license.number,
      name,
      uscc,
      '巴特尔',
      '2026年11月23日至2031年11月22日',
    ]) {
      expect(cert, part).toContain(part);
    }
    expect(cert).toContain(one(docs, 'approval').number);
    // A certificate is one sheet: the issuing authority, its date and the basis stay on it.
    expect(await pdfPageCount(await pdfOf(ent, one(docs, 'license')))).toBe(1);

    // The signed letter: its exact text, the digest and signature, and how to check them.
    const signed = (await t.call(ent, { method: 'GET', url: `/api/applications/${a.id}/commitment` })).json();
    const letter = await textOf(ent, one(docs, 'commitment'));
    const compact = letter.replace(/ /g, '');
    expect(compact).toContain(signed.digest);
    expect(compact).toContain(signed.signature);
    expect(letter).toContain('食品经营许可承诺书');
    expect(letter).toContain('正文摘要（SM3）');
    expect(letter).toContain('验证方法');
    expect(letter).toContain('GM/T 0003');
    // Signed at 10:00 in Beijing (02:00 UTC): the party reads the time on its own clock.
    expect(letter).toMatch(/签署时间：2026年11月23日 ?10:\d\d:\d\d（北京时间）/);

    // The QR code on the license, read off the printed page, opens the public check: valid.
    const url = await decodeQr(await pdfOf(ent, one(docs, 'license')));
    expect(url).toBe(`${BASE}/api/public/documents/verify/${one(docs, 'license').id}`);
    expect(await check(url!)).toMatchObject({
      status: 'valid',
      statusLabel: '有效',
      number: license.number,
      holderName: name,
      itemName: '食品经营许可',
      validFrom: '2026-11-23',
      validUntil: '2031-11-22',
      revokedAt: null,
    });
    // A browser gets the page.
    const page = await t.app.inject({
      method: 'GET',
      url: url!.slice(BASE.length),
      headers: { accept: 'text/html' },
    });
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('有效');

    // The HTML preview says the same.
    const html = await t.call(ent, { method: 'GET', url: one(docs, 'approval').htmlUrl });
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('本机关决定准予行政许可');
    expect(html.body).toContain('data:image/png;base64,');

    // Who may see them: the applicant, the window, the deciding and the supervising department (市场监管局).
    for (const who of ['clerk', 'auditor', 'inspector']) {
      const s = await t.login(who);
      expect((await t.call(s, { method: 'GET', url: one(docs, 'approval').pdfUrl })).statusCode, who).toBe(
        200,
      );
    }
    for (const who of ['person_demo', 'approver_fgw', 'credit']) {
      const s = await t.login(who);
      expect((await t.call(s, { method: 'GET', url: one(docs, 'approval').pdfUrl })).statusCode, who).toBe(
        404,
      );
      expect(
        (await t.call(s, { method: 'GET', url: `/api/documents?applicationId=${a.id}` })).statusCode,
        who,
      ).toBe(404);
    }
    expect((await t.app.inject({ method: 'GET', url: one(docs, 'approval').pdfUrl })).statusCode).toBe(401);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/public/documents/verify/00000000-0000-4000-8000-000000000000',
        })
      ).statusCode,
    ).toBe(404);
  });
});
