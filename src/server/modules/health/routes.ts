import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { chinaDate } from '../../../domain/working-days';
import type { Deps } from '../../context';
import { migrationStatus } from '../../db/migrations';
import { listYears } from '../calendar/repository';

/** Calendar coverage and the December warning: next year's holidays must be loaded before they are needed. */
export function calendarCoverage(years: number[], now: Date) {
  const today = chinaDate(now);
  const current = Number(today.slice(0, 4));
  const december = today.slice(5, 7) === '12';
  const has = (y: number) => years.includes(y);
  let warning: string | null = null;
  if (!has(current)) warning = `${current}年的法定节假日安排尚未载入，工作日计算将失败`;
  else if (december && !has(current + 1))
    warning = `${current + 1}年的法定节假日安排尚未载入，请在国务院办公厅发布通知后及时载入`;
  return {
    firstYear: years[0] ?? null,
    lastYear: years.at(-1) ?? null,
    currentYearLoaded: has(current),
    nextYearLoaded: has(current + 1),
    warning,
  };
}

const Health = Type.Object({
  status: Type.String({ description: 'ok | degraded | down' }),
  database: Type.Object({ kind: Type.String(), reachable: Type.Boolean() }),
  migrations: Type.Object({ expected: Type.Integer(), applied: Type.Integer(), current: Type.Boolean() }),
  calendar: Type.Object({
    firstYear: Type.Union([Type.Integer(), Type.Null()]),
    lastYear: Type.Union([Type.Integer(), Type.Null()]),
    currentYearLoaded: Type.Boolean(),
    nextYearLoaded: Type.Boolean(),
    warning: Type.Union([Type.String(), Type.Null()]),
  }),
  warnings: Type.Array(Type.String()),
});

export function healthRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/health',
      {
        config: { access: 'public' },
        logLevel: 'warn',
        schema: { tags: ['运维'], summary: '健康检查', response: { 200: Health, 503: Health } },
      },
      async (_request, reply) => {
        const db = deps.database.db;
        const down = {
          status: 'down',
          database: { kind: deps.database.kind, reachable: false },
          migrations: { expected: 0, applied: 0, current: false },
          calendar: {
            firstYear: null,
            lastYear: null,
            currentYearLoaded: false,
            nextYearLoaded: false,
            warning: null,
          },
          warnings: ['数据库无法连接'],
        };
        try {
          await db.execute(sql`select 1`);
        } catch {
          return reply.status(503).send(down);
        }
        const migrations = await migrationStatus(db);
        const years = (await listYears(db)).map((y) => y.year);
        const calendar = calendarCoverage(years, deps.clock());
        const warnings = [
          ...(migrations.current ? [] : ['数据库迁移与程序版本不一致']),
          ...(calendar.warning ? [calendar.warning] : []),
        ];
        const status = !migrations.current ? 'down' : warnings.length ? 'degraded' : 'ok';
        return reply.status(status === 'down' ? 503 : 200).send({
          status,
          database: { kind: deps.database.kind, reachable: true },
          migrations,
          calendar,
          warnings,
        });
      },
    );
  };
}
