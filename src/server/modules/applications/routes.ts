import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { and, type SQL } from 'drizzle-orm';
import { Type } from 'typebox';
import {
  ActOnApplication,
  ApplicationView,
  applicationEventLabels,
  CommitmentView,
  FileView,
  HistoryView,
  LicenseView,
  PublicCommitment,
  QueueQuery,
  SignatureCheck,
  StartApplication,
  StartResult,
  SubmitApplication,
  SupplyMaterials,
} from '../../../contracts/applications';
import { ErrorResponse, Page, PageQuery, Uuid } from '../../../contracts/common';
import { maskPersonName } from '../../../domain/codes';
import { DomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import { type Deps, readContext, runAction } from '../../context';
import { caller } from '../../http/auth';
import { cachedDepartment } from '../accounts/department-cache';
import { noticeModel, renderHtml } from '../catalog/documents';
import { downloadFile, MAX_UPLOAD_BYTES, uploadFile } from './files';
import { presentApplications, presentLicense } from './present';
import { type ProcessStep, processApplication } from './process-application';
import {
  byApplicant,
  byDepartment,
  byStatus,
  findCommitment,
  licensesOfApplicant,
  listApplications,
  listEvents,
  listPublishedCommitments,
} from './repository';
import { assertMayRead, cachedVersion, requireApplication } from './shared';
import { askPlatformsForStart, startApplication } from './start-application';
import { submitApplication } from './submit-application';
import { supplyMaterials } from './supply-materials';
import { verifyCommitment } from './verify-commitment';
import { withdrawApplication } from './withdraw-application';

const tags = ['办件'];
const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  412: ErrorResponse,
  422: ErrorResponse,
};
const Params = Type.Object({ id: Uuid });
const UPLOAD_TYPES = ['application/octet-stream', 'application/pdf', 'image/png', 'image/jpeg'];

