import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/server/db/client';
import { createTestApp, type Session } from '../helpers/app';
import { check, enterprise, freshResidentId, itemInRegion } from '../helpers/credit';

const uploads = mkdtempSync(join(tmpdir(), 'xyp-import-test-'));
afterAll(() => rmSync(uploads, { recursive: true, force: true }));
const t = await createTestApp({ now: '2026-11-23T02:00:00Z', config: { dataDir: uploads } });

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER =
  '主体类型,主体代码,主体名称,记录类别,失信程度,认定机关,认定日期,事由,处罚是否履行,有效期至,来源编号';
const csv = (rows: string[]) => [HEADER, ...rows].join('\r\n');

let credit: Session;
let credit2: Session;
let clerk: Session;
let ent: Session;
let wushenItem: string;

beforeAll(async () => {
  credit = await t.login('credit');
  clerk = await t.login('clerk');
  ent = await t.login('ent_demo');
  const admin = await t.login('sysadmin');
  const depts = (await t.call(admin, { method: 'GET', url: '/api/departments' })).json().items as {
    code: string;
    id: string;
  }[];
  const made = await t.call(admin, {
    method: 'POST',
    url: '/api/accounts',
    payload: {
      username: 'credit2',
      password: 'abc12345',
      displayName: '第二信用员',
      departmentId: depts.find((d) => d.code === 'WSQ-XYZX')!.id,
      roles: ['credit_officer'],
    },
  });
  expect(made.statusCode, made.body).toBe(201);
  credit2 = await t.login('credit2', 'abc12345');
  wushenItem = await itemInRegion(t, 'CRW1', '150626');
});

type Job = {
  id: string;
  status: string;
  phase: string;
  rowsRead: number;
  bytesRead: number;
  sizeBytes: number;
  percent: number;
  encoding: string | null;
  result: { rows: number; added: number; alreadyPresent: number; subjectsCreated: number } | null;
  problems: { row: number; column: string; field: string; message: string }[];
  problemCount: number;
  error: string | null;
};

const start = (body: string | Buffer, opts: { type?: string; query?: string; who?: Session } = {}) =>
  t.call(opts.who ?? credit, {
    method: 'POST',
    url: `/api/credit/import-jobs${opts.query ? `?${opts.query}` : ''}`,
    headers: { 'content-type': opts.type ?? 'text/csv' },
    payload: body,
  });

