/**
 * Dates as spreadsheets and government data exports write them: 2026-01-05, 2026-1-5, 2026/1/5,
 * 2026.1.5, 2026年1月5日, 20260105, the same followed by a time of day (platform exports often add
 * 00:00:00), and Excel's date serial numbers. A date that does not exist (2026-02-30) is refused,
 * never rolled over into the next month as `Date` would.
 */
export type SheetDate = { ok: true; date: string } | { ok: false; message: string };

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Whether the year, month and day name a real calendar date (1900–2099: anything else is a typo). */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1) return false;
  return d <= (m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]!);
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const SEPARATED =
  /^(\d{4})\s*([-/.年])\s*(\d{1,2})\s*([-/.月])\s*(\d{1,2})\s*日?(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/** Excel counts days from 1899-12-30 (its 1900-02-29 does not exist; serials before March 1900 are refused). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

export function excelSerialDate(serial: number): SheetDate {
  if (!Number.isFinite(serial) || serial < 61 || serial >= 73051) {
    return { ok: false, message: `“${serial}”不是有效的日期` };
  }
  const t = new Date(EXCEL_EPOCH + Math.floor(serial) * DAY_MS);
  return { ok: true, date: t.toISOString().slice(0, 10) };
}

export function parseSheetDate(raw: string): SheetDate {
  const text = raw.trim();
  let y: number;
  let m: number;
  let d: number;
  const fast = ISO.exec(text);
  if (fast) {
    y = +fast[1]!;
    m = +fast[2]!;
    d = +fast[3]!;
  } else {
    const sep = SEPARATED.exec(text);
    const compact = sep ? null : COMPACT.exec(text);
    if (sep) {
      // 2026-1/5 is a typo, not a date; 年 must be followed by 月 and the day by 日.
      const [a, b] = [sep[2]!, sep[4]!];
      const chinese = a === '年';
      if ((chinese && b !== '月') || (!chinese && (a !== b || text.endsWith('日')))) {
        return {
          ok: false,
          message: `日期“${text}”格式无法识别（可写 2026-01-05、2026/1/5 或 2026年1月5日）`,
        };
      }
      y = +sep[1]!;
      m = +sep[3]!;
      d = +sep[5]!;
    } else if (compact) {
      y = +compact[1]!;
      m = +compact[2]!;
      d = +compact[3]!;
    } else {
      return { ok: false, message: `日期“${text}”格式无法识别（可写 2026-01-05、2026/1/5 或 2026年1月5日）` };
    }
  }
  if (!isRealDate(y, m, d)) return { ok: false, message: `日期“${text}”不存在` };
  return { ok: true, date: fast ? text : iso(y, m, d) };
}
