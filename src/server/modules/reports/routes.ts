import { Type } from 'typebox';
import { FileParams, IdParams } from '../../../contracts/common';
import {
  CloseReportBody,
  ReportBody,
  ReportList,
  ReportReceipt,
  ReportStatistics,
  ReportTrack,
  ReportView,
} from '../../../contracts/reports';
import { defineRoutes, fileDownload, oneById } from '../../http/route';
import { closeReport } from './close-report';
import { getReport, listReports } from './queries/list-reports';
import { reportFile } from './queries/report-file';
import { reportStatistics } from './queries/report-statistics';
import { trackReport } from './queries/track-report';
import { submitReport } from './submit-report';

/** Up to five evidence files of 10 MB each, base64-encoded, in one report. */
const REPORT_BODY_LIMIT = 70 * 1024 * 1024;

export const reportRoutes = defineRoutes({ tags: ['社会监督举报'] }, (route, { read, deps }) => {
  route.post('/api/public/reports', {
    access: 'public',
    rateLimit: { max: deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' },
    summary: '举报涉嫌虚假的承诺或证照（匿名；联系方式仅监管部门可见；凭回执号查询）',
    body: ReportBody,
    response: { 201: ReportReceipt },
    bodyLimit: REPORT_BODY_LIMIT,
    publicAct: (ctx, { body }) => submitReport(ctx, body),
  });

  route.get('/api/public/reports/:receiptNumber', {
    access: 'public',
    rateLimit: { max: deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' },
    summary: '凭回执号查询举报办理进度和结果（不含被举报人信息）',
    params: Type.Object({ receiptNumber: Type.String({ minLength: 8, maxLength: 40 }) }),
    response: { 200: ReportTrack },
    publicRead: (ctx, { params }) => trackReport(ctx, params.receiptNumber),
  });

  route.get('/api/reports', {
    access: 'report.manage',
    summary: '本部门收到的举报（含举报人联系方式，仅监管部门可见）',
    response: { 200: ReportList },
    read: listReports,
  });

  route.get('/api/reports/statistics', {
    access: 'statistics.read',
    summary: '举报及办理结果统计（审计、管理、纪检监察人员全县；其他人员本部门）',
    response: { 200: ReportStatistics },
    read: (ctx) => reportStatistics(ctx),
  });

  route.get('/api/reports/:id', {
    access: 'report.manage',
    summary: '举报详情（承担监管职责的部门）',
    ...oneById(ReportView, getReport),
  });

  route.get('/api/reports/:id/files/:fileId', {
    access: 'report.manage',
    summary: '举报证据文件（承担监管职责的部门）',
    ...fileDownload(read, FileParams, (ctx, { id, fileId }) => reportFile(ctx, id, fileId)),
  });

  route.post('/api/reports/:id/close', {
    access: 'report.manage',
    summary: '重复、恶意举报不予核查，说明理由后办结（监管管理员）',
    params: IdParams,
    body: CloseReportBody,
    response: { 204: Type.Null() },
    act: (ctx, { params, body }) => closeReport(ctx, params.id, body.reason),
  });
});
