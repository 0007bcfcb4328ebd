import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { creditSubject } from '../../src/server/db/schema';
import { addRecord, creditScene, enterprise, freshResidentId } from '../helpers/credit';

const { t, credit, clerk, approver, ent, post, get } = await creditScene();

describe('records', () => {
  it('a credit officer of the credit department enters a record; nobody else may', async () => {
    const subject = enterprise();
    const body = {
      subject,
      kind: 'administrative_penalty',
      severity: 'general',
      authority: '乌审旗市场监督管理局',
      decidedOn: '2026-10-12',
      summary: '销售过期食品，罚款',
      penaltyFulfilled: false,
    };
    const res = await post(credit, '/api/credit/records', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'administrative_penalty',
      kindLabel: '行政处罚',
      severityLabel: '一般',
      status: 'active',
      published: true,
      publicityEnd: '2027-10-12',
      earliestRepairOn: '2027-01-12',
      source: 'local',
      subject: { code: subject.code },
    });
    for (const who of [clerk, approver, ent])
      expect((await post(who, '/api/credit/records', body)).statusCode).toBe(403);
    expect((await post(null, '/api/credit/records', body)).statusCode).toBe(401);
  });

  it('refuses a bad code, an unknown kind, a future date, and fields that do not fit the kind', async () => {
    const base = {
      subject: enterprise(),
      kind: 'blacklist',
      severity: 'serious',
      authority: '某局',
      decidedOn: '2026-10-12',
      summary: '事由',
    };
    const bad = [
      { ...base, subject: { ...base.subject, code: '91150626MA0N8K2Q0X' } },
      { ...base, kind: 'parking_ticket' },
      { ...base, decidedOn: '2026-12-30' },
      { ...base, penaltyFulfilled: true },
      { ...base, validUntil: '2027-01-01' },
      { ...base, subject: { kind: 'individual', code: '150626199003081520', name: '某人' } },
    ];
    for (const b of bad) {
      const res = await post(credit, '/api/credit/records', b);
      expect(res.statusCode, JSON.stringify(b)).toBe(400);
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('refuses a 事由 that names a person by resident ID or mobile number, and writes nothing', async () => {
    const subject = enterprise();
    const body = {
      subject,
      kind: 'administrative_penalty',
      severity: 'general',
      authority: '乌审旗市场监督管理局',
      decidedOn: '2026-10-12',
      penaltyFulfilled: false,
    };
    const id = freshResidentId();
    for (const summary of [`法定代表人${id}未按期整改`, '联系电话 138 1234 5678，拒不整改']) {
      const res = await post(credit, '/api/credit/records', { ...body, summary });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().message).toContain('事由将向社会公开，其中含有个人信息');
      expect(res.json().details.field).toBe('summary');
      expect(res.body).not.toContain(id);
      expect(res.body).not.toContain('1234 5678');
    }
    expect((await get(credit, `/api/credit/records?subjectCode=${subject.code}`)).json().total).toBe(0);
    // A USCC or a document number is not a person's number.
    const ok = await post(credit, '/api/credit/records', {
      ...body,
      summary: `${subject.code} 销售过期食品，乌市监罚〔2026〕120号`,
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('stores a resident ID encrypted and shows it masked', async () => {
    const id = freshResidentId();
    const r = await addRecord(
      t,
      credit,
      { kind: 'individual', code: id, name: '测试个人' },
      {
        kind: 'broken_commitment',
        severity: 'general',
        decidedOn: '2026-10-01',
      },
    );
    const listed = await get(credit, `/api/credit/records/${r.id}`);
    expect(listed.json().subject.code).toBe(id); // the credit department sees it whole
    expect((await get(credit, `/api/credit/records?subjectCode=${id}`)).json().total).toBe(1);
    const pub = (await get(null, '/api/public/credit/records?pageSize=200')).json();
    const shown = pub.items.find((i: { subjectCode: string }) => i.subjectCode.endsWith(id.slice(-4)));
    expect(shown.subjectCode).toBe(`${id.slice(0, 3)}***********${id.slice(-4)}`);
    expect(shown.subjectName).toBe('测**人');
    const [row] = await t.database.db
      .select()
      .from(creditSubject)
      .where(eq(creditSubject.id, listed.json().subject.id));
    expect(row!.residentIdHash).toBeTruthy();
    expect(JSON.stringify(row)).not.toContain(id);
  });
});

describe('grades and the subject file', () => {
  it('a grade takes a value of a scale some jurisdiction uses; the officer sees the whole file', async () => {
    const subject = enterprise('等级测试有限公司');
    const grade = (scale: string, value: string, who = credit) =>
      post(who, '/api/credit/grades', {
        subject,
        scale,
        value,
        source: '信用风险分类',
        gradedOn: '2026-10-01',
      });
    expect((await grade('yangzhou', 'E')).statusCode).toBe(201);
    expect((await grade('national', 'b')).statusCode).toBe(201);
    expect((await grade('national', 'E')).statusCode).toBe(400);
    expect((await grade('moon', 'A')).json().message).toContain('未知的等级体系');
    expect((await grade('national', 'A', clerk)).statusCode).toBe(403);
    const file = await get(credit, `/api/credit/subjects/lookup?kind=enterprise&code=${subject.code}`);
    expect(file.statusCode).toBe(200);
    expect(
      file
        .json()
        .grades.map((g: { scale: string; value: string }) => `${g.scale}:${g.value}`)
        .sort(),
    ).toEqual(['national:B', 'yangzhou:E']);
    expect(
      (await get(clerk, `/api/credit/subjects/lookup?kind=enterprise&code=${subject.code}`)).statusCode,
    ).toBe(403);
    expect(
      (await get(credit, `/api/credit/subjects/lookup?kind=enterprise&code=${enterprise().code}`)).statusCode,
    ).toBe(404);
  });
});
