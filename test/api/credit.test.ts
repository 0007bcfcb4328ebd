import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApplicants } from '../../src/server/bootstrap';
import { runAction, systemActor } from '../../src/server/context';
import { auditLog, creditSubject, outboxMessage } from '../../src/server/db/schema';
import { demoCreditSubjects } from '../../src/server/modules/credit/seed/seed-credit';
import { recordBreach } from '../../src/server/modules/credit/service';
import { HttpCreditPlatform } from '../../src/server/modules/credit/sources';
import { createTestApp, type Session } from '../helpers/app';
import { addGrade, addRecord, check, enterprise, freshResidentId, itemInRegion } from '../helpers/credit';

// A real HTTP server plays the external credit platform: it answers, answers late, fails once, or
// reports records, depending on the code asked about.
const platformState = {
  slow: new Set<string>(),
  flaky: new Map<string, number>(),
  records: new Map<string, object[]>(),
};
let platformCalls = 0;
const platform = createServer((req: IncomingMessage, res: ServerResponse) => {
  let body = '';
  req.on('data', (c) => {
    body += c;
  });
  req.on('end', () => {
    platformCalls++;
    const { code } = JSON.parse(body) as { code: string };
    if (req.headers.authorization !== 'Bearer platform-secret') {
      res.writeHead(401).end();
      return;
    }
    if (platformState.slow.has(code)) return; // never answers: the adapter's timeout must fire
    const failures = platformState.flaky.get(code) ?? 0;
    if (failures > 0) {
      platformState.flaky.set(code, failures - 1);
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ records: platformState.records.get(code) ?? [], grade: null }));
  });
});
// Any free port: two suites may run side by side, and a taken port would leave the listen pending forever.
await new Promise<void>((r) => platform.listen(0, '127.0.0.1', r));
const PORT = (platform.address() as AddressInfo).port;

const t = await createTestApp({
  now: '2026-11-23T02:00:00Z',
  workers: true,
  creditSources: [
    new HttpCreditPlatform({
      id: 'creditchina',
      name: '信用中国（测试）',
      url: `http://127.0.0.1:${PORT}`,
      token: 'platform-secret',
      timeoutMs: 300,
      retries: 1,
    }),
  ],
});
afterAll(async () => {
  platform.closeAllConnections();
  await new Promise((r) => platform.close(r));
});

let credit: Session;
let clerk: Session;
let approver: Session;
let approverFgw: Session;
let ent: Session;
let person: Session;
let wushenItem: string;
const depts: Record<string, string> = {};

beforeAll(async () => {
  credit = await t.login('credit');
  clerk = await t.login('clerk');
  approver = await t.login('approver'); // 卫健委
  approverFgw = await t.login('approver_fgw');
  ent = await t.login('ent_demo');
  person = await t.login('person_demo');
  const res = await t.call(clerk, { method: 'GET', url: '/api/departments' });
  for (const d of res.json().items as { code: string; id: string }[]) depts[d.code] = d.id;
  wushenItem = await itemInRegion(t, 'CRW1', '150626');
});

const post = (s: Session | null, url: string, payload?: object) =>
  t.call(s, { method: 'POST', url, ...(payload ? { payload } : {}) });
const get = (s: Session | null, url: string) => t.call(s, { method: 'GET', url });

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

