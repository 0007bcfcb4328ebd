import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  ApproveDecision,
  CatalogListQuery,
  CreateItem,
  catalogDocuments,
  DocumentFill,
  DocumentQuery,
  HistoryEntry,
  ImportCatalog,
  ImportResult,
  ItemContent,
  ItemSummary,
  ItemVersion,
  PublicItem,
  PublicSearchQuery,
  PublishBody,
  PublishResult,
  ReviewDecision,
  WithdrawBody,
} from '../../../contracts/catalog';
import { IdParams, List, StringEnum, Uuid } from '../../../contracts/common';
import { DomainError } from '../../../domain/errors';
import {
  actOnId,
  Binary,
  createFrom,
  createOnId,
  defineRoutes,
  oneById,
  pageOf,
  publicPageOf,
  sendDownload,
  XLSX,
} from '../../http/route';
import { createItem } from './create-item';
import { createVersion } from './create-version';
import { readWorkbook } from './excel';
import { importCatalog } from './import-catalog';
import { publishVersion } from './publish-version';
import { type FormRequest, publishedItemDocument, versionDocument } from './queries/catalog-document';
import { exportCatalog } from './queries/export-catalog';
import { getVersion, showVersion } from './queries/get-version';
import { listItems } from './queries/list-items';
import { listVersions } from './queries/list-versions';
import { publishedItem } from './queries/published-item';
import { searchPublished } from './queries/search-published';
import { versionHistory } from './queries/version-history';
import { approveVersion, reviewVersion } from './review-version';
import { submitVersion } from './submit-version';
import { updateDraft } from './update-draft';
import { withdrawVersion } from './withdraw-version';

const publicTags = ['事项清单（公开）'];
const DocParams = Type.Object({
  code: Type.String({ maxLength: 40 }),
  document: StringEnum(catalogDocuments),
});

/** Where each item of a JSON import stands, as its errors name it. */
const positions = (items: unknown[]) => items.map((_, i) => ({ row: i + 1, sheet: null }));

