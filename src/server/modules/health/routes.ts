import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import type { Deps } from '../../context';
import { migrationStatus } from '../../db/migrations';
import { listYears } from '../calendar/repository';
import { calendarCoverage } from '../calendar/watch';

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
  clock: Type.Object(
    {
      mode: Type.Union([Type.Literal('test'), Type.Literal('system')], {
        description: 'test：以 TEST_CLOCK 启动的测试时钟（页面显示“测试时钟”）；system：系统时间',
      }),
      now: Type.String({ description: '本服务当前时间（ISO 8601）' }),
    },
    { description: '本服务使用的时钟' },
  ),
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
        const clock = { mode: deps.testClock ? 'test' : 'system', now: deps.clock().toISOString() } as const;
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
          clock,
        };
        try {
          await db.execute(sql`select 1`);
        } catch {
          return reply.status(503).send(down);
        }
        const migrations = await migrationStatus(db);
        const years = (await listYears(db)).map((y) => y.year);
        const { missingYear: _, ...calendar } = calendarCoverage(years, deps.clock());
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
          clock,
        });
      },
    );
  };
}
