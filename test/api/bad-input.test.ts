import { writeFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { type Actor, hasPermission, type Permission } from '../../src/domain/access';
import { queryRows } from '../../src/server/db/client';
import { createTestApp, type Session } from '../helpers/app';

/**
 * Bad input never gives a 5xx, and a refused request writes nothing. Every operation of the OpenAPI
 * document (the app's own, as served at /openapi.json, so endpoints added later are covered too) gets
 * generated requests: a well-formed request built from its schema with one to three parts spoiled (a NUL,
 * a huge number, a date that does not exist, a wrong type, a missing field, a body that is not JSON …),
 * sent as a caller whose permission lets it past authentication into validation. After each refused
 * (4xx) request no table of the application has gained or lost a row.
 */
const postgres = !!process.env.TEST_DATABASE_URL;
/** Requests in all: at least 10,000 on PostgreSQL, fewer on the single-threaded PGlite. */
const TOTAL = postgres ? 10_000 : 1_500;
/** Requests in flight at once in the first pass: PostgreSQL works while the server validates the next. */
const PARALLEL = postgres ? 4 : 2;

const t = await createTestApp();

// A row counter per table, bumped by a trigger on every insert and delete (and truncate) of the
// application's tables. Test scaffolding only: it lives in this file's private database.
for (const statement of [
  'create table xyp_row_changes (tbl text primary key, n bigint not null)',
  `create function xyp_count_change() returns trigger language plpgsql as $$
   begin
     insert into xyp_row_changes values (tg_table_name, 1)
       on conflict (tbl) do update set n = xyp_row_changes.n + 1;
     return null;
   end $$`,
  `do $$
   declare r record;
   begin
     for r in select tablename from pg_tables where schemaname = 'public' and tablename <> 'xyp_row_changes' loop
       execute format('create trigger xyp_rows after insert or delete on public.%I for each row execute function xyp_count_change()', r.tablename);
       execute format('create trigger xyp_truncate after truncate on public.%I for each statement execute function xyp_count_change()', r.tablename);
     end loop;
   end $$`,
]) {
  await t.database.db.execute(sql.raw(statement));
}
const rowChanges = async (): Promise<string> => {
  const rows = await queryRows<{ s: string | null }>(
    t.database.db,
    sql`select string_agg(tbl || '=' || n, ',' order by tbl) as s from xyp_row_changes`,
  );
  return rows[0]?.s ?? '';
};

/**
 * The row counters once they have stopped moving: work an accepted request started in the background (an
 * import job runs after its 202, one job after another) has ended. Stable over three reads 150 ms apart.
 */
async function settled(limitMs = 30_000): Promise<string> {
  let last = await rowChanges();
  let stable = 0;
  for (const end = Date.now() + limitMs; Date.now() < end && stable < 3; ) {
    await new Promise((r) => setTimeout(r, 150));
    const now = await rowChanges();
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
  return last;
}

// ---- callers: for each permission, someone who holds it ----
const staffAccounts: [string, Actor][] = (
  [
    ['sysadmin', ['system_admin']],
    ['clerk', ['window_clerk']],
    ['catalog', ['catalog_admin']],
    ['auditor', ['auditor']],
    ['approver', ['approver']],
    ['supervisor', ['supervision_admin']],
    ['inspector', ['inspector']],
    ['credit', ['credit_officer']],
    ['legal', ['legal_reviewer']],
  ] as const
).map(([username, roles]) => [
  username,
  { kind: 'staff', userId: '', username, departmentId: '', roles, sessionId: null },
]);
const applicant: Actor = {
  kind: 'applicant',
  userId: '',
  username: 'ent_demo',
  applicantType: 'enterprise',
  proven: true,
  sessionId: null,
};

const sessions = new Map<string, Session>();
for (const username of [...staffAccounts.map(([u]) => u), 'ent_demo']) {
  sessions.set(username, await t.login(username));
}
const tokenRes = await t.call(sessions.get('sysadmin')!, {
  method: 'POST',
  url: '/api/api-tokens',
  payload: { name: '监管系统（测试）', scopes: ['push.results', 'department.read', 'account.read_self'] },
});
const token: string = tokenRes.json().token;

type Caller = Session | string | null;
function callerFor(access: string): Caller {
  if (access === 'public') return null;
  const p = access as Permission;
  // Applicants first for what applicants do, so requests reach the applicant's own checks.
  if (hasPermission(applicant, p) && ['application.apply', 'credit.own', 'file.upload'].includes(p)) {
    return sessions.get('ent_demo')!;
  }
  for (const [username, actor] of staffAccounts) if (hasPermission(actor, p)) return sessions.get(username)!;
  if (hasPermission(applicant, p)) return sessions.get('ent_demo')!;
  return token;
}

// ---- the operations ----
type Schema = Record<string, unknown> & {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
};
type Parameter = { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: Schema };
type Operation = {
  method: string;
  path: string;
  access: string;
  params: Parameter[];
  body: { type: string; schema: Schema }[];
};

// Ends the caller's own session: it would log every later request out. It takes no input to spoil.
const SKIPPED = new Set(['POST /api/auth/logout']);

const doc = t.app.swagger() as unknown as {
  paths: Record<string, Record<string, Record<string, unknown>>>;
};
const operations: Operation[] = [];
for (const [path, methods] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(methods)) {
    if (SKIPPED.has(`${method.toUpperCase()} ${path}`)) continue;
    const content = ((op.requestBody as { content?: Record<string, { schema: Schema }> })?.content ??
      {}) as Record<string, { schema: Schema }>;
    operations.push({
      method: method.toUpperCase(),
      path,
      access: (op['x-access'] as string | undefined) ?? 'public',
      params: (op.parameters as Parameter[] | undefined) ?? [],
      body: Object.entries(content).map(([type, c]) => ({ type, schema: c.schema })),
    });
  }
}

// ---- values ----
const badStrings = [
  'a\u0000b',
  '\u0000',
  '',
  ' ',
  'x'.repeat(10_000),
  '中'.repeat(3_000),
  '\ud800',
  '😀'.repeat(50),
  '\u202e反向',
  "' or 1=1 --",
  '%_\\',
  '../../etc/passwd',
  '2026-02-30',
  '0000-00-00',
  '0000-01-01',
  '2025-02-29',
  '2026-13-01',
  '2026-1-1',
  '９９９９-01-01',
  '9999-12-31',
  '1e308',
  '99999999999999999999',
  '-1',
  'NaN',
  'Infinity',
  'null',
  'true',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-0000-0000-00000000000\u0000',
];
const badNumbers = [
  1e308,
  -1e308,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  2 ** 63,
  1e19,
  1.5,
  -1,
  0,
  Number.MAX_SAFE_INTEGER,
];
const badOthers: unknown[] = [null, true, false, {}, [], [null], { a: '\u0000' }, [[[[[]]]]]];
const badValue = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...badStrings) },
  { weight: 3, arbitrary: fc.constantFrom(...badNumbers) },
  { weight: 2, arbitrary: fc.constantFrom(...badOthers) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
);
/** In a URL everything is text: numbers as they would be typed. */
const badText = fc.oneof(
  fc.constantFrom(...badStrings),
  fc.constantFrom(...badNumbers).map((n) => (n === 1e19 ? '9999999999999999999999' : String(n))),
);

const validDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** A value the schema accepts, as far as a generator can tell (patterns are matched, formats made). */
function valid(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.constant(null);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if ('const' in schema) return fc.constant(schema.const);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => valid(s, depth + 1)));
  const base = (): fc.Arbitrary<unknown> => {
    switch (schema.type) {
      case 'object': {
        const props = schema.properties ?? {};
        const required = new Set(schema.required ?? []);
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, s] of Object.entries(props)) model[k] = valid(s, depth + 1);
        return fc.record(model, { requiredKeys: [...required].filter((k) => k in props) });
      }
      case 'array':
        return fc.array(valid(schema.items, depth + 1), {
          minLength: Math.min(Number(schema.minItems ?? 0), 3),
          maxLength: Math.max(
            Math.min(Number(schema.maxItems ?? 3), 3),
            Math.min(Number(schema.minItems ?? 0), 3),
          ),
        });
      case 'integer':
      case 'number': {
        const min = Math.max(Number(schema.minimum ?? -5), -1_000);
        const max = Math.min(Number(schema.maximum ?? 1_000), min + 1_000);
        return fc.integer({ min: Math.ceil(min), max: Math.max(Math.ceil(min), Math.floor(max)) });
      }
      case 'boolean':
        return fc.boolean();
      case 'string': {
        if (schema.format === 'uuid') return fc.uuid();
        if (schema.format === 'date') return validDate;
        if (schema.format === 'date-time') return validDate.map((d) => `${d}T08:00:00Z`);
        if (schema.format === 'binary') return fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b));
        if (typeof schema.pattern === 'string') {
          try {
            return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= 200);
          } catch {
            return fc.constant('a');
          }
        }
        const minLength = Number(schema.minLength ?? 0);
        const maxLength = Math.min(Number(schema.maxLength ?? 12), minLength + 12);
        return fc.string({ minLength, maxLength });
      }
      default:
        return fc.constant('x');
    }
  };
  const value = base();
  return schema.nullable ? fc.option(value, { nil: null }) : value;
}

