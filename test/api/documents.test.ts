import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { completeResidentId, completeUscc } from '../../src/domain/codes';
import { demoApplicants } from '../../src/server/bootstrap';
import { runAction, systemActor } from '../../src/server/context';
import type { SharedDataAdapter } from '../../src/server/modules/applications/shared-data';
import { issueDocument } from '../../src/server/modules/documents/issue-document';
import { createTestApp, type Session } from '../helpers/app';
import { startCase } from '../helpers/applications';
import { withStatutoryHolidays } from '../helpers/calendar';
import { fakeSeal } from '../helpers/fake-seal';
import { uploadMaterials } from '../helpers/files';
import { decodeQr, pdfText } from '../helpers/qr';

/**
 * Every document of the procedure, generated for real cases driven through the API, read back from the
 * PDF as text: number, parties, item, basis, decision, dates and, where the decision goes against the
 * party, the channels and time limits of 复议 and 诉讼.
 */
const sharedData: SharedDataAdapter = {
  fetch: async (subject, name) => ({
    found: true,
    source: '电子证照库',
    reference: `${name}-${subject.code}`,
  }),
};
// Monday 2026-11-23, 10:00 in Beijing.
const t = await createTestApp({ now: '2026-11-23T02:00:00Z', workers: true, sharedData });
const BASE = 'http://localhost:3000';
// 45 working days from late November reach into 2027: the administrator has loaded its calendar.
const loaded = await t.call(await t.login('sysadmin'), {
  method: 'PUT',
  url: '/api/calendar/years/2027',
  // A year is loaded only with every statutory holiday given off.
  payload: withStatutoryHolidays(2027, {
    notice: '国务院办公厅关于2027年部分节假日安排的通知',
    holidays: [{ date: '2027-01-01', name: '元旦' }],
    workdays: [],
  }),
});
if (loaded.statusCode !== 200) throw new Error(loaded.body);

const FOOD = 'WSQ-ZWFW-001';
const FOOD_ASKED = [
  '食品经营许可申请书',
  '与食品经营相适应的主要设备设施布局、操作流程等文件',
  '食品安全管理制度目录',
];
const FOOD_MAIN = FOOD_ASKED.slice(0, 2);
const CLINIC = 'WSQ-WJW-002'; // 医疗机构执业登记: standard procedure, 卫健委
const CLINIC_ASKED = ['医疗机构执业登记申请书', '医疗机构用房产权证明或使用证明', '医疗机构规章制度'];
const SAVING = 'WSQ-FGW-002'; // 固定资产投资项目节能审查: license commitment, 发改委, supervised by 市场监管局

/** Names outside the basic set: CJK Extension B, and Mongolian script (Bayan Möngke). */
const EXT_B_NAME = '𠮷祥云';
const MONGOLIAN_NAME = 'ᠪᠠᠶᠠᠨ ᠮᠥᠩᠬᠡ';

type Doc = { id: string; kind: string; title: string; number: string; pdfUrl: string; htmlUrl: string };

