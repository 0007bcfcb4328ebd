import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../context';
import { handlers } from '../../http/route';
import { healthReport } from './queries/health-report';

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
  const { publicRead } = handlers(deps);
  return async (app) => {
    app.get(
      '/health',
      {
        config: { access: 'public' },
        logLevel: 'warn',
        schema: { tags: ['运维'], summary: '健康检查', response: { 200: Health, 503: Health } },
      },
      async (request, reply) => {
        const health = await publicRead(request, healthReport);
        return reply.status(health.status === 'down' ? 503 : 200).send(health);
      },
    );
  };
}