export function applicationRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  const db = () => deps.database.db;
  const reader = () => ({ db: db(), caches: deps.caches });
  const today = () => chinaDate(deps.clock());
  const one = async (row: Parameters<typeof presentApplications>[1][number]) =>
    (await presentApplications(reader(), [row], { today: today() }))[0]!;

  return async (app) => {
    app.addContentTypeParser(
      UPLOAD_TYPES,
      { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
      (_r, body, done) => done(null, body),
    );

    app.post(
      '/api/applications',
      {
        config: { access: 'application.apply' },
        schema: {
          tags,
          summary: '开始申请：信用核查，返回告知书、核查结果和可选办理模式',
          body: StartApplication,
          response: { 201: StartResult, ...errors },
        },
      },
      async (request, reply) => {
        const platformAnswers = await askPlatformsForStart(readContext(deps, caller(request)), request.body);
        const { app: row, version } = await runAction(deps, caller(request), (ctx) =>
          startApplication(ctx, request.body, platformAnswers),
        );
        const dept = await cachedDepartment(reader(), version.departmentId);
        const model = noticeModel(version, dept?.name ?? '', {
          applicantName: row.subjectName,
          applicantCode: row.subjectCodeShown,
          ...(row.agentName ? { agentName: row.agentName } : {}),
        });
        reply.status(201);
        // A case just opened has neither a license nor missing materials.
        const [application] = await presentApplications(reader(), [row], {
          licenses: new Map(),
          noMissing: true,
        });
        return { application: application!, notice: { title: model.title, html: renderHtml(model) } };
      },
    );

    app.post(
      '/api/applications/:id/submit',
      {
        config: { access: 'application.apply' },
        schema: {
          tags,
          summary: '选择办理模式，提交材料并签署承诺书；承诺模式符合条件的当场办结并签发证照',
          params: Params,
          body: SubmitApplication,
          response: { 200: ApplicationView, ...errors },
        },
      },
      async (request) => {
        const { app: row, license } = await runAction(deps, caller(request), (ctx) =>
          submitApplication(ctx, request.params.id, request.body),
        );
        const known = {
          licenses: new Map(license ? [[row.id, license]] : []),
          noMissing: row.status !== 'missing_materials',
        };
        return (await presentApplications(reader(), [row], { ...known, today: today() }))[0]!;
      },
    );

    const steps: { step: ProcessStep; summary: string }[] = [
      { step: 'accept', summary: '受理（一般程序）' },
      { step: 'review', summary: '审查' },
      { step: 'approve', summary: '准予许可并签发证照' },
      { step: 'reject', summary: '不予受理或不予许可（须写明理由）' },
    ];
    for (const { step, summary } of steps) {
      app.post(
        `/api/applications/:id/${step}`,
        {
          config: {
            access: step === 'accept' || step === 'reject' ? 'application.process' : 'application.decide',
          },
          schema: {
            tags,
            summary,
            params: Params,
            body: ActOnApplication,
            response: { 200: ApplicationView, ...errors },
          },
        },
        async (request) => {
          const { app: row } = await runAction(deps, caller(request), (ctx) =>
            processApplication(ctx, request.params.id, step, request.body),
          );
          return one(row);
        },
      );
    }

    app.post(
      '/api/applications/:id/supply',
      {
        config: { access: 'application.apply' },
        schema: {
          tags,
          summary: '补正容缺材料；补齐即办结',
          params: Params,
          body: SupplyMaterials,
          response: { 200: ApplicationView, ...errors },
        },
      },
      async (request) => {
        const { app: row } = await runAction(deps, caller(request), (ctx) =>
          supplyMaterials(ctx, request.params.id, request.body),
        );
        return one(row);
      },
    );

    app.post(
      '/api/applications/:id/withdraw',
      {
        config: { access: 'application.apply' },
        schema: {
          tags,
          summary: '撤回申请（作出决定前，事项允许撤回的）',
          params: Params,
          body: ActOnApplication,
          response: { 200: ApplicationView, ...errors },
        },
      },
      async (request) => {
        const row = await runAction(deps, caller(request), (ctx) =>
          withdrawApplication(ctx, request.params.id, request.body),
        );
        return one(row);
      },
    );

    app.get(
      '/api/applications/:id',
      {
        config: { access: 'application.read' },
        schema: { tags, summary: '办件详情', params: Params, response: { 200: ApplicationView, ...errors } },
      },
      async (request) => {
        const ctx = readContext(deps, caller(request));
        const row = await requireApplication(ctx, request.params.id);
        assertMayRead(ctx.actor, row);
        return one(row);
      },
    );

    app.get(
      '/api/applications/:id/history',
      {
        config: { access: 'application.read' },
        schema: {
          tags,
          summary: '办件状态历史（只增不改）',
          params: Params,
          response: { 200: Type.Object({ items: Type.Array(HistoryView) }), ...errors },
        },
      },
      async (request) => {
        const ctx = readContext(deps, caller(request));
        const row = await requireApplication(ctx, request.params.id);
        assertMayRead(ctx.actor, row);
        const events = await listEvents(ctx.db, row.id);
        return {
          items: events.map((e) => ({
            seq: e.seq,
            event: e.event,
            eventLabel: applicationEventLabels[e.event],
            fromStatus: e.fromStatus,
            toStatus: e.toStatus,
            actorName: e.actorName,
            comment: e.comment,
            at: e.at.toISOString(),
          })),
        };
      },
    );

    app.get(
      '/api/applications/:id/commitment',
      {
        config: { access: 'application.read' },
        schema: {
          tags,
          summary: '承诺书（签署的确切文本与签名）',
          params: Params,
          response: { 200: CommitmentView, ...errors },
        },
      },
      async (request) => {
        const ctx = readContext(deps, caller(request));
        const row = await requireApplication(ctx, request.params.id);
        assertMayRead(ctx.actor, row);
        const c = await findCommitment(ctx.db, row.id);
        if (!c) throw new DomainError('NOT_FOUND', '本办件没有承诺书');
        return {
          id: c.id,
          applicationId: c.applicationId,
          text: c.text,
          digest: c.digest,
          signatureKind: c.signatureKind,
          signature: c.signature,
          publicKey: c.publicKey,
          algorithm: c.algorithm,
          signerName: c.signerName,
          recordedBy: c.recordedBy,
          published: c.published,
          signedAt: c.signedAt.toISOString(),
        };
      },
    );

    app.get(
      '/api/applications/:id/commitment/verification',
      {
        config: { access: 'application.read' },
        schema: {
          tags,
          summary: '验证承诺书的 SM3 摘要和 SM2 签名',
          params: Params,
          response: { 200: SignatureCheck, ...errors },
        },
      },
      async (request) => verifyCommitment(readContext(deps, caller(request)), request.params.id),
    );

    app.get(
      '/api/applications',
      {
        config: { access: 'application.queue' },
        schema: {
          tags,
          summary: '办件队列（绿色通道优先，其次先到先办）',
          querystring: QueueQuery,
          response: { 200: Page(ApplicationView), ...errors },
        },
      },
      async (request) => {
        const ctx = readContext(deps, caller(request));
        const { page, pageSize, status } = request.query;
        const actor = ctx.actor;
        const conds: (SQL | undefined)[] = [status ? byStatus(status) : undefined];
        if (
          actor.kind === 'staff' &&
          !actor.roles.includes('window_clerk') &&
          !actor.roles.includes('auditor')
        ) {
          conds.push(byDepartment(actor.departmentId));
        }
        const { rows, total } = await listApplications(ctx.db, and(...conds), 'queue', page, pageSize);
        return {
          items: await presentApplications(ctx, rows, { today: chinaDate(ctx.now) }),
          total,
          page,
          pageSize,
        };
      },
    );

    app.get(
      '/api/my/applications',
      {
        config: { access: 'application.apply' },
        schema: {
          tags,
          summary: '我的办件（状态、期限和下一步）',
          querystring: PageQuery,
          response: { 200: Page(ApplicationView), ...errors },
        },
      },
      async (request) => {
        const ctx = readContext(deps, caller(request));
        if (ctx.actor.kind !== 'applicant') throw new DomainError('FORBIDDEN', '仅申请人账号可以查看');
        const { page, pageSize } = request.query;
        const { rows, total } = await listApplications(
          ctx.db,
          byApplicant(ctx.actor.userId),
          'recent',
          page,
          pageSize,
        );
        return {
          items: await presentApplications(ctx, rows, { today: chinaDate(ctx.now) }),
          total,
          page,
          pageSize,
        };
      },
    );

    app.get(
      '/api/my/licenses',
      {
        config: { access: 'application.apply' },
        schema: {
          tags,
          summary: '我的证照',
          response: { 200: Type.Object({ items: Type.Array(LicenseView) }), ...errors },
        },
      },
      async (request) => {
        const ctx = readContext(deps, caller(request));
        if (ctx.actor.kind !== 'applicant') throw new DomainError('FORBIDDEN', '仅申请人账号可以查看');
        const today = chinaDate(ctx.now);
        return {
          items: (await licensesOfApplicant(ctx.db, ctx.actor.userId)).map((l) => presentLicense(l, today)),
        };
      },
    );

    app.post(
      '/api/files',
      {
        config: { access: 'file.upload' },
        schema: {
          tags,
          summary:
            '上传材料文件（PDF、JPEG、PNG，按内容识别，最大10MB；文件名放在 x-file-name 请求头，URL 编码）',
          consumes: UPLOAD_TYPES,
          response: { 201: FileView, ...errors, 413: ErrorResponse },
        },
      },
      async (request, reply) => {
        const body = request.body;
        if (!Buffer.isBuffer(body)) throw new DomainError('VALIDATION', '请以二进制方式上传文件');
        const raw = request.headers['x-file-name'];
        let name = '';
        try {
          name = typeof raw === 'string' ? decodeURIComponent(raw) : '';
        } catch {
          throw new DomainError('VALIDATION', '文件名应为 URL 编码');
        }
        const row = await runAction(deps, caller(request), (ctx) => uploadFile(ctx, { name, content: body }));
        reply.status(201);
        return { id: row.id, name: row.name, mime: row.mime, size: row.size, digest: row.digest };
      },
    );

    app.get(
      '/api/files/:id',
      {
        config: { access: 'application.read' },
        schema: { tags, summary: '下载材料文件（上传人及有权查看办件的人员）', params: Params },
      },
      async (request, reply) => {
        const { file, content } = await downloadFile(readContext(deps, caller(request)), request.params.id);
        return reply
          .type(file.mime)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
          .header('x-content-type-options', 'nosniff')
          .send(content);
      },
    );

    app.get(
      '/api/public/commitments',
      {
        config: { access: 'public' },
        schema: {
          tags: ['办件（公开）'],
          summary: '申请人同意公示的承诺书（个人姓名脱敏）',
          querystring: PageQuery,
          response: { 200: Type.Object({ items: Type.Array(PublicCommitment) }), 400: ErrorResponse },
        },
      },
      async (request) => {
        const { page, pageSize } = request.query;
        const rows = await listPublishedCommitments(db(), pageSize, (page - 1) * pageSize);
        const items = [];
        for (const r of rows) {
          const v = await cachedVersion(reader(), r.itemVersionId);
          const person = r.subjectKind === 'individual';
          items.push({
            applicationNumber: r.number,
            itemName: v?.name ?? '',
            committerName: person ? maskPersonName(r.subjectName) : r.subjectName,
            // A person's letter carries the masked number already; the name is masked here as well.
            text: person ? r.text.replaceAll(r.subjectName, maskPersonName(r.subjectName)) : r.text,
            signedAt: r.signedAt.toISOString(),
          });
        }
        return { items };
      },
    );
  };
}
