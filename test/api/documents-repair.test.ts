import { describe, expect, it } from 'vitest';
import { demoApplicants } from '../../src/server/bootstrap';
import type { Session } from '../helpers/app';
import { type Doc, documentsScene } from '../helpers/documents';

const { t, textOf, REMEDY } = await documentsScene();

describe('official documents', () => {
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
});