export const catalogRoutes = defineRoutes({ tags: ['事项清单'] }, (route, { act, read, publicRead, app }) => {
  app.addContentTypeParser(XLSX, { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) =>
    done(null, body),
  );

  /** A published item's form as a download, blank or filled with what the visitor typed (never stored). */
  const sendPublishedForm = async (
    request: FastifyRequest & { params: { code: string } },
    reply: FastifyReply,
    form: FormRequest,
  ) =>
    sendDownload(
      reply,
      await publicRead(request, (ctx) => publishedItemDocument(ctx, request.params.code, form)),
    );

  // ---- public catalog ----
  route.get('/api/public/catalog/items', {
    access: 'public',
    tags: publicTags,
    summary: '检索已发布的事项（按关键词、部门、办理模式）',
    ...publicPageOf(PublicSearchQuery, ItemSummary, searchPublished),
  });

  route.get('/api/public/catalog/items/:code', {
    access: 'public',
    tags: publicTags,
    summary: '已发布事项详情：材料、办理模式、时限、告知书与承诺书',
    params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
    response: { 200: PublicItem },
    publicRead: (ctx, { params }) => publishedItem(ctx, params.code),
  });

  route.get('/api/public/catalog/items/:code/documents/:document', {
    // Rendering a PDF costs real CPU: an anonymous caller gets a generous but finite share.
    access: 'public',
    rateLimit: { max: 120, timeWindow: '1 minute' },
    tags: publicTags,
    summary: '下载告知书或承诺书格式文本（HTML 或 PDF）',
    params: DocParams,
    querystring: DocumentQuery,
    response: { 200: Binary },
    handler: (request, reply) =>
      sendPublishedForm(request, reply, {
        doc: request.params.document,
        format: request.query.format,
        fill: {},
      }),
  });

  route.post('/api/public/catalog/items/:code/documents/:document', {
    access: 'public',
    rateLimit: { max: 120, timeWindow: '1 minute' },
    tags: publicTags,
    summary: '生成填入申请人信息的告知书或承诺书（信息只用于生成文书，不保存）',
    params: DocParams,
    body: DocumentFill,
    response: { 200: Binary },
    handler: (request, reply) => {
      const { format, ...fill } = request.body;
      return sendPublishedForm(request, reply, { doc: request.params.document, format, fill });
    },
  });

  // ---- staff: drafting, review, publication ----
  route.get('/api/catalog/items', {
    access: 'catalog.read',
    summary: '事项列表（每个事项的最新版本，含草稿和审查中）',
    ...pageOf(CatalogListQuery, ItemSummary, listItems),
  });

  route.post('/api/catalog/items', {
    access: 'catalog.draft',
    summary: '新建事项（第1版草稿）；事项管理员可为任何部门起草，审批人员只为本部门',
    ...createFrom(CreateItem, ItemVersion, createItem),
    answer: showVersion,
  });

  route.get('/api/catalog/items/:id/versions', {
    access: 'catalog.read',
    summary: '事项的全部版本',
    ...oneById(List(ItemVersion), listVersions),
  });

  route.post('/api/catalog/items/:id/versions', {
    access: 'catalog.draft',
    summary: '为事项起草新版本（已发布版本不可修改，变更即新版本）',
    ...createOnId(ItemContent, ItemVersion, createVersion),
    answer: showVersion,
  });

  route.get('/api/catalog/versions/:id', {
    access: 'catalog.read',
    summary: '某一版本（按版本号固定，不随新版本变化）',
    ...oneById(ItemVersion, getVersion),
  });

  route.put('/api/catalog/versions/:id', {
    access: 'catalog.draft',
    summary: '修改草稿',
    ...actOnId(ItemContent, ItemVersion, updateDraft),
    answer: showVersion,
  });

  route.get('/api/catalog/versions/:id/history', {
    access: 'catalog.read',
    summary: '版本的办理历史（起草、审查、审核、发布、替代、撤回）',
    ...oneById(List(HistoryEntry), versionHistory),
  });

  route.post('/api/catalog/versions/:id/submit', {
    access: 'catalog.draft',
    summary: '提交合法性审查',
    params: IdParams,
    response: { 200: ItemVersion },
    act: (ctx, { params }) => submitVersion(ctx, params.id),
    answer: showVersion,
  });

  route.post('/api/catalog/versions/:id/review', {
    access: 'catalog.review',
    summary: '合法性审查：通过或退回修改（合法性审查人员）',
    ...actOnId(ReviewDecision, ItemVersion, reviewVersion),
    answer: showVersion,
  });

  route.post('/api/catalog/versions/:id/approve', {
    access: 'catalog.review',
    summary: '司法局审核：同意或退回修改',
    ...actOnId(ApproveDecision, ItemVersion, approveVersion),
    answer: showVersion,
  });

  route.post('/api/catalog/versions/:id/publish', {
    access: 'catalog.publish',
    summary:
      '发布（政务服务中心事项管理员）；原已发布版本同时被替代。实施或监管部门缺少能办理的人员时照常发布，并在 warnings 中提示',
    ...actOnId(PublishBody, PublishResult, (ctx, id, body) => publishVersion(ctx, id, body ?? {})),
    answer: async (ctx, { version, warnings }) => ({ ...(await showVersion(ctx, version)), warnings }),
  });

  route.post('/api/catalog/versions/:id/withdraw', {
    access: 'catalog.draft',
    summary: '撤回：起草部门可放弃本部门草稿；已审核或已发布的版本由事项管理员撤回',
    ...actOnId(WithdrawBody, ItemVersion, (ctx, id, { reason }) => withdrawVersion(ctx, id, reason)),
    answer: showVersion,
  });

  route.post('/api/catalog/versions/:id/documents/:document', {
    access: 'catalog.read',
    summary: '预览任一版本的告知书或承诺书（审查用）',
    params: Type.Object({ id: Uuid, document: StringEnum(catalogDocuments) }),
    body: DocumentFill,
    response: { 200: Binary },
    handler: async (request, reply) => {
      const { id, document } = request.params;
      const { format, ...fill } = request.body;
      return sendDownload(
        reply,
        await read(request, (ctx) => versionDocument(ctx, id, { doc: document, format, fill })),
      );
    },
  });

  // ---- import and export ----
  route.get('/api/catalog/export', {
    access: 'catalog.read',
    summary: '导出事项清单（JSON 或 Excel；默认已发布版本，scope=latest 为各事项最新版本）',
    querystring: Type.Object({
      format: StringEnum(['json', 'xlsx'] as const),
      scope: Type.Optional(StringEnum(['published', 'latest'] as const)),
    }),
    response: { 200: Type.Union([ImportCatalog, Binary]) },
    handler: async (request, reply) => {
      const out = await read(request, (ctx) => exportCatalog(ctx, request.query));
      if (!Buffer.isBuffer(out)) return out;
      return sendDownload(reply, { type: XLSX, name: '事项清单.xlsx', body: out });
    },
  });

  route.post('/api/catalog/import', {
    access: 'catalog.draft',
    summary: '导入事项清单（JSON），逐条报告错误；有任何错误则不导入',
    body: Type.Object({ items: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 2000 }) }),
    response: { 201: ImportResult },
    act: (ctx, { body }) => importCatalog(ctx, body.items, positions(body.items)),
  });

  route.post('/api/catalog/import/xlsx', {
    access: 'catalog.draft',
    summary: '导入事项清单（Excel 工作簿，格式同导出），逐行报告错误；有任何错误则不导入',
    consumes: [XLSX],
    response: { 201: ImportResult },
    handler: async (request) => {
      const body = request.body;
      if (!Buffer.isBuffer(body)) {
        throw new DomainError('VALIDATION', `请以 ${XLSX} 上传 Excel 工作簿`);
      }
      // The workbook is read before the transaction opens: a large one holds no lock while it is parsed.
      const parsed = await readWorkbook(body);
      return act(request, (ctx) => importCatalog(ctx, parsed.items, parsed.sources, parsed.problems));
    },
  });
});
