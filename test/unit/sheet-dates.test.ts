import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { excelSerialDate, parseSheetDate } from '../../src/domain/sheet-dates';
import { detectEncoding, openSheet } from '../../src/server/modules/credit/import-sheet';

describe('dates as spreadsheets write them', () => {
  it.each([
    '2026-01-05',
    '2026-1-5',
    '2026/1/5',
    '2026/01/05',
    '2026.1.5',
    '2026年1月5日',
    '2026 年 1 月 5 日',
    '20260105',
    '2026-01-05 00:00:00',
    '2026/1/5 8:30',
    ' 2026-01-05 ',
  ])('%s is 2026-01-05', (raw) => {
    expect(parseSheetDate(raw)).toEqual({ ok: true, date: '2026-01-05' });
  });

  it.each(['2026-02-30', '2026-04-31', '2025-02-29', '2026-13-01', '2026年2月30日', '20260230', '2026/0/1'])(
    '%s does not exist',
    (raw) => {
      const r = parseSheetDate(raw);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toContain('不存在');
    },
  );

  it('a leap day exists in a leap year only', () => {
    expect(parseSheetDate('2028-02-29')).toEqual({ ok: true, date: '2028-02-29' });
    expect(parseSheetDate('2100-02-29').ok).toBe(false);
  });

  it.each(['2026-1/5', '2026年1-5', '05/01/2026', '明天', '2026-01', '2026-01-05日', ''])(
    '%s is refused',
    (raw) => {
      expect(parseSheetDate(raw).ok).toBe(false);
    },
  );

  it('reads Excel serial numbers (days from 1899-12-30)', () => {
    expect(excelSerialDate(46027)).toEqual({ ok: true, date: '2026-01-05' });
    expect(excelSerialDate(46027.75)).toEqual({ ok: true, date: '2026-01-05' });
    expect(excelSerialDate(61)).toEqual({ ok: true, date: '1900-03-01' });
    expect(excelSerialDate(60).ok).toBe(false);
    expect(excelSerialDate(Number.NaN).ok).toBe(false);
  });
});

describe('reading CSV files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xyp-sheet-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, body: string | Buffer) => {
    const p = join(dir, name);
    writeFileSync(p, body);
    return p;
  };
  const rows = async (path: string) => {
    const out = [];
    for await (const r of (await openSheet(path)).rows()) out.push(r);
    return out;
  };
  const text = '主体类型,主体名称\r\n企业,"甲, 乙公司"\r\n企业,"他说""是""\n第二行"\r\n\r\n企业,丙\r\n';

  it('detects UTF-8 with and without BOM, GBK and UTF-16', () => {
    expect(detectEncoding(Buffer.from(`\uFEFF${text}`))).toBe('utf-8');
    expect(detectEncoding(Buffer.from(text))).toBe('utf-8');
    expect(detectEncoding(iconv.encode(text, 'gbk'))).toBe('gb18030');
    expect(detectEncoding(iconv.encode(text, 'utf-16le', { addBOM: true }))).toBe('utf-16le');
  });

  it.each([
    ['utf-8', Buffer.from(text)],
    ['utf-8 with BOM', Buffer.from(`\uFEFF${text}`)],
    ['GBK', iconv.encode(text, 'gbk')],
    ['GB18030 (a character outside GBK)', iconv.encode(text.replace('丙', '𠀀'), 'gb18030')],
    ['UTF-16 with BOM', iconv.encode(text, 'utf-16le', { addBOM: true })],
  ])(
    'reads %s: quotes, commas and line breaks in fields; rows numbered as a spreadsheet does',
    async (_n, body) => {
      const got = await rows(file(`f${Math.random()}.csv`, body));
      expect(got[0]).toEqual({ row: 1, cells: ['主体类型', '主体名称'] });
      expect(got[1]).toEqual({ row: 2, cells: ['企业', '甲, 乙公司'] });
      expect(got[2]).toEqual({ row: 3, cells: ['企业', '他说"是"\n第二行'] });
      // The empty line is row 4, as Excel shows it.
      expect(got[4]!.row).toBe(5);
      expect(String(got[4]!.cells[1])).toMatch(/^(丙|𠀀)$/);
    },
  );

  it('names the row of a broken quote', async () => {
    const path = file('broken.csv', '主体类型,主体名称\n企业,甲\n企业,"乙\n');
    await expect(rows(path)).rejects.toThrow(/第3行CSV格式有误：引号未闭合/);
  });

  it('refuses a file that turns from UTF-8 to GBK halfway', async () => {
    const big = Buffer.concat([
      Buffer.from(`a,b\n${'x,y\n'.repeat(40_000)}`),
      iconv.encode('企业,甲\n', 'gbk'),
    ]);
    await expect(rows(file('mixed.csv', big))).rejects.toThrow(/UTF-8/);
  });
});
