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
export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '日期 YYYY-MM-DD' });

export const PageQuery = Type.Object({
  page: Type.Integer({ minimum: 1, default: 1, description: '页码，从1开始' }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20, description: '每页条数，最多200' }),
});

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });

export const StringEnum = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
