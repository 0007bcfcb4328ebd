import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { maskResidentId } from '../../src/domain/codes';
import { residentIdsIn } from '../../src/domain/personal-data';
import { queryRows } from '../../src/server/db/client';
import { sealStoredResidentIds } from '../../src/server/modules/personal-data/seal-stored';
import { createTestApp } from '../helpers/app';
import { freshResidentId } from '../helpers/credit';
import { applicant, decidedApplication } from '../helpers/factories';

/**
 * ADR 0019: no resident ID is stored in clear. The main scenarios put persons everywhere they can go
 * (a person applying and decided, pushed; a person's credit record; persons in a random inspection,
 * drawn, inspected and published; a public report naming a person), then every text, character, json
 * and jsonb column of every table in every schema — pg-boss's included — is searched for an 18-character
 * ID with a valid check character.
 */
const t = await createTestApp({ now: '2026-11-23T02:00:00Z' });
const admin = await t.login('sysadmin');
const credit = await t.login('credit');
const supervisor = await t.login('supervisor');

type Column = { schema: string; table: string; column: string };

async function textColumns(): Promise<Column[]> {
  return queryRows<Column>(
    t.database.db,
    sql`select c.table_schema as schema, c.table_name as table, c.column_name as column
        from information_schema.columns c
        join information_schema.tables tb
          on tb.table_schema = c.table_schema and tb.table_name = c.table_name and tb.table_type = 'BASE TABLE'
        where c.table_schema not in ('pg_catalog', 'information_schema')
          and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb')
               or (c.data_type = 'ARRAY' and c.udt_name in ('_text', '_varchar')))
        order by 1, 2, 3`,
  );
}

/** Every clear resident ID in the database, as `schema.table.column: masked`. */
async function clearIdsStored(): Promise<string[]> {
  const found: string[] = [];
  for (const c of await textColumns()) {
    const col = sql.raw(`"${c.column}"::text`);
    const rows = await queryRows<{ v: string }>(
      t.database.db,
      sql`select ${col} as v from ${sql.raw(`"${c.schema}"."${c.table}"`)}
          where ${col} ~ '[1-9][0-9]{16}[0-9Xx]'`,
    );
    for (const r of rows) {
      for (const id of residentIdsIn(r.v))
        found.push(`${c.schema}.${c.table}.${c.column}: ${maskResidentId(id)}`);
    }
  }
  return [...new Set(found)];
}