/** Polls the job the way a browser does until it has finished. */
async function finished(id: string, who = credit): Promise<Job> {
  for (let i = 0; i < 1200; i++) {
    const res = await t.call(who, { method: 'GET', url: `/api/credit/import-jobs/${id}` });
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json() as Job;
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import job did not finish');
}

async function importFile(body: string | Buffer, opts: { type?: string; query?: string } = {}): Promise<Job> {
  const res = await start(body, opts);
  expect(res.statusCode, res.body).toBe(202);
  return finished(res.json().id);
}

const recordsOf = async (code: string) =>
  (
    await t.call(credit, { method: 'GET', url: `/api/credit/records?subjectCode=${code}&pageSize=100` })
  ).json().items as {
    decidedOn: string;
    validUntil: string | null;
    kind: string;
    sourceRef: string | null;
  }[];

const totalRecords = async () =>
  (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from credit_record`))[0]!.n;

describe('credit import as a background job', () => {
  it('imports a GBK CSV as Excel on Chinese Windows saves it, with every date form, and reports its progress', async () => {
    const [a, b, c, d] = [enterprise(), enterprise(), enterprise(), enterprise()];
    const person = freshResidentId();
    const text = csv([
      `企业及其他组织,${a.code},扬州甲商贸有限公司,行政处罚,一般,扬州市市场监督管理局,2026-01-05,超范围经营,否,,YZ-1`,
      `企业及其他组织,${b.code},扬州乙建材有限公司,经营异常名录,一般,扬州市市场监督管理局,2026/1/5,未按时年报,,,`,
      `个体工商户,${c.code},邗江区丙小吃店,黑名单,严重,扬州市发展和改革委员会,2026年1月5日,"虚假承诺，情节严重",,,YZ-3`,
      `企业及其他组织,${d.code},扬州丁科技有限公司,纳税信用A级,轻微,国家税务总局扬州市税务局,20260105,年度评价,,2027年1月5日,`,
      `自然人,${person},张三,失信被执行人,严重,扬州市中级人民法院,2026-1-5,拒不履行,,,YZ-5`.replace(
        '失信被执行人',
        '严重失信主体名单',
      ),
    ]);
    const body = iconv.encode(text, 'gbk');
    // Not valid UTF-8: what a GBK file looks like to a reader that assumes UTF-8.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(body)).toThrow();

    const res = await start(body, { query: 'fileName=%E4%BF%A1%E7%94%A8.csv' });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({
      status: 'queued',
      phase: 'queued',
      fileName: '信用.csv',
      format: 'csv',
    });
    const job = await finished(res.json().id);
    expect(job, job.error ?? '').toMatchObject({
      status: 'succeeded',
      phase: 'done',
      encoding: 'gb18030',
      rowsRead: 5,
      percent: 100,
      result: { rows: 5, added: 5, alreadyPresent: 0, subjectsCreated: 5 },
    });
    expect(job.bytesRead).toBe(job.sizeBytes);
    for (const s of [a, b, c])
      expect((await recordsOf(s.code)).map((r) => r.decidedOn)).toEqual(['2026-01-05']);
    expect(await recordsOf(d.code)).toEqual([
      expect.objectContaining({ decidedOn: '2026-01-05', validUntil: '2027-01-05', kind: 'tax_credit_a' }),
    ]);
    expect((await recordsOf(c.code))[0]!.sourceRef).toBe('YZ-3');
    // The imported record counts in the next credit check.
    expect(
      (await check(t, clerk, { ...c, kind: 'individual_business', name: '邗江区丙小吃店' }, wushenItem))
        .outcome,
    ).toBe('not_eligible');
  });

  it('imports an Excel workbook: date cells, serial numbers and dates written as text', async () => {
    const codes = [enterprise(), enterprise(), enterprise(), enterprise()].map((s) => s.code);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('信用记录');
    ws.addRow(HEADER.split(','));
    const row = (code: string, date: unknown, ref: string) =>
      ws.addRow([
        '企业及其他组织',
        code,
        `企业${ref}`,
        '经营异常名录',
        '一般',
        '某市场监管局',
        date,
        '未年报',
        '',
        '',
        ref,
      ]);
    row(codes[0]!, new Date(Date.UTC(2026, 0, 5)), 'X-1');
    ws.getCell('G2').numFmt = 'yyyy/m/d';
    row(codes[1]!, 46027, 'X-2'); // Excel's serial number for 2026-01-05, in a cell without a date format
    row(codes[2]!, '2026/1/5', 'X-3');
    row(codes[3]!, '2026年1月5日', 'X-4');
    const job = await importFile(Buffer.from(await wb.xlsx.writeBuffer()), { type: XLSX });
    expect(job, job.error ?? '').toMatchObject({
      status: 'succeeded',
      format: 'xlsx',
      encoding: null,
      result: { rows: 4, added: 4, alreadyPresent: 0 },
    });
    for (const code of codes) expect((await recordsOf(code)).map((r) => r.decidedOn)).toEqual(['2026-01-05']);
  });

  it('adds nothing when the same file is imported twice, and says so', async () => {
    const [a, b] = [enterprise(), enterprise()];
    const body = csv([
      `企业及其他组织,${a.code},甲公司,行政处罚,一般,某局,2026-03-01,罚款,是,,CF-2026-001`,
      `企业及其他组织,${a.code},甲公司,经营异常名录,一般,某局,2026-03-02,未年报,,,`,
      `企业及其他组织,${b.code},乙公司,黑名单,严重,某局,2026-03-03,列入黑名单,,,`,
      // The same row twice in one file, without a 来源编号: identified by its content, kept once.
      `企业及其他组织,${b.code},乙公司,黑名单,严重,某局,2026-03-03,列入黑名单,,,`,
    ]);
    const first = await importFile(body);
    expect(first.result).toEqual({ rows: 4, added: 3, alreadyPresent: 1, subjectsCreated: 2 });
    const before = await totalRecords();
    const again = await importFile(body);
    expect(again.result).toEqual({ rows: 4, added: 0, alreadyPresent: 4, subjectsCreated: 0 });
    expect(await totalRecords()).toBe(before);
    // The same 来源编号 from the same source, even re-typed, is the same record.
    const edited = await importFile(
      csv([`企业及其他组织,${a.code},甲公司,行政处罚,一般,某局,2026/3/1,罚款,是,,CF-2026-001`]),
    );
    expect(edited.result).toMatchObject({ added: 0, alreadyPresent: 1 });
    // …but from another source it is another record.
    const other = await importFile(
      csv([`企业及其他组织,${a.code},甲公司,行政处罚,一般,某局,2026-03-01,罚款,是,,CF-2026-001`]),
      { query: `source=${encodeURIComponent('信用中国（扬州）')}` },
    );
    expect(other.result).toMatchObject({ added: 1, alreadyPresent: 0 });
    expect(await recordsOf(a.code)).toHaveLength(3);
  });

  it('reports every bad row with its row number and column, and imports nothing', async () => {
    const before = await totalRecords();
    const a = enterprise();
    const job = await importFile(
      csv([
        `企业及其他组织,${a.code},导入甲公司,行政处罚,一般,某市场监管局,2026-09-01,罚款,否,,XZCF-1`,
        `企业及其他组织,91150626MA0N8K2Q0X,坏代码公司,黑名单,严重,某局,2026-09-01,事由,,,`,
        `企业及其他组织,${enterprise().code},乙公司,停车罚单,一般,某局,2026-09-01,事由,,,`,
        `自然人,${freshResidentId()},丙,虚假承诺,很严重,某局,2026-09-01,事由,,,`,
        `企业及其他组织,${enterprise().code},丁公司,经营异常名录,一般,某局,2026-02-30,事由,,,`,
        `企业及其他组织,${enterprise().code},戊公司,经营异常名录,一般,,2026-09-01,事由,,,`,
        `"企业及其他组织","${enterprise().code}","己公司, 含逗号",黑名单,严重,某局,2026-09-01,"事由含""引号""",是,,`,
        `企业及其他组织,${enterprise().code},庚公司,经营异常名录,一般,某局,2026-13-01,事由,,,`,
        `企业及其他组织,${enterprise().code},辛公司,经营异常名录,一般,某局,2026-09-01,负责人电话13812345678,,,`,
      ]),
    );
    expect(job.status).toBe('failed');
    expect(job.error).toContain('未导入任何记录');
    expect(job.problems.map((p) => p.row)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    const at = (row: number) => job.problems.find((p) => p.row === row)!;
    expect(at(3)).toMatchObject({ field: 'subjectCode', column: '主体代码' });
    expect(at(4).message).toContain('停车罚单');
    expect(at(5)).toMatchObject({ column: '失信程度' });
    expect(at(6)).toMatchObject({ column: '认定日期', message: expect.stringContaining('不存在') });
    expect(at(7).message).toContain('认定机关');
    expect(at(8)).toMatchObject({ column: '处罚是否履行' });
    expect(at(9)).toMatchObject({ column: '认定日期' });
    // The 事由 is published: a person's number in it is refused, and the refusal shows it masked.
    expect(at(10)).toMatchObject({ column: '事由', message: expect.stringContaining('含有个人信息') });
    expect(at(10).message).not.toContain('13812345678');
    expect(job.problemCount).toBe(8);
    expect(await totalRecords()).toBe(before);
    expect(await recordsOf(a.code)).toEqual([]);
  });

  it('refuses one 来源编号 given to two different rows', async () => {
    const a = enterprise();
    const job = await importFile(
      csv([
        `企业及其他组织,${a.code},甲公司,行政处罚,一般,某市场监管局,2026-09-01,罚款,否,,XZCF-9`,
        `企业及其他组织,${a.code},甲公司,经营异常名录,一般,某市场监管局,2026-09-01,未年报,,,`,
        `企业及其他组织,${a.code},甲公司,行政处罚,一般,某市场监管局,2026-09-02,另一罚款,否,,XZCF-9`,
      ]),
    );
    expect(job.status).toBe('failed');
    expect(job.problems).toEqual([
      expect.objectContaining({ row: 4, column: '来源编号', message: expect.stringContaining('第2、4行') }),
    ]);
    expect(await recordsOf(a.code)).toEqual([]);
  });

  it('with skipInvalid imports the good rows and lists the bad ones', async () => {
    const [a, b] = [enterprise(), enterprise()];
    const job = await importFile(
      csv([
        `企业及其他组织,${a.code},甲公司,经营异常名录,一般,某局,2026-09-01,事由,,,`,
        `企业及其他组织,${b.code},乙公司,经营异常名录,一般,某局,2026-02-29,事由,,,`,
      ]),
      { query: 'skipInvalid=true' },
    );
    expect(job).toMatchObject({ status: 'succeeded', result: { rows: 2, added: 1 }, problemCount: 1 });
    expect(job.problems[0]).toMatchObject({ row: 3, column: '认定日期' });
    expect(await recordsOf(b.code)).toEqual([]);
  });

  it('a file of 200,000 rows with one bad row in the middle imports nothing and names that row', async () => {
    const before = await totalRecords();
    const lines = [HEADER];
    const codes = Array.from({ length: 500 }, () => enterprise().code);
    for (let i = 0; i < 200_000; i++) {
      const date = i === 123_456 ? '2026-04-31' : `2026-0${(i % 9) + 1}-1${i % 10}`;
      lines.push(
        `企业及其他组织,${codes[i % 500]},批量企业${i % 500},经营异常名录,一般,某局,${date},事由${i},,,P-${i}`,
      );
    }
    const job = await importFile(lines.join('\n'));
    expect(job.status, job.error ?? '').toBe('failed');
    expect(job.rowsRead).toBe(200_000);
    expect(job.problemCount).toBe(1);
    expect(job.problems).toEqual([
      { row: 123_458, column: '认定日期', field: 'decidedOn', message: '日期“2026-04-31”不存在' },
    ]);
    expect(await totalRecords()).toBe(before);
  }, 120_000);

  it('refuses a file over the configured limit before importing anything', async () => {
    const small = await createTestApp({ config: { dataDir: uploads, creditImportMaxMb: 1 } });
    const who = await small.login('credit');
    const res = await small.call(who, {
      method: 'POST',
      url: '/api/credit/import-jobs',
      headers: { 'content-type': 'text/csv' },
      payload: Buffer.alloc(1024 * 1024 + 1, 0x41),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toContain('1 MB');
  });

  it('only credit officers start imports, and each reads only the jobs they started', async () => {
    const body = csv([
      `企业及其他组织,${enterprise().code},甲公司,经营异常名录,一般,某局,2026-09-01,事由,,,`,
    ]);
    expect((await start(body, { who: clerk })).statusCode).toBe(403);
    expect((await start(body, { who: ent })).statusCode).toBe(403);
    expect(
      (
        await t.call(null, {
          method: 'POST',
          url: '/api/credit/import-jobs',
          payload: body,
          headers: { 'content-type': 'text/csv' },
        })
      ).statusCode,
    ).toBe(401);
    const res = await start(body);
    const id = res.json().id as string;
    await finished(id);
    expect((await t.call(credit2, { method: 'GET', url: `/api/credit/import-jobs/${id}` })).statusCode).toBe(
      404,
    );
    expect((await t.call(clerk, { method: 'GET', url: `/api/credit/import-jobs/${id}` })).statusCode).toBe(
      403,
    );
    const mine = (await t.call(credit, { method: 'GET', url: '/api/credit/import-jobs' })).json()
      .items as Job[];
    expect(mine.map((j) => j.id)).toContain(id);
    const theirs = (await t.call(credit2, { method: 'GET', url: '/api/credit/import-jobs' })).json()
      .items as Job[];
    expect(theirs.map((j) => j.id)).not.toContain(id);
    // Started and finished, each in the audit log.
    const audit = await queryRows<{ action: string }>(
      t.database.db,
      sql`select action from audit_log where target_id = ${id} or (action = 'credit.records_import' and actor_name = 'credit') order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['credit.records_import_start', 'credit.records_import']),
    );
  });
});
