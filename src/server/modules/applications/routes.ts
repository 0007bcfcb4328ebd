import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  ActOnApplication,
  ApplicationView,
  CommitmentDraft,
  CommitmentView,
  FileView,
  HistoryView,
  LicenseView,
  PublicCommitment,
  QueueQuery,
  SignatureCheck,
  SigningKeyInput,
  SigningKeyView,
  StartApplication,
  StartResult,
  SubmitApplication,
  SupplyMaterials,
} from '../../../contracts/applications';
import { CappedPage, ErrorResponse, Page, PageQuery, Uuid } from '../../../contracts/common';
import { DomainError } from '../../../domain/errors';
import { type Ctx, type Deps, readContext, runAction } from '../../context';
import { caller } from '../../http/auth';
import { Binary, errorResponses as errors, handlers } from '../../http/route';
import { bindSigningKey } from './bind-signing-key';
import { MAX_UPLOAD_BYTES, uploadFile } from './files';
import { showApplication } from './present';
import { type ProcessStep, processApplication } from './process-application';
import { applicationHistory } from './queries/application-history';
import { downloadFile } from './queries/download-file';
import type { ApplicationRow } from './queries/get-application';
import { getApplication } from './queries/get-application';
import { getCommitment } from './queries/get-commitment';
import { getSigningKey } from './queries/get-signing-key';
import { listQueue } from './queries/list-queue';
import { myApplications } from './queries/my-applications';
import { myLicenses } from './queries/my-licenses';
import { presentStart } from './queries/present-start';
import { publicCommitments } from './queries/public-commitments';
import { verifyCommitment } from './queries/verify-commitment';
import { askPlatformsForStart, startApplication } from './start-application';
import { draftCommitment, submitApplication } from './submit-application';
import { supplyMaterials } from './supply-materials';
import { withdrawApplication } from './withdraw-application';

const tags = ['办件'];
const Params = Type.Object({ id: Uuid });
const UPLOAD_TYPES = ['application/octet-stream', 'application/pdf', 'image/png', 'image/jpeg'];

export function applicationRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  const { act, read, publicRead } = handlers(deps);
  /**
   * Runs an action on a case, then shows the case as it committed: some of an action's rows are written
   * as the transaction commits (write-batch.ts), so they are read after it.
   */
  const actOnCase = async (
    request: FastifyRequest,
    action: (ctx: Ctx) => Promise<ApplicationRow>,
    known?: (row: ApplicationRow) => Parameters<typeof showApplication>[2],
  ) => {
    const row = await act(request, action);
    return read(request, (ctx) => showApplication(ctx, row, known?.(row)));
  };

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
        const started = await runAction(deps, caller(request), (ctx) =>
          startApplication(ctx, request.body, platformAnswers),
        );
        reply.status(201);
        return read(request, (ctx) => presentStart(ctx, started));
      },
    );

    app.put(
      '/api/signing-key',
      {
        config: { access: 'application.apply' },
        schema: {
          tags,
          summary: '绑定本人签名公钥（密钥对在申请人设备上生成，私钥由签名密码保护，平台不接收）',
          body: SigningKeyInput,
          response: { 200: SigningKeyView, ...errors },
        },
      },
      (request) => act(request, (ctx) => bindSigningKey(ctx, request.body.publicKey)),
    );

    app.get(
      '/api/signing-key',
      {
        config: { access: 'application.apply' },
        schema: { tags, summary: '本人已绑定的签名公钥', response: { 200: SigningKeyView, ...errors } },
      },
      (request) => read(request, getSigningKey),
    );

    app.post(
      '/api/applications/:id/commitment/draft',
      {
        config: { access: 'application.apply' },
        schema: {
          tags,
          summary: '承诺书草稿：按本次提交内容生成须由申请人签名的确切文本（当日有效）',
          params: Params,
          body: SubmitApplication,
          response: { 200: CommitmentDraft, ...errors },
        },
      },
      (request) => act(request, (ctx) => draftCommitment(ctx, request.params.id, request.body)),
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
        const { app, license } = await act(request, (ctx) =>
          submitApplication(ctx, request.params.id, request.body),
        );
        return read(request, (ctx) =>
          showApplication(ctx, app, {
            licenses: new Map(license ? [[app.id, license]] : []),
            noMissing: app.status !== 'missing_materials',
          }),
        );
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
        (request) =>
          actOnCase(
            request,
            async (ctx) => (await processApplication(ctx, request.params.id, step, request.body)).app,
          ),
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
      (request) =>
        actOnCase(request, async (ctx) => (await supplyMaterials(ctx, request.params.id, request.body)).app),
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
      (request) => actOnCase(request, (ctx) => withdrawApplication(ctx, request.params.id, request.body)),
    );

    app.get(
      '/api/applications/:id',
      {
        config: { access: 'application.read' },
        schema: { tags, summary: '办件详情', params: Params, response: { 200: ApplicationView, ...errors } },
      },
      (request) => read(request, (ctx) => getApplication(ctx, request.params.id)),
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
      (request) => read(request, (ctx) => applicationHistory(ctx, request.params.id)),
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
      (request) => read(request, (ctx) => getCommitment(ctx, request.params.id)),
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
      (request) => read(request, (ctx) => verifyCommitment(ctx, request.params.id)),
    );

    app.get(
      '/api/applications',
      {
        config: { access: 'application.queue' },
        schema: {
          tags,
          summary: '办件队列（绿色通道优先，其次先到先办）',
          querystring: QueueQuery,
          response: { 200: CappedPage(ApplicationView), ...errors },
        },
      },
      (request) => read(request, (ctx) => listQueue(ctx, request.query)),
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
      (request) => read(request, (ctx) => myApplications(ctx, request.query)),
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
      (request) => read(request, myLicenses),
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
        const row = await act(request, (ctx) => uploadFile(ctx, { name, content: body }));
        reply.status(201);
        return { id: row.id, name: row.name, mime: row.mime, size: row.size, digest: row.digest };
      },
    );

    app.get(
      '/api/files/:id',
      {
        config: { access: 'application.read' },
        schema: {
          tags,
          summary: '下载材料文件（上传人及有权查看办件的人员）',
          params: Params,
          response: { 200: Binary, ...errors },
        },
      },
      async (request, reply) => {
        const { file, content } = await read(request, (ctx) => downloadFile(ctx, request.params.id));
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
          response: { 200: Type.Object({ items: Type.Array(PublicCommitment) }), ...errors },
        },
      },
      (request) => publicRead(request, (ctx) => publicCommitments(ctx, request.query)),
    );
  };
}