/**
 * A bad value of the same kind as a good one: what a schema that only checks the type lets through to
 * the database (a date that does not exist, a number too large for a column, text with a NUL).
 */
const badDates = [
  '2026-02-30',
  '0000-00-00',
  '0000-01-01',
  '2025-02-29',
  '2026-13-01',
  '2026-04-31',
  '9999-12-31',
];
function alike(good: unknown, pick: number): unknown {
  const from = <T>(xs: readonly T[]) => xs[pick % xs.length]!;
  if (typeof good === 'number') return from(badNumbers);
  if (typeof good === 'string') {
    if (/^\d{4}-\d{2}-\d{2}/.test(good)) return from(badDates.map((d) => d + good.slice(10)));
    if (/^[0-9a-f]{8}-/.test(good)) return from([`${good}\u0000`, good.toUpperCase().replace(/-/g, ''), '0']);
    return from([
      `${good}\u0000`,
      good.repeat(2_000).slice(0, 20_000) || 'x'.repeat(20_000),
      `${good}\ud800`,
    ]);
  }
  if (typeof good === 'boolean') return from(['true', 1, 'yes']);
  return from(badOthers);
}

// ---- spoiling a well-formed request ----
type Spoil =
  | { kind: 'leaf'; pick: number; value: unknown }
  | { kind: 'alike'; pick: number; which: number }
  | { kind: 'drop'; pick: number }
  | { kind: 'param'; pick: number; value: string }
  | { kind: 'body'; body: 'text' | 'array' | 'empty' | 'deep' | 'wrong-type' | 'not-json' };
const spoil: fc.Arbitrary<Spoil> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('leaf' as const), pick: fc.nat(), value: badValue }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('param' as const), pick: fc.nat(), value: badText }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('body' as const),
      body: fc.constantFrom('text', 'array', 'empty', 'deep', 'wrong-type', 'not-json'),
    }),
  },
);

/** Every place in a JSON value a leaf can be swapped: [container, key]. */
function leaves(value: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []) {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([value, i]);
      leaves(v, out);
    });
  } else if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      out.push([value as Record<string, unknown>, k]);
      leaves(v, out);
    }
  }
  return out;
}

const deep = (n: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
};

type Built = { inject: InjectOptions; describe: string };