const docsOf = async (s: Session, applicationId: string): Promise<Doc[]> => {
  const res = await t.call(s, { method: 'GET', url: `/api/documents?applicationId=${applicationId}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
};
const pdfOf = async (s: Session, d: Doc): Promise<Buffer> => {
  const res = await t.call(s, { method: 'GET', url: d.pdfUrl });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  // To look at what was printed: DOCUMENTS_OUT=/some/folder npx vitest run test/api/documents.test.ts
  if (process.env.DOCUMENTS_OUT)
    writeFileSync(`${process.env.DOCUMENTS_OUT}/${d.kind}-${d.id.slice(0, 8)}.pdf`, res.rawPayload);
  return res.rawPayload;
};
/** Text as extracted, with line breaks removed: a phrase may wrap anywhere in a justified letter. */
const flat = (s: string) => s.replace(/\s*\n\s*/g, '');
const textOf = async (s: Session, d: Doc) => flat(await pdfText(await pdfOf(s, d)));
const one = (docs: Doc[], kind: string) => {
  const d = docs.find((x) => x.kind === kind);
  expect(d, `${kind} in ${docs.map((x) => x.kind)}`).toBeTruthy();
  return d!;
};
const check = async (url: string) => {
  expect(url.startsWith(`${BASE}/api/public/documents/verify/`), url).toBe(true);
  const res = await t.app.inject({ method: 'GET', url: url.slice(BASE.length) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const REMEDY =
  /自收到本(决定|通知书)之日起六十日内向乌审旗人民政府申请行政复议，也可以自收到本\1之日起六个月内依法向乌审旗人民法院提起行政诉讼/;

const counterStart = async (clerk: Session, itemCode: string, subject: Record<string, string>) => {
  const res = await t.call(clerk, {
    method: 'POST',
    url: '/api/applications',
    payload: { itemCode, subject },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().application;
};
const submitStandard = async (s: Session, a: { id: string }) => {
  const res = await t.call(s, {
    method: 'POST',
    url: `/api/applications/${a.id}/submit`,
    payload: { mode: 'standard', materials: await uploadMaterials(t, s, CLINIC_ASKED), commit: false },
  });
  expect(res.statusCode, res.body).toBe(200);
};
const step = async (s: Session, id: string, what: string, comment?: string) => {
  const res = await t.call(s, {
    method: 'POST',
    url: `/api/applications/${id}/${what}`,
    payload: comment ? { comment } : {},
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

/** 食品经营许可 by the demo enterprise, on commitment: decided at once. */
const decideOnTheSpot = async (ent: Session) => {
  // One live license per subject and item: a later case is a change of the license already held.
  const a = (await startCase(t, ent, { itemCode: FOOD, legalRepresentative: '其其格' })).application;
  const res = await t.call(ent, {
    method: 'POST',
    url: `/api/applications/${a.id}/submit`,
    payload: {
      mode: 'license_commitment',
      materials: await uploadMaterials(t, ent, FOOD_ASKED),
      commit: true,
      version: a.version,
    },
  });
  expect(res.json().status).toBe('approved');
  return { a, license: res.json().license };
};

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
      '法定代表人：其其格',
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
      '其其格',
      '2026年11月23日至2031年11月22日',
    ]) {
      expect(cert, part).toContain(part);
    }
    expect(cert).toContain(one(docs, 'approval').number);

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

  it('the standard procedure: 受理通知书, 准予决定书 and a license for a name in CJK Extension B; 不予受理 for a name in Mongolian script; 不予行政许可 with 复议 and 诉讼', async () => {
    const clerk = await t.login('clerk');
    const approver = await t.login('approver');

    const extB = await counterStart(clerk, CLINIC, {
      kind: 'individual',
      code: completeResidentId('15062619880808123'),
      name: EXT_B_NAME,
    });
    await submitStandard(clerk, extB);
    const accepted = await step(clerk, extB.id, 'accept');
    await step(approver, extB.id, 'review');
    await step(approver, extB.id, 'approve');
    let docs = await docsOf(clerk, extB.id);
    expect(docs.map((d) => d.kind)).toEqual(['acceptance', 'approval', 'license']);
    const acceptance = await textOf(clerk, one(docs, 'acceptance'));
    expect(one(docs, 'acceptance').number).toMatch(/^乌卫许受字〔2026〕第\d+号$/);
    for (const part of [
      one(docs, 'acceptance').number,
      '受理通知书',
      `${EXT_B_NAME}：`,
      '“医疗机构执业登记”申请',
      '第三十二条第一款第（五）项',
      '本机关决定予以受理',
      `45个工作日内作出决定，法定办结期限至${accepted.legalDeadline.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')}`,
      '《医疗机构管理条例》第十五条',
      '乌审旗卫生健康委员会',
    ]) {
      expect(acceptance, part).toContain(part);
    }
    const approval = await textOf(clerk, one(docs, 'approval'));
    expect(approval).toContain(`申请人：${EXT_B_NAME}`);
    // A person's number is printed masked.
    expect(approval).toMatch(/公民身份号码：150\*+123\d|公民身份号码：150\*+\d{4}/);
    const certText = await pdfText(await pdfOf(clerk, one(docs, 'license')));
    expect(certText).toContain(EXT_B_NAME);
    expect(certText).toContain('医疗机构执业许可证');
    const verified = await check(`${BASE}/api/public/documents/verify/${one(docs, 'license').id}`);
    // The public sees a person's name masked.
    expect(verified.holderName).toBe('𠮷*云');

    const mongolian = await counterStart(clerk, CLINIC, {
      kind: 'individual',
      code: completeResidentId('15062619920202456'),
      name: MONGOLIAN_NAME,
    });
    await submitStandard(clerk, mongolian);
    await step(clerk, mongolian.id, 'reject', '申请事项依法不属于本机关职权范围');
    docs = await docsOf(clerk, mongolian.id);
    expect(docs.map((d) => d.kind)).toEqual(['non_acceptance']);
    const refusalRaw = await pdfText(await pdfOf(clerk, docs[0]!));
    expect(refusalRaw).toContain(`${MONGOLIAN_NAME}：`);
    const refusal = flat(refusalRaw);
    expect(docs[0]!.number).toMatch(/^乌卫许不受字〔2026〕第\d+号$/);
    expect(refusal).toContain('不予受理通知书');
    expect(refusal).toContain('申请事项依法不属于本机关职权范围');
    expect(refusal).toContain('本机关决定不予受理');
    expect(refusal).toMatch(REMEDY);

    const company = await counterStart(clerk, CLINIC, {
      kind: 'enterprise',
      code: completeUscc('91150626', 'MA0D0C01'),
      name: '乌审旗康宁诊所有限公司',
    });
    await submitStandard(clerk, company);
    await step(clerk, company.id, 'accept');
    await step(approver, company.id, 'review');
    await step(approver, company.id, 'reject', '执业场所面积不符合《医疗机构基本标准》');
    docs = await docsOf(approver, company.id);
    expect(docs.map((d) => d.kind)).toEqual(['acceptance', 'rejection']);
    const rejection = await textOf(approver, one(docs, 'rejection'));
    expect(one(docs, 'rejection').number).toMatch(/^乌卫许不准字〔2026〕第\d+号$/);
    for (const part of [
      '不予行政许可决定书',
      '申请人：乌审旗康宁诊所有限公司',
      '执业场所面积不符合《医疗机构基本标准》',
      '第三十八条第二款',
      '本机关决定不予行政许可',
    ]) {
      expect(rejection, part).toContain(part);
    }
    expect(rejection).toMatch(REMEDY);
    // Two acceptances of 卫健委 this year: consecutive numbers of one series, never the same.
    const serial = (n: string) => Number(/第(\d+)号/.exec(n)![1]);
    const acceptances = [(await docsOf(clerk, extB.id))[0]!.number, one(docs, 'acceptance').number];
    expect(serial(acceptances[1]!)).toBe(serial(acceptances[0]!) + 1);
  });

  it('revocation: 撤销决定书 with its remedies, and the license checks as revoked, when and why', async () => {
    const clerk = await t.login('clerk');
    const subject = {
      kind: 'enterprise',
      code: completeUscc('91150626', 'MA0E0N01'),
      name: '乌审旗节能示范有限公司',
    };
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

  it('信用修复决定书: granted, and refused with its remedies', async () => {
    const credit = await t.login('credit');
    const person = demoApplicants.individual;
    const record = async (summary: string) => {
      const res = await t.call(credit, {
        method: 'POST',
        url: '/api/credit/records',
        payload: {
          subject: { kind: 'individual', code: person.residentId, name: person.name },
          kind: 'broken_commitment',
          severity: 'general',
          authority: '乌审旗市场监督管理局',
          decidedOn: '2026-06-01',
          summary,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const me = await t.login('person_demo');
    const ask = async (recordId: string) => {
      const res = await t.call(me, {
        method: 'POST',
        url: '/api/credit/repair-requests',
        payload: { recordId, evidence: '已按要求整改并经复查合格', commitment: '今后严格履行承诺' },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const granted = await ask(await record('未按承诺配备专职食品安全管理人员'));
    const refused = await ask(await record('未按承诺整改消防通道'));
    for (const [id, approve, note] of [
      [granted, true, '已纠正失信行为，准予修复'],
      [refused, false, '提交的整改证明与记录事由不符'],
    ] as const) {
      const res = await t.call(credit, {
        method: 'POST',
        url: `/api/credit/repair-requests/${id}/decision`,
        payload: { approve, note },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const docOf = async (s: Session, id: string) => {
      const res = await t.call(s, { method: 'GET', url: `/api/documents?repairRequestId=${id}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items[0] as Doc;
    };
    const yes = await docOf(me, granted);
    expect(yes.number).toMatch(/^乌信用修字〔2026〕第\d+号$/);
    const yesText = await textOf(me, yes);
    for (const part of [
      '信用修复决定书',
      `申请人：${person.name}`,
      '违诺（认定机关：乌审旗市场监督管理局；认定日期：2026年6月1日；事由：未按承诺配备专职食品安全管理人员）',
      '国家发展和改革委员会令2023年第58号',
      '本机关决定予以信用修复',
      '乌审旗公共信用信息中心',
    ]) {
      expect(yesText, part).toContain(part);
    }
    expect(yesText).not.toMatch(REMEDY);
    const no = await docOf(credit, refused);
    expect(no.title).toBe('不予信用修复决定书');
    const noText = await textOf(credit, no);
    expect(noText).toContain('提交的整改证明与记录事由不符');
    expect(noText).toContain('本机关决定不予信用修复');
    expect(noText).toMatch(REMEDY);
    // Someone else's repair is not there for another applicant.
    const ent = await t.login('ent_demo');
    expect(
      (await t.call(ent, { method: 'GET', url: `/api/documents?repairRequestId=${granted}` })).statusCode,
    ).toBe(404);
    expect((await t.call(ent, { method: 'GET', url: yes.pdfUrl })).statusCode).toBe(404);
  });

  it('容缺受理通知书 with due dates, 补正通知书 before they fall due and 催告书 after', async () => {
    let ent = await t.login('ent_demo');
    const a = (await startCase(t, ent, { itemCode: FOOD })).application;
    const res = await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: {
        mode: 'missing_materials',
        materials: await uploadMaterials(t, ent, FOOD_MAIN),
        missing: ['食品安全管理制度目录'],
        commit: true,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const due = res.json().missing[0].dueDate as string;
    expect(due).toBe('2026-11-30'); // 5 working days from Monday 23 November
    let docs = await docsOf(ent, a.id);
    expect(docs.map((d) => d.kind)).toEqual(['commitment', 'missing_acceptance']);
    const notice = await textOf(ent, one(docs, 'missing_acceptance'));
    expect(one(docs, 'missing_acceptance').number).toMatch(/^乌政务容受字〔2026〕第\d+号$/);
    for (const part of [
      '容缺受理通知书',
      '本机关决定予以容缺受理',
      '1. 食品安全管理制度目录（补正期限：2026年11月30日前）',
    ]) {
      expect(notice, part).toContain(part);
    }

    // The working day before the due date: 补正通知书.
    await t.clock.set('2026-11-27T02:00:00Z');
    await t.runJobs();
    ent = await t.login('ent_demo');
    docs = await docsOf(ent, a.id);
    const correction = await textOf(ent, one(docs, 'correction'));
    expect(one(docs, 'correction').number).toMatch(/^乌政务补字〔2026〕第\d+号$/);
    expect(correction).toContain('补正通知书');
    expect(correction).toContain('食品安全管理制度目录（补正期限：2026年11月30日前）');
    expect(correction).toContain('2026年11月27日');

    // The due date passed: 催告书 with the final due date, five working days on.
    await t.clock.set('2026-12-01T01:00:00Z');
    await t.runJobs();
    ent = await t.login('ent_demo');
    docs = await docsOf(ent, a.id);
    expect(docs.map((d) => d.kind)).toEqual(['commitment', 'missing_acceptance', 'correction', 'reminder']);
    const reminder = await textOf(ent, one(docs, 'reminder'));
    expect(one(docs, 'reminder').number).toMatch(/^乌政务催字〔2026〕第\d+号$/);
    for (const part of [
      '催告书',
      '至今逾期未补正',
      '请于2026年12月8日前补齐上述材料',
      '终止办理',
      '记入信用记录',
    ]) {
      expect(reminder, part).toContain(part);
    }
  });

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
