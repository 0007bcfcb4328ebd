import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse } from '../../../contracts/common';
import {
  AdvanceClock,
  ClockView,
  DeadlineJobList,
  RunJobsResult,
  SetClock,
} from '../../../contracts/operations';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import { type Deps, runAction } from '../../context';
import { caller } from '../../http/auth';
import { watchCalendar } from '../calendar/watch';

const tags = ['运维'];
const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};

const clockOf = (deps: Deps) => ({
  mode: deps.testClock ? ('test' as const) : ('system' as const),
  now: deps.clock().toISOString(),
});

const idOf = (data: Record<string, unknown>, key: string) =>
  typeof data[key] === 'string' ? (data[key] as string) : null;

/**
 * Operators' controls: the deadline jobs (see and run the due ones now), and on a deployment started
 * with TEST_CLOCK the clock itself. System administrators only; every move is audited.
 */
export function operationsRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  const requireTestClock = () => {
    if (!deps.testClock) {
      throw new DomainError(
        'NOT_FOUND',
        '本服务未启用测试时钟：只有以 TEST_CLOCK=true 启动的测试部署才能拨动时间',
      );
    }
    return deps.testClock;
  };

  /** After the clock moved: the operators' calendar warning follows the new date at once. */
  const afterMove = async (
    request: Parameters<typeof caller>[0],
    action: string,
    before: string,
    detail: object,
  ) => {
    const after = clockOf(deps);
    await runAction(deps, caller(request), (ctx) =>
      appendAudit(ctx, {
        action,
        targetType: 'clock',
        targetId: null,
        before: { now: before },
        after: { now: after.now, ...detail },
      }),
    );
    await watchCalendar(deps);
    return after;
  };

  return async (app) => {
    app.get(
      '/api/admin/jobs',
      {
        config: { access: 'jobs.manage' },
        schema: {
          tags,
          summary: '待执行的期限任务（提醒、催告、终止、逾期预警）（系统管理员）',
          querystring: Type.Object({
            due: Type.Optional(Type.Boolean({ description: 'true 只列已到期的；false 只列未到期的' })),
          }),
          response: { 200: DeadlineJobList, ...errors },
        },
      },
      async (request) => {
        const now = deps.clock();
        const all = (await deps.jobs.queuedDeadlineJobs()).map((j) => ({
          id: j.id,
          queue: j.queue,
          label: j.label,
          state: j.state,
          startAfter: j.startAfter.toISOString(),
          due: j.startAfter.getTime() <= now.getTime(),
          provisional: j.data.provisional === true,
          applicationId: idOf(j.data, 'applicationId'),
          taskId: idOf(j.data, 'taskId'),
        }));
        const { due } = request.query;
        const items = due === undefined ? all : all.filter((j) => j.due === due);
        return {
          now: now.toISOString(),
          total: items.length,
          due: all.filter((j) => j.due).length,
          items: items.slice(0, 500),
        };
      },
    );

    app.post(
      '/api/admin/jobs/run',
      {
        config: { access: 'jobs.manage' },
        schema: {
          tags,
          summary: '立即执行已到期的期限任务（系统管理员）',
          description:
            '与后台任务处理程序执行的完全相同：重新读取办件或任务，状态已变的不再处理，重复执行只生效一次。',
          response: { 200: RunJobsResult, ...errors },
        },
      },
      async (request) => {
        const ran = await deps.jobs.runDueDeadlineJobs();
        await runAction(deps, caller(request), (ctx) =>
          appendAudit(ctx, {
            action: 'jobs.run_due',
            targetType: 'job_queue',
            targetId: null,
            after: {
              ran: ran.length,
              failed: ran.filter((r) => !r.ok).length,
              jobs: ran.map((r) => ({ id: r.id, queue: r.queue, ok: r.ok })),
            },
          }),
        );
        await watchCalendar(deps);
        return { now: deps.clock().toISOString(), ran };
      },
    );

    app.get(
      '/api/admin/clock',
      {
        config: { access: 'clock.manage' },
        schema: { tags, summary: '本服务的时钟（系统管理员）', response: { 200: ClockView, ...errors } },
      },
      async () => clockOf(deps),
    );

    app.put(
      '/api/admin/clock',
      {
        config: { access: 'clock.manage' },
        schema: {
          tags,
          summary: '把测试时钟拨到某一时间（仅测试部署，系统管理员）',
          body: SetClock,
          response: { 200: ClockView, ...errors },
        },
      },
      async (request) => {
        const clock = requireTestClock();
        const to = new Date(request.body.now);
        if (Number.isNaN(to.getTime())) throw new DomainError('VALIDATION', `时间“${request.body.now}”无效`);
        const before = clock.now().toISOString();
        await clock.set(to);
        return afterMove(request, 'clock.set', before, {});
      },
    );

    app.post(
      '/api/admin/clock/advance',
      {
        config: { access: 'clock.manage' },
        schema: {
          tags,
          summary: '把测试时钟向后拨动一段时间（仅测试部署，系统管理员）',
          body: AdvanceClock,
          response: { 200: ClockView, ...errors },
        },
      },
      async (request) => {
        const clock = requireTestClock();
        const { days = 0, hours = 0, minutes = 0 } = request.body;
        const ms = ((days * 24 + hours) * 60 + minutes) * 60_000;
        if (ms <= 0) throw new DomainError('VALIDATION', '请至少填写天数、小时数或分钟数中的一项（大于0）');
        const before = clock.now().toISOString();
        await clock.advance(ms);
        return afterMove(request, 'clock.advance', before, { days, hours, minutes });
      },
    );
  };
}