/** URL-encodes, a lone surrogate included: as the bytes of one (not valid UTF-8), which is bad input too. */
const enc = (s: string): string => {
  try {
    return encodeURIComponent(s);
  } catch {
    return `${encodeURIComponent(s.replace(/[\ud800-\udfff]/g, ''))}%ED%A0%80`;
  }
};

function requestFor(op: Operation) {
  const paramArbs: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of op.params) paramArbs[`${p.in}:${p.name}`] = valid(p.schema);
  const bodyChoice = op.body.length ? fc.constantFrom(...op.body) : fc.constant(null);
  return fc
    .record({
      params: fc.record(paramArbs),
      body: bodyChoice.chain((b) =>
        b ? valid(b.schema).map((v) => ({ type: b.type, value: v as unknown })) : fc.constant(null),
      ),
      spoils: fc.array(spoil, { minLength: 1, maxLength: 3 }),
    })
    .map(({ params, body, spoils }): Built => {
      const values: Record<string, unknown> = { ...params };
      // Copies: generated values may be shared constants, and the spoils below change them in place.
      const copy = (v: unknown): unknown => (Buffer.isBuffer(v) || v === undefined ? v : structuredClone(v));
      let bodyValue: unknown = copy(body?.value);
      let contentType = body?.type ?? null;
      let payload: string | Buffer | undefined;
      for (const s of spoils) {
        if (s.kind === 'param' && op.params.length) {
          const p = op.params[s.pick % op.params.length]!;
          values[`${p.in}:${p.name}`] = s.value;
        } else if (
          (s.kind === 'leaf' || s.kind === 'drop' || s.kind === 'alike') &&
          bodyValue &&
          typeof bodyValue === 'object' &&
          !Buffer.isBuffer(bodyValue)
        ) {
          const spots = leaves(bodyValue);
          if (!spots.length) continue;
          const [container, key] = spots[s.pick % spots.length]!;
          const slot = container as Record<string | number, unknown>;
          if (s.kind === 'drop' && !Array.isArray(container)) delete container[key as string];
          else
            slot[key] =
              s.kind === 'leaf' ? copy(s.value) : s.kind === 'alike' ? copy(alike(slot[key], s.which)) : null;
        } else if ((s.kind === 'leaf' || s.kind === 'alike') && op.params.length) {
          const p = op.params[s.pick % op.params.length]!;
          const k = `${p.in}:${p.name}`;
          values[k] = s.kind === 'leaf' ? s.value : alike(values[k], s.which);
        } else if (s.kind === 'body') {
          contentType ??= 'application/json';
          if (s.body === 'text') payload = 'a\u0000,b\n2026-02-30,1e308\n';
          else if (s.body === 'array') bodyValue = [bodyValue];
          else if (s.body === 'empty') payload = '';
          else if (s.body === 'deep') bodyValue = deep(2_000);
          else if (s.body === 'wrong-type') bodyValue = 'x';
          else payload = '{"a":';
        } else if (s.kind === 'leaf' && bodyValue === undefined && contentType === null) {
          contentType = 'application/json';
          bodyValue = { field: copy(s.value) };
        }
      }
      let url = op.path;
      const query = new URLSearchParams();
      const headers: Record<string, string> = {};
      for (const p of op.params) {
        const v = values[`${p.in}:${p.name}`];
        if (v === undefined) continue;
        const text = typeof v === 'string' ? v : JSON.stringify(v);
        if (p.in === 'path') url = url.replace(`{${p.name}}`, enc(text) || '%20');
        else if (p.in === 'query') query.append(p.name, text);
        else if (p.in === 'header') headers[p.name] = enc(text);
      }
      if (query.size) url += `?${query.toString()}`;
      if (payload === undefined && bodyValue !== undefined) {
        payload = Buffer.isBuffer(bodyValue) ? bodyValue : JSON.stringify(bodyValue);
      }
      if (contentType && payload !== undefined) headers['content-type'] = contentType;
      const inject: InjectOptions = {
        method: op.method as InjectOptions['method'],
        url,
        headers,
        ...(payload !== undefined ? { payload } : {}),
      };
      const shown =
        typeof payload === 'string' ? payload.slice(0, 300) : payload ? `<${payload.length} bytes>` : '';
      return {
        inject,
        describe: `${op.method} ${url.slice(0, 200)} ${contentType ?? ''} ${shown.slice(0, 200)}`,
      };
    });
}

