import { StatisticsQuery, StatisticsReport } from '../../../contracts/statistics';
import { Binary, defineRoutes, sendDownload, XLSX } from '../../http/route';
import { exportStatistics } from './queries/export-statistics';
import { statisticsReport } from './queries/statistics-report';

export const statisticsRoutes = defineRoutes({ tags: ['统计'] }, (route, { read }) => {
  route.get('/api/statistics', {
    access: 'statistics.read',
    summary: '按事项、部门和期间统计（全县：审计、系统管理员、事项管理员；其他角色：本部门）',
    querystring: StatisticsQuery,
    response: { 200: StatisticsReport },
    read: (ctx, { query }) => statisticsReport(ctx, query),
  });

  route.get('/api/statistics/export', {
    access: 'statistics.read',
    summary: '导出统计表（Excel）',
    querystring: StatisticsQuery,
    response: { 200: Binary },
    handler: async (request, reply) => {
      const file = await read(request, (ctx) => exportStatistics(ctx, request.query));
      return sendDownload(reply, { type: XLSX, name: file.filename, body: file.body });
    },
  });
});
