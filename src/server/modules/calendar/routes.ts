import { Type } from 'typebox';
import {
  AddWorkingDaysAnswer,
  CalendarYear,
  CountWorkingDaysAnswer,
  LoadCalendarYear,
  LoadCalendarYearResult,
  WorkingDayAnswer,
} from '../../../contracts/calendar';
import { IsoDate, List } from '../../../contracts/common';
import { defineRoutes } from '../../http/route';
import { loadCalendarYear } from './load-year';
import { addWorkingDays } from './queries/add-working-days';
import { countWorkingDays } from './queries/count-working-days';
import { listCalendarYears } from './queries/list-years';
import { workingDay } from './queries/working-day';

export const calendarRoutes = defineRoutes({ tags: ['工作日历'] }, (route, { act, deps }) => {
  route.get('/api/calendar/years', {
    access: 'public',
    summary: '已载入节假日安排的年份',
    response: { 200: List(CalendarYear) },
    publicRead: listCalendarYears,
  });

  route.put('/api/calendar/years/:year', {
    access: 'calendar.manage',
    summary: '载入或更正某一年的法定节假日与调休安排（系统管理员）',
    description:
      '每个法定节假日都须列为放假日，否则拒绝并列出缺少的节日和日期。载入后，此前暂按法定节假日计算的期限全部重新计算，相关任务随之调整，期限有变的人员收到站内消息。',
    params: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
    body: LoadCalendarYear,
    response: { 200: LoadCalendarYearResult },
    handler: async (request) => {
      const loaded = await act(request, (ctx) => loadCalendarYear(ctx, request.params.year, request.body));
      // Only after the commit: a request between an earlier invalidation and the commit would cache the old year.
      deps.calendar.invalidate();
      return loaded;
    },
  });

  route.get('/api/calendar/working-day', {
    access: 'public',
    summary: '某日是否为工作日',
    querystring: Type.Object({ date: IsoDate }),
    response: { 200: WorkingDayAnswer },
    publicRead: (ctx, { query }) => workingDay(ctx, query.date),
  });

  route.get('/api/calendar/add-working-days', {
    access: 'public',
    summary: '某日之后第N个工作日（起始日不计）',
    querystring: Type.Object({ date: IsoDate, days: Type.Integer({ minimum: 0, maximum: 3650 }) }),
    response: { 200: AddWorkingDaysAnswer },
    publicRead: (ctx, { query }) => addWorkingDays(ctx, query),
  });

  route.get('/api/calendar/count-working-days', {
    access: 'public',
    summary: '两日期之间的工作日数（不含起始日，含结束日）',
    querystring: Type.Object({ from: IsoDate, to: IsoDate }),
    response: { 200: CountWorkingDaysAnswer },
    publicRead: (ctx, { query }) => countWorkingDays(ctx, query),
  });
});
