import { Type } from 'typebox';
import {
  AdvanceClock,
  ClockView,
  DeadlineJobList,
  RunJobsResult,
  SetClock,
} from '../../../contracts/operations';
import { caller } from '../../http/auth';
import { defineRoutes } from '../../http/route';
import { advanceClock, clockOf, setClock } from './clock';
import { listDeadlineJobs } from './queries/list-deadline-jobs';
import { runDueJobs } from './run-due-jobs';

/**
 * Operators' controls: the deadline jobs (see and run the due ones now), and on a deployment started
 * with TEST_CLOCK the clock itself. System administrators only; every move is audited.
 */
export const operationsRoutes = defineRoutes({ tags: ['运维'] }, (route, { deps }) => {
  route.get('/api/admin/jobs', {
    access: 'jobs.manage',
    summary: '待执行的期限任务（提醒、催告、终止、逾期预警）（系统管理员）',
    querystring: Type.Object({
      due: Type.Optional(Type.Boolean({ description: 'true 只列已到期的；false 只列未到期的' })),
    }),
    response: { 200: DeadlineJobList },
    read: (ctx, { query }) => listDeadlineJobs(ctx, query),
  });

  route.post('/api/admin/jobs/run', {
    access: 'jobs.manage',
    summary: '立即执行已到期的期限任务（系统管理员）',
    description:
      '与后台任务处理程序执行的完全相同：重新读取办件或任务，状态已变的不再处理，重复执行只生效一次。',
    response: { 200: RunJobsResult },
    handler: (request) => runDueJobs(deps, caller(request)),
  });

  route.get('/api/admin/clock', {
    access: 'clock.manage',
    summary: '本服务的时钟（系统管理员）',
    response: { 200: ClockView },
    handler: async () => clockOf(deps),
  });

  route.put('/api/admin/clock', {
    access: 'clock.manage',
    summary: '把测试时钟拨到某一时间（仅测试部署，系统管理员）',
    body: SetClock,
    response: { 200: ClockView },
    handler: (request) => setClock(deps, caller(request), request.body),
  });

  route.post('/api/admin/clock/advance', {
    access: 'clock.manage',
    summary: '把测试时钟向后拨动一段时间（仅测试部署，系统管理员）',
    body: AdvanceClock,
    response: { 200: ClockView },
    handler: (request) => advanceClock(deps, caller(request), request.body),
  });
});