describe('the credit check record', () => {
  it('records who checked, which sources were asked and what each returned, the policy, outcome and reasons', async () => {
    const subject = enterprise();
    const r = await addRecord(t, credit, subject, {
      kind: 'false_commitment',
      severity: 'general',
      decidedOn: '2026-07-01',
    });
    await addGrade(t, credit, subject, 'national', 'B');
    const res = await check(t, clerk, subject, wushenItem);
    const stored = await get(clerk, `/api/credit/checks/${res.id}`);
    expect(stored.statusCode).toBe(200);
    const c = stored.json();
    expect(c).toMatchObject({
      id: res.id,
      checkedBy: { kind: 'staff', name: 'clerk' },
      departmentId: depts['WSQ-ZWFW'],
      itemVersionId: wushenItem,
      grade: { scale: 'national', value: 'B' },
      policy: { code: 'wushen', version: 1 },
      outcome: 'not_eligible',
      outcomeLabel: '不适用告知承诺（按一般程序办理）',
      allowedModes: ['standard'],
      restrictions: ['key_review'],
    });
    expect(c.policy.basis).toContain('乌审旗');
    expect(c.sources).toEqual([
      expect.objectContaining({
        source: 'local',
        ok: true,
        recordsFound: 1,
        grade: { scale: 'national', value: 'B' },
      }),
      expect.objectContaining({ source: 'creditchina', name: '信用中国（测试）', ok: true, recordsFound: 0 }),
    ]);
    expect(c.records).toEqual([
      expect.objectContaining({ id: r.id, source: 'local', kind: 'false_commitment', inEffect: true }),
    ]);
    expect(c.reasons).toContainEqual(expect.objectContaining({ rule: 'false_commitment', recordId: r.id }));
    const [audit] = await t.database.db.select().from(auditLog).where(eq(auditLog.targetId, res.id));
    expect(audit).toMatchObject({ action: 'credit.check', actorName: 'clerk' });
  });

  it('allowed modes are the policy’s modes within the item’s, always with the standard procedure', async () => {
    const catalog = await t.login('catalog');
    const exported = (await get(catalog, '/api/catalog/export?format=json')).json().items as {
      code: string;
      modes: string[];
    }[];
    const oneForm = exported.find((i) => i.modes.filter((m) => m !== 'standard').join() === 'one_form');
    expect(oneForm).toBeDefined();
    const pub = await get(null, `/api/public/catalog/items/${oneForm!.code}`);
    const versionId = pub.json().versionId;
    const res = await check(t, clerk, enterprise(), versionId);
    expect(res.outcome).toBe('eligible');
    expect(res.allowedModes).toEqual(['one_form', 'standard']);
  });

  it('an external source that does not answer in time: not eligible, with the reason, never silently eligible', async () => {
    const subject = enterprise();
    platformState.slow.add(subject.code);
    const started = Date.now();
    const res = await check(t, clerk, subject, wushenItem);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(res.outcome).toBe('not_eligible');
    expect(res.allowedModes).toEqual(['standard']);
    const reason = res.reasons.find((r: { rule: string }) => r.rule === 'source_unavailable');
    expect(reason.message).toContain('信用中国（测试）');
    expect(reason.message).toContain('超时');
    const src = res.sources.find((s: { source: string }) => s.source === 'creditchina');
    expect(src).toMatchObject({ ok: false });
    expect(src.error).toContain('已重试1次');
  });

  it('retries a platform that fails once, and counts what it reports', async () => {
    const subject = enterprise();
    platformState.flaky.set(subject.code, 1);
    platformState.records.set(subject.code, [
      {
        ref: 'CC-2026-001',
        kind: 'serious_dishonesty_list',
        severity: 'serious',
        authority: '国家发展改革委',
        decidedOn: '2026-05-01',
        summary: '列入严重失信主体名单',
      },
    ]);
    const before = platformCalls;
    const res = await check(t, clerk, subject, wushenItem);
    expect(platformCalls - before).toBe(2);
    expect(res.outcome).toBe('not_eligible');
    expect(res.reasons).toContainEqual(
      expect.objectContaining({ rule: 'dishonesty_list', recordId: 'creditchina:CC-2026-001' }),
    );
    expect(res.sources.find((s: { source: string }) => s.source === 'creditchina')).toMatchObject({
      ok: true,
      recordsFound: 1,
    });
  });

  it('lists the checks of one application, only to those who may read them', async () => {
    const subject = enterprise();
    const ran = await t.call(clerk, {
      method: 'POST',
      url: '/api/credit/checks',
      payload: { subject, itemVersionId: wushenItem, applicationId: 'APP-LIST-1' },
    });
    expect(ran.statusCode).toBe(201);
    await t.call(clerk, {
      method: 'POST',
      url: '/api/credit/checks',
      payload: { subject, itemVersionId: wushenItem, applicationId: 'APP-LIST-1' },
    });
    const listed = await get(clerk, '/api/credit/checks?applicationId=APP-LIST-1');
    expect(listed.json().items).toHaveLength(2);
    expect(listed.json().items.map((c: { id: string }) => c.id)).toContain(ran.json().id);
    expect(
      listed.json().items.every((c: { applicationId: string }) => c.applicationId === 'APP-LIST-1'),
    ).toBe(true);
    expect((await get(approver, '/api/credit/checks?applicationId=APP-LIST-1')).json().items).toEqual([]);
    expect((await get(person, '/api/credit/checks?applicationId=APP-LIST-1')).json().items).toEqual([]);
    expect((await get(null, '/api/credit/checks?applicationId=APP-LIST-1')).statusCode).toBe(401);
  });

  it('who may read a check: clerks, the credit department, the item’s approvers, the applicant itself', async () => {
    const own = await check(
      t,
      clerk,
      { kind: 'enterprise', code: demoApplicants.enterprise.uscc, name: demoApplicants.enterprise.name },
      wushenItem,
    );
    expect((await get(clerk, `/api/credit/checks/${own.id}`)).statusCode).toBe(200);
    expect((await get(credit, `/api/credit/checks/${own.id}`)).statusCode).toBe(200);
    const mine = await get(ent, `/api/credit/checks/${own.id}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().grade).toBeNull(); // grades serve the departments only
    expect(mine.json().sources.length).toBeGreaterThan(0);
    expect(mine.json().sources.every((s: { grade: unknown }) => s.grade === null)).toBe(true);
    // Another applicant's check, like every foreign object, does not exist for the caller.
    const foreign = await get(person, `/api/credit/checks/${own.id}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual({ code: 'NOT_FOUND', message: '信用核查记录不存在' });
    // The test item belongs to a department of its own: neither demo approver handles it.
    expect((await get(approver, `/api/credit/checks/${own.id}`)).statusCode).toBe(404);
    expect((await get(null, `/api/credit/checks/${own.id}`)).statusCode).toBe(401);
    const inspector = await t.login('inspector');
    expect((await get(inspector, `/api/credit/checks/${own.id}`)).statusCode).toBe(403);
    expect(
      (await post(inspector, '/api/credit/checks', { subject: enterprise(), itemVersionId: null }))
        .statusCode,
    ).toBe(403);
    expect(
      (await post(ent, '/api/credit/checks', { subject: enterprise(), itemVersionId: null })).statusCode,
    ).toBe(403);
    // An approver runs a check for its own department's case and reads it; another department's may not.
    const byApprover = await check(t, approverFgw, enterprise(), null);
    expect((await get(approverFgw, `/api/credit/checks/${byApprover.id}`)).statusCode).toBe(200);
    expect((await get(approver, `/api/credit/checks/${byApprover.id}`)).statusCode).toBe(404);
  });
});

describe('demo subjects', () => {
  it('the demo enterprise is eligible; the demo subjects show conditional and not eligible', async () => {
    const e = demoApplicants.enterprise;
    const eligible = await check(t, clerk, { kind: 'enterprise', code: e.uscc, name: e.name }, null);
    expect(eligible.outcome).toBe('eligible');
    const p = demoApplicants.individual;
    expect(
      (await check(t, clerk, { kind: 'individual', code: p.residentId, name: p.name }, null)).outcome,
    ).toBe('eligible');
    expect((await check(t, clerk, demoCreditSubjects.conditional, null)).outcome).toBe('conditional');
    expect((await check(t, clerk, demoCreditSubjects.notEligible, null)).outcome).toBe('not_eligible');
  });

  it('an applicant sees its own records and checks, never its grade', async () => {
    const res = await get(ent, '/api/credit/me');
    expect(res.statusCode).toBe(200);
    expect(res.json().subject.code).toBe(demoApplicants.enterprise.uscc);
    expect(res.json().records.map((r: { kind: string }) => r.kind)).toContain('tax_credit_a');
    // The check list carries outcomes only; the grade behind them stays with the credit department.
    expect(res.json().checks.length).toBeGreaterThan(0);
    expect(res.json().checks.every((c: object) => !('grade' in c))).toBe(true);
    expect((await get(clerk, '/api/credit/me')).statusCode).toBe(403);
  });

  it('the public sees published dishonesty records, never grades or minor records', async () => {
    const res = await get(null, '/api/public/credit/records?pageSize=200');
    expect(res.statusCode).toBe(200);
    const names = res.json().items.map((i: { subjectName: string }) => i.subjectName);
    expect(names).toContain(demoCreditSubjects.notEligible.name);
    expect(names).not.toContain(demoApplicants.enterprise.name);
    expect(res.body).not.toMatch(/grade|等级/);
  });
});

describe('breach events', () => {
  it('create the records the case’s policy version dictates, audited and pushed, once per event', async () => {
    const subject = enterprise('扎兰屯某商贸有限公司', '150783');
    const item = await itemInRegion(t, 'ZLT9', '150783');
    const judged = await check(t, clerk, subject, item);
    expect(judged.policy.code).toBe('zhalantun');
    const deps = t.app.deps;
    const breach = () =>
      runAction(deps, { actor: systemActor('监管反馈'), requestId: null }, (ctx) =>
        recordBreach(ctx, {
          subject,
          event: 'missing_materials_unsupplied',
          policyVersionId: judged.policy.id,
          decidingDepartmentId: depts['WSQ-WJW']!,
          reason: '容缺材料《场所平面图》经催告后仍未提交',
          applicationId: 'APP-TEST-1',
        }),
      );
    const first = await breach();
    expect(first.records).toEqual([expect.objectContaining({ kind: 'blacklist', severity: 'serious' })]);
    expect((await breach()).records).toEqual(first.records);
    const pushed = await t.database.db
      .select()
      .from(outboxMessage)
      .where(eq(outboxMessage.aggregateId, first.records[0]!.id));
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatchObject({ topic: 'credit_record' });
    expect(pushed[0]!.payload).toMatchObject({
      kind: 'blacklist',
      kindLabel: '黑名单',
      subjectCode: subject.code,
    });
    const after = await check(t, clerk, subject, item);
    expect(after.outcome).toBe('not_eligible');

    // 乌审旗: a false commitment is a serious 虚假承诺 record, and nothing else.
    const ws = enterprise();
    const wsJudged = await check(t, clerk, ws, wushenItem);
    const res = await runAction(deps, { actor: systemActor('监管反馈'), requestId: null }, (ctx) =>
      recordBreach(ctx, {
        subject: ws,
        event: 'false_commitment',
        policyVersionId: wsJudged.policy.id,
        decidingDepartmentId: depts['WSQ-WJW']!,
        reason: '现场核验发现承诺内容不实',
        applicationId: 'APP-TEST-2',
      }),
    );
    expect(res.records).toEqual([expect.objectContaining({ kind: 'false_commitment', severity: 'serious' })]);
  });
});

describe('breach consequences per jurisdiction', () => {
  it('鄂尔多斯 grades a false commitment by its social impact; 扎兰屯 blacklists it too; 义马 records a general one', async () => {
    const deps = t.app.deps;
    const cases = [
      {
        region: '150627',
        code: 'ORD9',
        impact: 'serious' as const,
        expect: [['false_commitment', 'serious']],
      },
      { region: '150627', code: 'ORD8', impact: undefined, expect: [['false_commitment', 'general']] },
      {
        region: '150783',
        code: 'ZLT8',
        impact: undefined,
        expect: [
          ['false_commitment', 'serious'],
          ['blacklist', 'serious'],
        ],
      },
      { region: '411281', code: 'YM9', impact: undefined, expect: [['false_commitment', 'general']] },
      { region: '321084', code: 'YZ9', impact: undefined, expect: [['false_commitment', 'serious']] },
    ];
    for (const c of cases) {
      const subject = enterprise();
      const item = await itemInRegion(t, c.code, c.region);
      const judged = await check(t, clerk, subject, item);
      const res = await runAction(deps, { actor: systemActor('监管反馈'), requestId: null }, (ctx) =>
        recordBreach(ctx, {
          subject,
          event: 'false_commitment',
          policyVersionId: judged.policy.id,
          decidingDepartmentId: depts['WSQ-WJW']!,
          reason: '承诺不实',
          applicationId: `APP-${c.code}`,
          ...(c.impact ? { impact: c.impact } : {}),
        }),
      );
      expect(
        res.records.map((r) => [r.kind, r.severity]),
        c.code,
      ).toEqual(c.expect);
      expect((await check(t, clerk, subject, item)).outcome, c.code).toBe('not_eligible');
    }
  });
});

describe('credit repair', () => {
  const repairBody = (recordId: string) => ({
    recordId,
    evidence: '已缴清罚款并完成整改，附缴款凭证',
    commitment: '本单位承诺今后依法诚信经营，如有失信行为愿意接受惩戒',
  });
  const entSubject = {
    kind: 'enterprise' as const,
    code: demoApplicants.enterprise.uscc,
    name: demoApplicants.enterprise.name,
  };

  it('waits for the minimum publicity period of each severity', async () => {
    // Today is 2026-11-23.
    const minor = await addRecord(t, credit, entSubject, {
      kind: 'broken_commitment',
      severity: 'minor',
      decidedOn: '2026-11-10',
    });
    const generalEarly = await addRecord(t, credit, entSubject, {
      kind: 'broken_commitment',
      severity: 'general',
      decidedOn: '2026-09-01',
    });
    const generalDue = await addRecord(t, credit, entSubject, {
      kind: 'abnormal_operation',
      severity: 'general',
      decidedOn: '2026-08-01',
    });
    const seriousEarly = await addRecord(t, credit, entSubject, {
      kind: 'false_commitment',
      severity: 'serious',
      decidedOn: '2025-12-01',
    });
    const seriousDue = await addRecord(t, credit, entSubject, {
      kind: 'blacklist',
      severity: 'serious',
      decidedOn: '2025-11-01',
    });

    expect((await post(ent, '/api/credit/repair-requests', repairBody(minor.id))).statusCode).toBe(201);
    const early = await post(ent, '/api/credit/repair-requests', repairBody(generalEarly.id));
    expect(early.statusCode).toBe(412);
    expect(early.json().message).toContain('2026-12-01');
    expect((await post(ent, '/api/credit/repair-requests', repairBody(generalDue.id))).statusCode).toBe(201);
    const sEarly = await post(ent, '/api/credit/repair-requests', repairBody(seriousEarly.id));
    expect(sEarly.statusCode).toBe(412);
    expect(sEarly.json().message).toContain('严重');
    expect((await post(ent, '/api/credit/repair-requests', repairBody(seriousDue.id))).statusCode).toBe(201);
    // Twice for one record: refused while the first is pending.
    expect((await post(ent, '/api/credit/repair-requests', repairBody(minor.id))).statusCode).toBe(409);
  });

  it('a penalty must be fulfilled first; only the subject itself may ask', async () => {
    const r = await addRecord(t, credit, entSubject, {
      kind: 'administrative_penalty',
      severity: 'minor',
      decidedOn: '2026-11-02',
      penaltyFulfilled: false,
    });
    const res = await post(ent, '/api/credit/repair-requests', repairBody(r.id));
    expect(res.statusCode).toBe(412);
    expect(res.json().message).toContain('履行');
    expect((await post(person, '/api/credit/repair-requests', repairBody(r.id))).statusCode).toBe(403);
    expect((await post(clerk, '/api/credit/repair-requests', repairBody(r.id))).statusCode).toBe(403);
  });

  it('once repaired the record stops being published and stops blocking from the next check on', async () => {
    const subject = enterprise('修复测试有限公司');
    // Give the subject an applicant account so it can ask for repair itself.
    const applicant = await t.provenApplicant({
      username: 'repair_co',
      password: 'Xinyipi#2026x',
      applicantType: 'enterprise',
      displayName: subject.name,
      uscc: subject.code,
      phone: '13900000011',
    });
    const r = await addRecord(t, credit, subject, {
      kind: 'false_commitment',
      severity: 'general',
      decidedOn: '2026-07-20',
    });
    const before = await check(t, clerk, subject, wushenItem);
    expect(before.outcome).toBe('not_eligible');

    const req = await post(applicant, '/api/credit/repair-requests', repairBody(r.id));
    expect(req.statusCode, req.body).toBe(201);
    expect(req.json()).toMatchObject({ status: 'pending', dueOn: '2026-11-30', overdue: false });
    expect(
      (
        await post(clerk, `/api/credit/repair-requests/${req.json().id}/decision`, {
          approve: true,
          note: '同意',
        })
      ).statusCode,
    ).toBe(403);
    expect((await get(ent, '/api/credit/repair-requests')).statusCode).toBe(403);

    // Sessions last hours: moving the clock by days means logging in again.
    const inbox = async (s: Session) =>
      (await get(s, '/api/inbox?pageSize=200'))
        .json()
        .items.map((n: { title: string; refId: string }) => `${n.title}|${n.refId}`);
    expect(await inbox(credit)).toContain(`新的信用修复申请|${req.json().id}`);
    await t.clock.set('2026-12-01T02:00:00Z');
    credit = await t.login('credit');
    clerk = await t.login('clerk');
    // The reminder job fires on the due day for a case still open.
    await t.runJobs();
    await expect
      .poll(() => inbox(credit), { timeout: 10_000 })
      .toContain(`信用修复申请今日到期|${req.json().id}`);
    const pending = (await get(credit, '/api/credit/repair-requests?status=pending')).json().items;
    expect(pending.find((p: { id: string }) => p.id === req.json().id).overdue).toBe(true);

    const decided = await post(credit, `/api/credit/repair-requests/${req.json().id}/decision`, {
      approve: true,
      note: '已纠正失信行为，同意修复',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().status).toBe('approved');
    expect(
      (
        await post(credit, `/api/credit/repair-requests/${req.json().id}/decision`, {
          approve: false,
          note: '重复',
        })
      ).statusCode,
    ).toBe(409);

    const rec = (await get(credit, `/api/credit/records/${r.id}`)).json();
    expect(rec).toMatchObject({ status: 'repaired', published: false });
    expect(await inbox(await t.login('repair_co', 'Xinyipi#2026x'))).toContain(
      `信用修复申请已通过|${req.json().id}`,
    );
    const after = await check(t, clerk, subject, wushenItem);
    expect(after.outcome).toBe('eligible');
    // The earlier check keeps what it found.
    expect((await get(clerk, `/api/credit/checks/${before.id}`)).json().outcome).toBe('not_eligible');
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.targetId, req.json().id))
      .orderBy(auditLog.id);
    expect(audit.map((a) => a.action)).toEqual(['credit.repair_request', 'credit.repair_approve']);
    await t.clock.set('2026-11-23T02:00:00Z');
    credit = await t.login('credit');
    clerk = await t.login('clerk');
    ent = await t.login('ent_demo');
    person = await t.login('person_demo');
  });
});

