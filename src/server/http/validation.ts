import type { ErrorObject } from 'ajv';
import localizeZh from 'ajv-i18n/localize/zh';
import type { FastifyInstance, FastifySchemaValidationError, RouteOptions } from 'fastify';
import { INT32_MAX, INT32_MIN, isCalendarDate, MAX_DATE_YEAR, MIN_DATE_YEAR } from '../../contracts/common';
import { DomainError } from '../../domain/errors';

/**
 * How requests are validated, for every route at once: each error is reported (not only the first),
 * `date` means a day that exists, and integers without bounds of their own fit PostgreSQL's `integer`.
 */
export const ajvOptions = {
  // Every problem in one answer. The usual worry with allErrors (a huge array producing a huge error list)
  // is bounded here by the body limit and the arrays' maxItems.
  customOptions: { allErrors: true },
  onCreate: (ajv: { addFormat(name: string, format: (v: string) => boolean): unknown }) => {
    // Replaces ajv-formats' `date`, which takes year 0000 (PostgreSQL has none) and any year at all.
    ajv.addFormat('date', isCalendarDate);
  },
};

type Schema = Record<string, unknown>;
const NAMED_SCHEMAS = new Set(['properties', 'patternProperties', '$defs', 'definitions']);
/** Keywords whose value is data, not a schema. */
const VALUES = new Set(['enum', 'const', 'default', 'examples', 'required']);

/** A copy of a request schema in which every unbounded integer is given PostgreSQL's integer range. */
function boundIntegers(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(boundIntegers);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema as Schema)) {
    if (NAMED_SCHEMAS.has(k) && v && typeof v === 'object') {
      // A map of names to schemas: a property may be called `default` or `enum` like the keywords.
      out[k] = Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, boundIntegers(sub)]));
    } else {
      out[k] = VALUES.has(k) ? v : boundIntegers(v);
    }
  }
  const types = Array.isArray(out.type) ? out.type : [out.type];
  if (types.includes('integer')) {
    if (out.maximum === undefined && out.exclusiveMaximum === undefined) out.maximum = INT32_MAX;
    if (out.minimum === undefined && out.exclusiveMinimum === undefined) out.minimum = INT32_MIN;
  }
  return out;
}

const REQUEST_PARTS = ['body', 'querystring', 'params', 'headers'] as const;

/**
 * Registered before any route: a number too large for the database is refused as a bad field at
 * validation, whichever module declared it, and the OpenAPI document shows the bound.
 */
export function registerRequestBounds(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema as Schema | undefined;
    if (!schema) return;
    const bounded: Schema = { ...schema };
    for (const part of REQUEST_PARTS) if (schema[part]) bounded[part] = boundIntegers(schema[part]);
    route.schema = bounded;
  });

  // After validation, on the values as coerced: PostgreSQL stores no NUL character in text or jsonb, and
  // ajv lets `Infinity` through an integer with a maximum.
  app.addHook('preHandler', async (request) => {
    const found =
      oddValue(request.body, 'body') ??
      oddValue(request.query, 'querystring') ??
      oddValue(request.params, 'params');
    if (found) {
      throw new DomainError('VALIDATION', problemsMessage([found]), { problems: [found] });
    }
  });
}

const NUL = '含有空字符（\\u0000），不能保存';

function oddValue(value: unknown, path: string, depth = 0): Problem | null {
  if (typeof value === 'string') return value.includes('\u0000') ? { field: path, message: NUL } : null;
  if (typeof value === 'number')
    return Number.isFinite(value) ? null : { field: path, message: '应为有限的数字' };
  if (value === null || typeof value !== 'object' || depth > 64 || Buffer.isBuffer(value)) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = oddValue(value[i], `${path}[${i}]`, depth + 1);
      if (p) return p;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000')) return { field: `${path}.${k.replaceAll('\u0000', '\\u0000')}`, message: NUL };
    const p = oddValue(v, `${path}.${k}`, depth + 1);
    if (p) return p;
  }
  return null;
}

export type Problem = { field: string; message: string };

