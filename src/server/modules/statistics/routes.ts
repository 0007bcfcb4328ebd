import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import ExcelJS from 'exceljs';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { ErrorResponse } from '../../../contracts/common';
import { metricLabels, metrics, StatisticsQuery, StatisticsReport } from '../../../contracts/statistics';
import type { Actor } from '../../../domain/access';
import { DomainError } from '../../../domain/errors';
import { type Deps, readContext } from '../../context';
import { caller } from '../../http/auth';
import { buildReport } from './report';

const tags = ['统计'];
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

/** Roles that oversee the whole county; everyone else with the permission sees only their department. */
const countyWide = ['auditor', 'system_admin', 'catalog_admin'];

function departmentScope(actor: Actor, asked: string | undefined): string | null {
  if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN', '仅限工作人员查看统计');
  if (actor.roles.some((r) => countyWide.includes(r))) return asked ?? null;
  if (asked && asked !== actor.departmentId) throw new DomainError('FORBIDDEN', '只能查看本部门的统计');
  return actor.departmentId;
}

async function workbook(report: Static<typeof StatisticsReport>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '信易批';
  const ws = wb.addWorksheet('统计');
  const byItem = report.groupBy === 'item';
  ws.addRow([`统计期间：${report.from} 至 ${report.to}`]);
  ws.addRow([
    byItem ? '事项编码' : '',
    byItem ? '事项名称' : '部门',
    '部门',
    ...metrics.map((m) => metricLabels[m]),
  ]);
  ws.getRow(2).font = { bold: true };
  for (const r of report.rows)
    ws.addRow([r.code ?? '', r.name, r.departmentName, ...metrics.map((m) => r[m])]);
  ws.addRow(['', '合计', '', ...metrics.map((m) => report.totals[m])]).font = { bold: true };
  ws.columns.forEach((c, i) => {
    c.width = i < 3 ? 28 : 14;
  });
  const nd = wb.addWorksheet('无差别监管');
  const { commitmentRoute: c, standardRoute: s, ratio } = report.nonDiscrimination;
  nd.addRows([
    ['办理途径', '持证主体数', '被双随机抽中检查', '检查率'],
    ['告知承诺（含一表即入、承诺即入、先入后验）', c.holders, c.inspected, c.rate],
    ['一般程序（含容缺受理）', s.holders, s.inspected, s.rate],
    ['检查率之比（承诺 ÷ 一般）', '', '', ratio],
  ]);
  nd.getRow(1).font = { bold: true };
  nd.columns.forEach((col, i) => {
    col.width = i === 0 ? 40 : 18;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function statisticsRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/statistics',
      {
        config: { access: 'statistics.read' },
        schema: {
          tags,
          summary: '按事项、部门和期间统计（全县：审计、系统管理员、事项管理员；其他角色：本部门）',
          querystring: StatisticsQuery,
          response: { 200: StatisticsReport, ...errors },
        },
      },
      async (request) => {
        const ctx = readContext(deps, caller(request));
        const q = request.query;
        return buildReport(ctx, {
          from: q.from,
          to: q.to,
          groupBy: q.groupBy ?? 'item',
          departmentId: departmentScope(ctx.actor, q.departmentId),
        });
      },
    );

    app.get(
      '/api/statistics/export',
      {
        config: { access: 'statistics.read' },
        schema: {
          tags,
          summary: '导出统计表（Excel）',
          querystring: StatisticsQuery,
          response: { 200: Binary, ...errors },
        },
      },
      async (request, reply) => {
        const ctx = readContext(deps, caller(request));
        const q = request.query;
        const report = await buildReport(ctx, {
          from: q.from,
          to: q.to,
          groupBy: q.groupBy ?? 'item',
          departmentId: departmentScope(ctx.actor, q.departmentId),
        });
        return reply
          .type(XLSX)
          .header(
            'content-disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent(`统计_${q.from}_${q.to}.xlsx`)}`,
          )
          .send(await workbook(report));
      },
    );
  };
}