describe('objection', () => {
  const entSubject = {
    kind: 'enterprise' as const,
    code: demoApplicants.enterprise.uscc,
    name: demoApplicants.enterprise.name,
  };

  it('marks the record while handled; corrected, removed or upheld within the deadline; audited', async () => {
    const corrected = await addRecord(t, credit, entSubject, {
      kind: 'administrative_penalty',
      severity: 'general',
      decidedOn: '2026-10-20',
      penaltyFulfilled: false,
    });
    const removed = await addRecord(t, credit, entSubject, {
      kind: 'blacklist',
      severity: 'serious',
      decidedOn: '2026-10-21',
    });
    const upheld = await addRecord(t, credit, entSubject, {
      kind: 'abnormal_operation',
      severity: 'general',
      decidedOn: '2026-10-22',
    });

    const raise = (recordId: string, who = ent) =>
      post(who, '/api/credit/objections', {
        recordId,
        reason: '该处罚已于当月缴清，记录有误',
        evidence: '缴款凭证',
      });
    const o1 = await raise(corrected.id);
    expect(o1.statusCode, o1.body).toBe(201);
    expect(o1.json()).toMatchObject({ status: 'pending', dueOn: '2026-11-30' });
    expect((await raise(corrected.id)).statusCode).toBe(409);
    expect((await raise(removed.id, person)).statusCode).toBe(403);
    const o2 = (await raise(removed.id)).json();
    const o3 = (await raise(upheld.id)).json();
    expect((await get(credit, `/api/credit/records/${corrected.id}`)).json().underObjection).toBe(true);

    // While under objection the record still counts, and the check says it is disputed.
    const during = await check(t, clerk, entSubject, wushenItem);
    expect(during.outcome).toBe('not_eligible');
    expect(during.reasons.find((r: { recordId?: string }) => r.recordId === corrected.id).message).toContain(
      '异议处理中',
    );

    expect(
      (
        await post(clerk, `/api/credit/objections/${o1.json().id}/decision`, {
          outcome: 'upheld',
          note: '维持',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await post(credit, `/api/credit/objections/${o1.json().id}/decision`, {
          outcome: 'corrected',
          note: '更正',
        })
      ).statusCode,
    ).toBe(400);
    const personal = await post(credit, `/api/credit/objections/${o1.json().id}/decision`, {
      outcome: 'corrected',
      note: '更正事由',
      correction: { summary: '经办人手机13812345678' },
    });
    expect(personal.statusCode).toBe(400);
    expect(personal.json().message).toContain('更正后的事由将向社会公开');

    const d1 = await post(credit, `/api/credit/objections/${o1.json().id}/decision`, {
      outcome: 'corrected',
      note: '经核实罚款已缴清，更正履行情况',
      correction: { penaltyFulfilled: true },
    });
    expect(d1.statusCode, d1.body).toBe(200);
    expect(d1.json().status).toBe('corrected');
    expect((await get(credit, `/api/credit/records/${corrected.id}`)).json()).toMatchObject({
      underObjection: false,
      penaltyFulfilled: true,
      status: 'active',
    });
    const d2 = await post(credit, `/api/credit/objections/${o2.id}/decision`, {
      outcome: 'removed',
      note: '主体认定错误，删除',
    });
    expect(d2.json().status).toBe('removed');
    expect((await get(credit, `/api/credit/records/${removed.id}`)).json()).toMatchObject({
      status: 'removed',
      published: false,
    });
    const d3 = await post(credit, `/api/credit/objections/${o3.id}/decision`, {
      outcome: 'upheld',
      note: '记录准确，维持',
    });
    expect(d3.json().status).toBe('upheld');
    expect((await get(credit, `/api/credit/records/${upheld.id}`)).json()).toMatchObject({
      status: 'active',
      underObjection: false,
    });

    const after = await check(t, clerk, entSubject, wushenItem);
    expect(after.reasons.map((r: { recordId?: string }) => r.recordId)).not.toContain(removed.id);
    expect(after.reasons.map((r: { recordId?: string }) => r.recordId)).not.toContain(corrected.id);
    expect(after.reasons.map((r: { recordId?: string }) => r.recordId)).toContain(upheld.id);

    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.targetId, o2.id))
      .orderBy(auditLog.id);
    expect(audit.map((a) => a.action)).toEqual(['credit.objection_raise', 'credit.objection_removed']);
  });

  it('a severity corrected on objection takes that severity’s publication rule', async () => {
    const minor = await addRecord(t, credit, entSubject, {
      kind: 'abnormal_operation',
      severity: 'minor',
      decidedOn: '2026-10-25',
    });
    expect((await get(credit, `/api/credit/records/${minor.id}`)).json()).toMatchObject({
      severity: 'minor',
      published: false,
    });
    const o = await post(ent, '/api/credit/objections', {
      recordId: minor.id,
      reason: '情节认定有误',
      evidence: '现场检查记录',
    });
    expect(o.statusCode, o.body).toBe(201);
    const d = await post(credit, `/api/credit/objections/${o.json().id}/decision`, {
      outcome: 'corrected',
      note: '经复核，情节应为一般',
      correction: { severity: 'general' },
    });
    expect(d.statusCode, d.body).toBe(200);
    // 一般失信 is published by default; the record would otherwise stay hidden under its old severity.
    expect((await get(credit, `/api/credit/records/${minor.id}`)).json()).toMatchObject({
      severity: 'general',
      published: true,
      underObjection: false,
    });
  });
});