const CHINESE = /[\u4e00-\u9fff]/;

describe('bad input over every operation of the OpenAPI document', () => {
  it('answers each with a 4xx in Chinese (never 5xx) and writes nothing when it refuses', async () => {
    expect(operations.length).toBeGreaterThan(100);
    // An operation that takes no input can only be sent a junk body: a tenth as many requests suffice
    // there (some, like the audit chain check, are costly), the rest go to operations with inputs.
    const takesInput = (op: Operation) => op.params.length > 0 || op.body.length > 0;
    const weight = operations.reduce((w, op) => w + (takesInput(op) ? 1 : 0.1), 0);
    const perOperation = Math.ceil(TOTAL / weight);
    const runsFor = (op: Operation) => (takesInput(op) ? perOperation : Math.ceil(perOperation / 10));
    let sent = 0;
    const stats: string[] = [];

    /**
     * One operation's requests, generated from the seed (so a failure is replayed with BAD_INPUT_SEED).
     * Reading the row counters after every request would double the run time, so a first pass sends the
     * requests a few at a time and reads the counters only before and after; where they moved (some
     * request was accepted, or a refused one wrote), the same requests are sent again one by one with the
     * counters read after each.
     */
    const run = async (op: Operation, strict: boolean, seed: number) => {
      const as = callerFor(op.access);
      const statuses: Record<number, number> = {};
      const requests = fc.sample(requestFor(op), { numRuns: runsFor(op), seed });
      const began = performance.now();
      const start = strict ? await settled() : await rowChanges();
      let before = start;
      const check = async ({ inject, describe }: Built) => {
        const res = await t.call(as, inject);
        sent++;
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        const context = `seed ${seed}: ${describe}\n→ ${res.statusCode} ${res.body.slice(0, 500)}`;
        expect(res.statusCode, context).toBeLessThan(500);
        let changed = false;
        if (strict) {
          // An accepted request may go on writing after it answers (an import job): wait until its rows
          // stop changing, so they are not blamed on the next request.
          const after = res.statusCode < 400 ? await settled() : await rowChanges();
          changed = after !== before;
          before = after;
        }
        if (res.statusCode >= 400) {
          const body = res.json();
          expect(body.message, context).toMatch(CHINESE);
          // The schema names the field; the database's own refusal is a last resort that names none.
          expect(body.details?.source, context).not.toBe('database');
          expect(changed, `rows changed after a refused request: ${context}`).toBe(false);
        }
      };
      if (strict) {
        for (const r of requests) await check(r);
      } else {
        for (let i = 0; i < requests.length; i += PARALLEL) {
          await Promise.all(requests.slice(i, i + PARALLEL).map(check));
        }
      }
      const ms = Math.round(performance.now() - began);
      stats.push(`${ms} ms ${op.method} ${op.path}${strict ? ' (strict)' : ''} ${JSON.stringify(statuses)}`);
      return strict || (await rowChanges()) === start;
    };

    const seed = Number(process.env.BAD_INPUT_SEED ?? Date.now() % 2 ** 31);
    for (const [i, op] of operations.entries()) {
      if (!(await run(op, false, seed + i))) await run(op, true, seed + i);
    }
    if (process.env.BAD_INPUT_STATS) writeFileSync(process.env.BAD_INPUT_STATS, stats.join('\n'));
    expect(sent).toBeGreaterThanOrEqual(TOTAL);
  }, 600_000);
});
