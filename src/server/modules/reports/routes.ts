import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Uuid } from '../../../contracts/common';
import {
  CloseReportBody,
  ReportBody,
  ReportList,
  ReportReceipt,
  ReportStatistics,
  ReportTrack,
  ReportView,
} from '../../../contracts/reports';
import type { Deps } from '../../context';
import { errorResponses as errors, handlers } from '../../http/route';
import { closeReport } from './close-report';
import { getReport, listReports } from './queries/list-reports';
import { reportFile } from './queries/report-file';
import { reportStatistics } from './queries/report-statistics';
import { trackReport } from './queries/track-report';
import { submitReport } from './submit-report';

const tags = ['社会监督举报'];
const Params = Type.Object({ id: Uuid });
/** Up to five evidence files of 10 MB each, base64-encoded, in one report. */
const REPORT_BODY_LIMIT = 70 * 1024 * 1024;

export function reportRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  const { act, read, publicRead, publicAct } = handlers(deps);
  return async (app) => {
    app.post(
      '/api/public/reports',
      {
        bodyLimit: REPORT_BODY_LIMIT,
        config: {
          access: 'public',
          rateLimit: { max: deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' },
        },
        schema: {
          tags,
          summary: '举报涉嫌虚假的承诺或证照（匿名；联系方式仅监管部门可见；凭回执号查询）',
          body: ReportBody,
          response: { 201: ReportReceipt, ...errors },
        },
      },
      async (request, reply) => {
        const receipt = await publicAct(request, (ctx) => submitReport(ctx, request.body));
        return reply.status(201).send(receipt);
      },
    );

    app.get(
      '/api/public/reports/:receiptNumber',
      {
        config: {
          access: 'public',
          rateLimit: { max: deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' },
        },
        schema: {
          tags,
          summary: '凭回执号查询举报办理进度和结果（不含被举报人信息）',
          params: Type.Object({ receiptNumber: Type.String({ minLength: 8, maxLength: 40 }) }),
          response: { 200: ReportTrack, ...errors },
        },
      },
      (request) => publicRead(request, (ctx) => trackReport(ctx, request.params.receiptNumber)),
    );

    app.get(
      '/api/reports',
      {
        config: { access: 'report.manage' },
        schema: {
          tags,
          summary: '本部门收到的举报（含举报人联系方式，仅监管部门可见）',
          response: { 200: ReportList, ...errors },
        },
      },
      (request) => read(request, (ctx) => listReports(ctx)),
    );

    app.get(
      '/api/reports/statistics',
      {
        config: { access: 'statistics.read' },
        schema: {
          tags,
          summary: '举报及办理结果统计（审计、管理、纪检监察人员全县；其他人员本部门）',
          response: { 200: ReportStatistics, ...errors },
        },
      },
      (request) => read(request, (ctx) => reportStatistics(ctx)),
    );

    app.get(
      '/api/reports/:id',
      {
        config: { access: 'report.manage' },
        schema: {
          tags,
          summary: '举报详情（承担监管职责的部门）',
          params: Params,
          response: { 200: ReportView, ...errors },
        },
      },
      (request) => read(request, (ctx) => getReport(ctx, request.params.id)),
    );

    app.get(
      '/api/reports/:id/files/:fileId',
      {
        config: { access: 'report.manage' },
        schema: {
          tags,
          summary: '举报证据文件（承担监管职责的部门）',
          params: Type.Object({ id: Uuid, fileId: Uuid }),
        },
      },
      async (request, reply) => {
        const { file, content } = await read(request, (ctx) =>
          reportFile(ctx, request.params.id, request.params.fileId),
        );
        return reply
          .type(file.mime)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
          .header('x-content-type-options', 'nosniff')
          .send(content);
      },
    );

    app.post(
      '/api/reports/:id/close',
      {
        config: { access: 'report.manage' },
        schema: {
          tags,
          summary: '重复、恶意举报不予核查，说明理由后办结（监管管理员）',
          params: Params,
          body: CloseReportBody,
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (request, reply) => {
        await act(request, (ctx) => closeReport(ctx, request.params.id, request.body.reason));
        return reply.status(204).send(null);
      },
    );
  };
}