describe('no resident ID in clear in any table', () => {
  it('the scan sees every kind of column (it finds an ID written in clear by SQL)', async () => {
    const cols = await textColumns();
    expect(cols.some((c) => c.table === 'outbox_message' && c.column === 'payload')).toBe(true);
    expect(cols.some((c) => c.table === 'inspection_plan' && c.column === 'candidates')).toBe(true);
    expect(cols.some((c) => c.schema !== 'public')).toBe(true);
  });

  it('after the main scenarios, no table holds a resident ID in clear', async () => {
    const depts = (await t.call(admin, { method: 'GET', url: '/api/departments' })).json().items as {
      id: string;
      name: string;
    }[];
    const samr = depts.find((d) => d.name.includes('市场监督'))!;
    const sub = await t.call(admin, {
      method: 'POST',
      url: '/api/push/subscriptions',
      payload: {
        systemName: '市公共信用信息平台',
        departmentId: samr.id,
        url: 'http://127.0.0.1:9/push',
        topics: ['commitment', 'license', 'decision', 'verification', 'credit_record', 'inspection_result'],
      },
    });
    expect(sub.statusCode, sub.body).toBe(201);

    // A person applies, commits, is decided on the spot and pushed.
    const person = await applicant(t, { kind: 'individual', name: '乌日娜' });
    const decided = await decidedApplication(t, { applicant: person });
    expect(decided.license).not.toBeNull();

    // A credit record about a person, pushed to the credit platform.
    const recorded = freshResidentId();
    const rec = await t.call(credit, {
      method: 'POST',
      url: '/api/credit/records',
      payload: {
        subject: { kind: 'individual', code: recorded, name: '张建华' },
        kind: 'administrative_penalty',
        severity: 'serious',
        authority: '乌审旗市场监督管理局',
        decidedOn: '2026-10-09',
        summary: '未按规定公示食品经营许可信息',
      },
    });
    expect(rec.statusCode, rec.body).toBe(201);

    // Persons in a random inspection: planned, drawn, inspected, published.
    const persons = [freshResidentId(), freshResidentId(), freshResidentId()];
    const plan = await t.call(supervisor, {
      method: 'POST',
      url: '/api/inspections/plans',
      payload: {
        name: '个体从业人员双随机抽查',
        scope: { description: '从业人员', subjectKinds: ['individual'] },
        ratios: { A: 100 },
        periodStart: '2026-11-23',
        periodEnd: '2026-12-31',
        inspectorsPerInspection: 2,
        candidates: persons.map((code, i) => ({
          kind: 'individual',
          code,
          name: `从业人员${i}`,
          grade: 'A',
        })),
        conflicts: [],
      },
    });
    expect(plan.statusCode, plan.body).toBe(201);
    const planId = plan.json().id as string;
    const drawn = await t.call(supervisor, {
      method: 'POST',
      url: `/api/inspections/plans/${planId}/draw`,
      payload: {},
    });
    expect(drawn.statusCode, drawn.body).toBe(200);
    const draw = drawn.json().draws[0] as { id: string; selections: { id: string }[] };
    for (const i of draw.selections) {
      const r = await t.call(supervisor, {
        method: 'PUT',
        url: `/api/inspections/${i.id}/result`,
        payload: { outcome: 'compliant', summary: '经检查符合要求', inspectedOn: '2026-11-23' },
      });
      expect(r.statusCode, r.body).toBe(204);
    }
    const pub = await t.call(supervisor, {
      method: 'POST',
      url: `/api/inspections/draws/${draw.id}/publish`,
    });
    expect(pub.statusCode, pub.body).toBe(200);

    // The person's own view still finds its entries by lookup hash.
    const me = await t.login(person.username, person.password);
    expect((await t.call(me, { method: 'GET', url: '/api/inspections/my-entries' })).statusCode).toBe(200);

    const clear = await clearIdsStored();
    expect(clear, clear.join('\n')).toEqual([]);
    // And none of the IDs used, whatever form it might have been stored in.
    for (const id of [person.subject.code, recorded, ...persons]) {
      const hits = await queryRows<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from outbox_message where payload::text like ${`%${id}%`}`,
      );
      expect(Number(hits[0]!.n)).toBe(0);
    }
  });

  it('rows written before sealing are sealed at start-up, and the scan then finds none', async () => {
    const id = freshResidentId();
    await t.database.db.execute(
      sql`insert into outbox_message (idempotency_key, topic, aggregate_type, aggregate_id, payload, created_at)
          values (${`legacy:${id}`.replace(id, 'x')}, 'license', 'license', 'legacy',
                  ${JSON.stringify({ 证件号码: id, 备注: `持证人${id}已核实` })}::jsonb, now())`,
    );
    expect((await clearIdsStored()).some((f) => f.startsWith('public.outbox_message.payload'))).toBe(true);
    const sealed = await sealStoredResidentIds(t.database.db, t.app.deps.crypto);
    expect(sealed.messages).toBe(1);
    expect(await clearIdsStored()).toEqual([]);
    const [done] = await queryRows<{ counts: Record<string, number> }>(
      t.database.db,
      sql`select counts from data_upgrade where name like 'seal-resident-ids%'`,
    );
    expect(done?.counts).toEqual({ plans: 0, inspections: 0, messages: 1 });
    // Once done it does not scan the outbox again at the next start: a row slipped in now stays as it is.
    const later = freshResidentId();
    await t.database.db.execute(
      sql`insert into outbox_message (idempotency_key, topic, aggregate_type, aggregate_id, payload, created_at)
          values ('legacy:later', 'license', 'license', 'legacy', ${JSON.stringify({ 证件号码: later })}::jsonb, now())`,
    );
    expect((await sealStoredResidentIds(t.database.db, t.app.deps.crypto)).messages).toBe(0);
    expect((await clearIdsStored()).some((f) => f.startsWith('public.outbox_message.payload'))).toBe(true);
    await t.database.db.execute(sql`delete from outbox_message where idempotency_key = 'legacy:later'`);
  });
});
