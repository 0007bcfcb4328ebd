import { type TSchema, Type } from 'typebox';

export const ErrorResponse = Type.Object(
  {
    code: Type.String({ description: '错误码' }),
    message: Type.String({ description: '中文错误说明' }),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { description: '错误' },
);

export const Uuid = Type.String({ format: 'uuid' });

/** The params of a route on one thing named by its id: `/api/.../:id`. */
export const IdParams = Type.Object({ id: Uuid });
/** The params of a route on a file attached to a thing: `/api/.../:id/files/:fileId`. */
export const FileParams = Type.Object({ id: Uuid, fileId: Uuid });

/** Years a date may name: wide enough for any record, narrow enough for every day-by-day computation. */
export const MIN_DATE_YEAR = 1900;
export const MAX_DATE_YEAR = 2999;

/**
 * A real calendar date: the `date` format is checked by the server's own rule (`isCalendarDate`), so
 * 2026-02-30 and 0000-00-00 are refused as a bad field, not left for the database to reject.
 */
export const IsoDate = Type.String({
  format: 'date',
  minLength: 10,
  maxLength: 10,
  description: `日期 YYYY-MM-DD（${MIN_DATE_YEAR}—${MAX_DATE_YEAR} 年间的真实日期）`,
});

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `YYYY-MM-DD` naming a day that exists (leap years counted) within the years above. */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_DATE_YEAR || year > MAX_DATE_YEAR || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/**
 * Integers as PostgreSQL stores them: request integers without bounds of their own are limited to these
 * by the server (`app.ts`), so a huge number is a refused field, never an overflow in the database.
 */
export const INT32_MAX = 2_147_483_647;
export const INT32_MIN = -2_147_483_648;
/** Row ids of `bigserial` tables, as far as a JavaScript number holds them exactly. */
export const BigId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

/** Pages beyond this would ask the database to skip more rows than any table here holds. */
export const MAX_PAGE = 100_000;

export const PageQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1, description: '页码，从1开始' }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20, description: '每页条数，最多200' }),
});

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });

/** A whole list, not paged (the list is short by nature, or capped by its query). */
export const List = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });

/** Lists are counted only up to this many rows: past it the answer says 超过 instead of an exact total. */
export const COUNT_CAP = 10_000;

/**
 * A page of a list that can hold millions of rows (the public credit disclosure, every department's
 * cases): counting all of them would cost more than the page itself, so the count stops at COUNT_CAP.
 */
export const CappedPage = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer({
      description: `总条数；超过 ${COUNT_CAP} 条时为 ${COUNT_CAP}，且 totalCapped 为 true`,
    }),
    totalCapped: Type.Boolean({ description: '总数是否超过计数上限（total 只是下限）' }),
    totalLabel: Type.String({ description: '给人看的总数：“共 N 条”或“超过 N 条”' }),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });

/** The total, and how a person reads it, from a count that stopped at COUNT_CAP + 1. */
export const cappedTotal = (counted: number) => {
  const totalCapped = counted > COUNT_CAP;
  const total = totalCapped ? COUNT_CAP : counted;
  return {
    total,
    totalCapped,
    totalLabel: `${totalCapped ? '超过' : '共'} ${total.toLocaleString('en-US')} 条`,
  };
};

export const StringEnum = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
