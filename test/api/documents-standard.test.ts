import { describe, expect, it } from 'vitest';
import { completeResidentId, completeUscc } from '../../src/domain/codes';
import { documentsScene } from '../helpers/documents';
import { pdfText } from '../helpers/qr';
import { registerEntity } from '../helpers/registry';

const {
  t,
  BASE,
  CLINIC,
  EXT_B_NAME,
  MONGOLIAN_NAME,
  docsOf,
  pdfOf,
  flat,
  textOf,
  one,
  check,
  REMEDY,
  counterStart,
  submitStandard,
  step,
} = await documentsScene();

describe('official documents', () => {
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

    registerEntity(completeUscc('91150626', 'MA0D0C01'), '乌审旗康宁诊所有限公司');
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
});
