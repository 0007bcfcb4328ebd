import ExcelJS from 'exceljs';
import type { Static } from 'typebox';
import {
  metricLabels,
  metrics,
  type StatisticsQuery,
  type StatisticsReport,
} from '../../../../contracts/statistics';
import type { ReadCtx } from '../../../context';
import { statisticsReport } from './statistics-report';

/** The same report as a workbook: the figures, and the non-discrimination check on its own sheet. */
export async function exportStatistics(ctx: ReadCtx, q: Static<typeof StatisticsQuery>) {
  const report = await statisticsReport(ctx, q);
  return { filename: `统计_${q.from}_${q.to}.xlsx`, body: await workbook(report) };
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