describe('policy versions and simulation', () => {
  it('a draft is simulated against subjects and past checks, then published; old checks keep their version', async () => {
    const policies = (await get(credit, '/api/credit/policies')).json().items as {
      id: string;
      code: string;
      version: number;
      status: string;
      regions: string[];
      name: string;
      definition: { rules: { id: string; effect: string }[] };
    }[];
    const v1 = policies.find((p) => p.code === 'wushen' && p.status === 'published')!;
    expect(v1.version).toBe(1);
    const gradeC = enterprise();
    await addGrade(t, credit, gradeC, 'national', 'C');
    const oldCheck = await check(t, clerk, gradeC, wushenItem);
    expect(oldCheck.outcome).toBe('conditional');

    // Draft: grade C becomes a bar.
    const definition = structuredClone(v1.definition);
    definition.rules.find((r) => r.id === 'grade_c')!.effect = 'not_eligible';
    const draftBody = { code: 'wushen', name: v1.name, regions: v1.regions, definition };
    expect((await post(clerk, '/api/credit/policies', draftBody)).statusCode).toBe(403);
    const bad = await post(credit, '/api/credit/policies', {
      ...draftBody,
      definition: {
        ...definition,
        waivers: [{ id: 'x', when: { majorProject: true }, waives: ['nope'], message: '无' }],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('nope');
    const draft = await post(credit, '/api/credit/policies', draftBody);
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json()).toMatchObject({ version: 2, status: 'draft' });
    expect((await post(credit, '/api/credit/policies', draftBody)).statusCode).toBe(409);

    const bySubjects = await post(credit, `/api/credit/policies/${draft.json().id}/simulate`, {
      against: 'subjects',
    });
    expect(bySubjects.statusCode, bySubjects.body).toBe(200);
    const change = bySubjects
      .json()
      .changes.find((c: { subjectName: string }) => c.subjectName === gradeC.name);
    expect(bySubjects.json().changed).toBeGreaterThanOrEqual(1);
    expect(
      bySubjects
        .json()
        .changes.every(
          (c: { before: string; after: string }) => c.before === 'conditional' && c.after === 'not_eligible',
        ),
    ).toBe(true);
    expect(change).toBeDefined();
    const byChecks = await post(credit, `/api/credit/policies/${draft.json().id}/simulate`, {
      against: 'checks',
    });
    expect(byChecks.json().changes).toContainEqual(
      expect.objectContaining({ checkId: oldCheck.id, before: 'conditional', after: 'not_eligible' }),
    );

    // Not published yet: checks still use version 1.
    expect((await check(t, clerk, gradeC, wushenItem)).policy.version).toBe(1);
    const published = await post(credit, `/api/credit/policies/${draft.json().id}/publish`);
    expect(published.statusCode).toBe(200);
    const now = await check(t, clerk, gradeC, wushenItem);
    expect(now).toMatchObject({ outcome: 'not_eligible', policy: { version: 2 } });
    expect((await get(clerk, `/api/credit/checks/${oldCheck.id}`)).json()).toMatchObject({
      outcome: 'conditional',
      policy: { version: 1 },
    });
    const after = (await get(credit, '/api/credit/policies'))
      .json()
      .items.filter((p: { code: string }) => p.code === 'wushen');
    expect(after.map((p: { version: number; status: string }) => [p.version, p.status])).toEqual([
      [2, 'published'],
      [1, 'superseded'],
    ]);
  });
});

describe('access', () => {
  it('every staff-only credit endpoint refuses applicants, other roles and anonymous callers', async () => {
    const inspector = await t.login('inspector');
    approver = await t.login('approver');
    const r = await addRecord(t, credit, enterprise(), {
      kind: 'blacklist',
      severity: 'serious',
      decidedOn: '2026-01-05',
    });
    const policyId = (await check(t, clerk, enterprise(), null)).policy.id;
    const cases: [string, string, Session[]][] = [
      ['GET', '/api/credit/records', [clerk, approver, ent]],
      ['GET', `/api/credit/records/${r.id}`, [clerk, approver, ent]],
      ['GET', '/api/credit/objections', [clerk, ent]],
      ['GET', '/api/credit/repair-requests', [clerk, ent]],
      ['GET', '/api/credit/policies', [clerk, approver, ent]],
      ['GET', `/api/credit/policies/${policyId}`, [inspector, ent]],
      ['POST', `/api/credit/policies/${policyId}/simulate`, [clerk, ent]],
      ['POST', `/api/credit/policies/${policyId}/publish`, [clerk, approver, ent]],
      ['POST', '/api/credit/objections', [clerk, inspector]],
      ['POST', '/api/credit/repair-requests', [approver]],
    ];
    for (const [method, url, refused] of cases) {
      const payload = url.endsWith('/simulate')
        ? { against: 'subjects' }
        : url.endsWith('s') && method === 'POST'
          ? { recordId: r.id, reason: '异议', evidence: '证明', commitment: '承诺' }
          : undefined;
      for (const who of refused) {
        const res = await t.call(who, {
          method: method as 'GET' | 'POST',
          url,
          ...(payload ? { payload } : {}),
        });
        expect(res.statusCode, `${method} ${url} ${refused.indexOf(who)}`).toBe(403);
      }
      const anon = await t.call(null, {
        method: method as 'GET' | 'POST',
        url,
        ...(payload ? { payload } : {}),
      });
      expect(anon.statusCode, `${method} ${url} anonymous`).toBe(401);
    }
    // A clerk and an approver may read a policy version (to explain a check).
    expect((await get(clerk, `/api/credit/policies/${policyId}`)).statusCode).toBe(200);
  });
});

// The same requests sent at once, where they really overlap, are in credit-races.pg.test.ts (PostgreSQL).
describe('a second request for what is already taken', () => {
  const subject = {
    kind: 'enterprise' as const,
    code: demoApplicants.enterprise.uscc,
    name: demoApplicants.enterprise.name,
  };

  it('a repair request decided once is not decided again', async () => {
    credit = await t.login('credit');
    ent = await t.login('ent_demo');
    const second = await t.login('credit');
    const r = await addRecord(t, credit, subject, {
      kind: 'broken_commitment',
      severity: 'minor',
      decidedOn: '2026-11-20',
    });
    const req = await post(ent, '/api/credit/repair-requests', {
      recordId: r.id,
      evidence: '已整改',
      commitment: '今后诚信经营',
    });
    expect(req.statusCode).toBe(201);
    const url = `/api/credit/repair-requests/${req.json().id}/decision`;
    const first = await post(credit, url, { approve: true, note: '同意' });
    expect(first.statusCode, first.body).toBe(200);
    const late = await post(second, url, { approve: false, note: '不同意' });
    expect(late.statusCode, late.body).toBe(409);
    expect((await get(credit, `/api/credit/records/${r.id}`)).json().status).toBe('repaired');
  });

  it('a record with a pending repair request takes no second one', async () => {
    const r = await addRecord(t, credit, subject, {
      kind: 'broken_commitment',
      severity: 'minor',
      decidedOn: '2026-11-03',
    });
    const body = { recordId: r.id, evidence: '已整改', commitment: '今后诚信经营' };
    expect((await post(ent, '/api/credit/repair-requests', body)).statusCode).toBe(201);
    const again = await post(await t.login('ent_demo'), '/api/credit/repair-requests', body);
    expect(again.statusCode, again.body).toBe(409);
  });

  it('a record with a pending objection takes no second one', async () => {
    const r = await addRecord(t, credit, subject, {
      kind: 'abnormal_operation',
      severity: 'general',
      decidedOn: '2026-11-02',
    });
    const body = { recordId: r.id, reason: '记录有误' };
    expect((await post(ent, '/api/credit/objections', body)).statusCode).toBe(201);
    const again = await post(await t.login('ent_demo'), '/api/credit/objections', body);
    expect(again.statusCode, again.body).toBe(409);
    expect(
      (await get(credit, '/api/credit/objections?status=pending'))
        .json()
        .items.filter((o: { recordId: string }) => o.recordId === r.id),
    ).toHaveLength(1);
  });
});