const typeNames: Record<string, string> = {
  string: '文本',
  integer: '整数',
  number: '数字',
  boolean: '布尔值（true 或 false）',
  object: '对象',
  array: '数组',
  null: '空值（null）',
};
const formatNames: Record<string, string> = {
  date: `真实存在的日期（YYYY-MM-DD，${MIN_DATE_YEAR}—${MAX_DATE_YEAR} 年）`,
  'date-time': '日期时间（ISO 8601）',
  uuid: 'UUID',
  email: '电子邮件地址',
  uri: '网址',
};
const list = (values: unknown[]): string => values.map((v) => JSON.stringify(v)).join('、');

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type': {
      const t = String(p.type)
        .split(',')
        .map((x) => typeNames[x] ?? x);
      return `应为${t.join('或')}`;
    }
    case 'required':
      return '为必填项';
    case 'enum':
      return `不是允许的取值，允许的取值：${list(p.allowedValues as unknown[])}`;
    case 'const':
      return `应为 ${JSON.stringify(p.allowedValue)}`;
    case 'format':
      return `应为${formatNames[String(p.format)] ?? `“${String(p.format)}”格式`}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const words: Record<string, string> = {
        '>=': '不应小于',
        '<=': '不应大于',
        '>': '应大于',
        '<': '应小于',
      };
      return `${words[String(p.comparison)] ?? String(p.comparison)} ${String(p.limit)}`;
    }
    case 'minLength':
      return `不应少于 ${String(p.limit)} 个字符`;
    case 'maxLength':
      return `不应多于 ${String(p.limit)} 个字符`;
    case 'pattern':
      return '格式不正确';
    case 'minItems':
      return `不应少于 ${String(p.limit)} 项`;
    case 'maxItems':
      return `不应多于 ${String(p.limit)} 项`;
    case 'uniqueItems':
      return `不应有重复项（第 ${String(p.j)} 项与第 ${String(p.i)} 项相同）`;
    case 'additionalProperties':
      return `不应有其他属性 ${String(p.additionalProperty)}`;
    default: {
      const [copy] = [{ ...e }];
      localizeZh([copy]);
      return copy.message ?? '不符合要求';
    }
  }
}

const partNames: Record<string, string> = {
  body: '请求体',
  querystring: '查询参数',
  params: '路径参数',
  headers: '请求头',
};

/** `/items/0/name` → `items[0].name`, prefixed by the request part. */
function fieldOf(part: string, instancePath: string, missing?: unknown): string {
  const segments = instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (missing !== undefined) segments.push(String(missing));
  let out = part;
  for (const s of segments) out += /^\d+$/.test(s) ? `[${s}]` : `.${s}`;
  return out;
}

/**
 * Every validation error as one problem per field. A union (`anyOf`) reports once, with each branch's
 * expectation, instead of one line per branch and another saying none matched.
 */
export function validationProblems(
  errors: FastifySchemaValidationError[] | ErrorObject[],
  part: string,
): Problem[] {
  const errs = errors as ErrorObject[];
  const unionPaths = new Set(
    errs.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath),
  );
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const byUnion = new Map<string, string[]>();
  for (const e of errs) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') continue;
    const missing =
      e.keyword === 'required' ? (e.params as { missingProperty?: unknown }).missingProperty : undefined;
    const message = describe(e);
    if (unionPaths.has(e.instancePath) && missing === undefined) {
      const alternatives = byUnion.get(e.instancePath) ?? [];
      if (!alternatives.includes(message)) alternatives.push(message);
      byUnion.set(e.instancePath, alternatives);
      continue;
    }
    const field = fieldOf(part, e.instancePath, missing);
    const key = `${field}\u0001${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ field, message });
  }
  for (const [path, alternatives] of byUnion) {
    problems.push({ field: fieldOf(part, path), message: alternatives.join('，或') });
  }
  return problems;
}

/** The Chinese sentence for a list of problems: each field named, all of them at once. */
export function problemsMessage(problems: Problem[]): string {
  if (problems.length === 0) return '请求参数有误';
  const named = problems.map((p) => {
    const [part, ...rest] = p.field.split('.');
    const where = partNames[part ?? ''] ?? part;
    return rest.length ? `${where} ${rest.join('.')} ${p.message}` : `${where}${p.message}`;
  });
  return `请求参数有误（共 ${problems.length} 处）：${named.join('；')}`;
}
