import { IdParams, List } from '../../../contracts/common';
import {
  DocumentCheck,
  DocumentFormat,
  DocumentListQuery,
  DocumentSettingsBody,
  DocumentSettingsView,
  DocumentView,
} from '../../../contracts/documents';
import { actOnId, Binary, defineRoutes, disposition, oneById } from '../../http/route';
import { checkDocument } from './queries/check-document';
import { documentSettingsOf } from './queries/document-settings';
import { listCaseDocuments } from './queries/list-documents';
import { renderDocument } from './queries/render-document';
import { setDocumentSettings } from './settings';
import { verifyPage } from './verify-page';

export const documentRoutes = defineRoutes({ tags: ['文书'] }, (route, { read, publicRead }) => {
  route.get('/api/documents', {
    access: 'document.read',
    summary: '一件办件或一项信用修复申请的全部文书（申请人本人、综合受理窗口、审计人员及相关部门人员）',
    querystring: DocumentListQuery,
    response: { 200: List(DocumentView) },
    read: async (ctx, { query }) => ({ items: await listCaseDocuments(ctx, query) }),
  });

  route.get('/api/documents/:id', {
    access: 'document.read',
    summary: '文书 PDF（默认）或 HTML 预览',
    params: IdParams,
    querystring: DocumentFormat,
    produces: ['application/pdf', 'text/html'],
    response: { 200: Binary },
    handler: async (request, reply) => {
      const format = request.query.format ?? 'pdf';
      const r = await read(request, (ctx) => renderDocument(ctx, request.params.id, format));
      const name = `${r.title}-${r.doc.number}.${format}`;
      reply
        .header('content-disposition', disposition(name, 'inline'))
        .header('cache-control', 'private, no-store');
      if (format === 'html') {
        // The preview inlines its QR code; nothing else may load.
        reply.header(
          'content-security-policy',
          "default-src 'none'; img-src data:; style-src 'unsafe-inline'",
        );
        return reply.type('text/html; charset=utf-8').send(r.body);
      }
      return reply.type('application/pdf').send(r.body);
    },
  });

  route.get('/api/public/documents/verify/:id', {
    // Anyone may check; a scraper of the whole space of ids gets a finite share.
    access: 'public',
    rateLimit: { max: 300, timeWindow: '1 minute' },
    tags: ['文书（公开）'],
    summary:
      '核验文书（文书二维码指向此地址）：有效、已撤销（时间和理由）或已过有效期；浏览器打开时显示网页，其余返回 JSON',
    params: IdParams,
    querystring: DocumentFormat,
    response: { 200: DocumentCheck },
    handler: async (request, reply) => {
      const check = await publicRead(request, (ctx) => checkDocument(ctx, request.params.id));
      const wantsHtml =
        request.query.format === 'html' ||
        (request.query.format === undefined && (request.headers.accept ?? '').includes('text/html'));
      if (wantsHtml) {
        reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
        // A text/html body is sent as it is; the JSON schema of 200 applies to the JSON answer only.
        return reply.type('text/html; charset=utf-8').send(verifyPage(check) as unknown as DocumentCheck);
      }
      return check;
    },
  });

  route.get('/api/documents/settings/:id', {
    access: 'department.read',
    summary: '部门的文号格式和救济途径（行政复议机关、人民法院）',
    ...oneById(DocumentSettingsView, documentSettingsOf),
  });

  route.put('/api/documents/settings/:id', {
    access: 'document.settings',
    summary: '设置本部门的文号格式和救济途径（系统管理员可设置各部门）',
    ...actOnId(DocumentSettingsBody, DocumentSettingsView, setDocumentSettings),
  });
});
