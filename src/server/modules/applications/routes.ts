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
import { ErrorResponse, Page, PageQuery, Uuid } from '../../../contracts/common';
import { DomainError } from '../../../domain/errors';
import { type Ctx, type Deps, readContext, runAction } from '../../context';
import { caller } from '../../http/auth';
import { Binary, defineRoutes } from '../../http/route';
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
  return defineRoutes(deps, { tags }, (route, { act, read, publicRead }, app) => {
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

    app.addContentTypeParser(
      UPLOAD_TYPES,
      { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
      (_r, body, done) => done(null, body),
    );

    route.post('/api/applications', {
      access: 'application.apply',
      summary: '开始申请：信用核查，返回告知书、核查结果和可选办理模式',
      body: StartApplication,
      response: { 201: StartResult },
      handler: async (request) => {
        const platformAnswers = await askPlatformsForStart(readContext(deps, caller(request)), request.body);
        const started = await runAction(deps, caller(request), (ctx) =>
          startApplication(ctx, request.body, platformAnswers),
        );
        return read(request, (ctx) => presentStart(ctx, started));
      },
    });

    route.put('/api/signing-key', {
      access: 'application.apply',
      summary: '绑定本人签名公钥（密钥对在申请人设备上生成，私钥由签名密码保护，平台不接收）',
      body: SigningKeyInput,
      response: { 200: SigningKeyView },
      handler: (request) => act(request, (ctx) => bindSigningKey(ctx, request.body.publicKey)),
    });

    route.get('/api/signing-key', {
      access: 'application.apply',
      summary: '本人已绑定的签名公钥',
      response: { 200: SigningKeyView },
      handler: (request) => read(request, getSigningKey),
    });

    route.post('/api/applications/:id/commitment/draft', {
      access: 'application.apply',
      summary: '承诺书草稿：按本次提交内容生成须由申请人签名的确切文本（当日有效）',
      params: Params,
      body: SubmitApplication,
      response: { 200: CommitmentDraft },
      handler: (request) => act(request, (ctx) => draftCommitment(ctx, request.params.id, request.body)),
    });

    route.post('/api/applications/:id/submit', {
      access: 'application.apply',
      summary: '选择办理模式，提交材料并签署承诺书；承诺模式符合条件的当场办结并签发证照',
      params: Params,
      body: SubmitApplication,
      response: { 200: ApplicationView },
      handler: async (request) => {
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
    });

    const steps: { step: ProcessStep; summary: string }[] = [
      { step: 'accept', summary: '受理（一般程序）' },
      { step: 'review', summary: '审查' },
      { step: 'approve', summary: '准予许可并签发证照' },
      { step: 'reject', summary: '不予受理或不予许可（须写明理由）' },
    ];
    for (const { step, summary } of steps) {
      route.post(`/api/applications/:id/${step}`, {
        access: step === 'accept' || step === 'reject' ? 'application.process' : 'application.decide',
        summary,
        params: Params,
        body: ActOnApplication,
        response: { 200: ApplicationView },
        handler: (request) =>
          actOnCase(
            request,
            async (ctx) => (await processApplication(ctx, request.params.id, step, request.body)).app,
          ),
      });
    }

    route.post('/api/applications/:id/supply', {
      access: 'application.apply',
      summary: '补正容缺材料；补齐即办结',
      params: Params,
      body: SupplyMaterials,
      response: { 200: ApplicationView },
      handler: (request) =>
        actOnCase(request, async (ctx) => (await supplyMaterials(ctx, request.params.id, request.body)).app),
    });

    route.post('/api/applications/:id/withdraw', {
      access: 'application.apply',
      summary: '撤回申请（作出决定前，事项允许撤回的）',
      params: Params,
      body: ActOnApplication,
      response: { 200: ApplicationView },
      handler: (request) =>
        actOnCase(request, (ctx) => withdrawApplication(ctx, request.params.id, request.body)),
    });

    route.get('/api/applications/:id', {
      access: 'application.read',
      summary: '办件详情',
      params: Params,
      response: { 200: ApplicationView },
      handler: (request) => read(request, (ctx) => getApplication(ctx, request.params.id)),
    });

    route.get('/api/applications/:id/history', {
      access: 'application.read',
      summary: '办件状态历史（只增不改）',
      params: Params,
      response: { 200: Type.Object({ items: Type.Array(HistoryView) }) },
      handler: (request) => read(request, (ctx) => applicationHistory(ctx, request.params.id)),
    });

    route.get('/api/applications/:id/commitment', {
      access: 'application.read',
      summary: '承诺书（签署的确切文本与签名）',
      params: Params,
      response: { 200: CommitmentView },
      handler: (request) => read(request, (ctx) => getCommitment(ctx, request.params.id)),
    });

    route.get('/api/applications/:id/commitment/verification', {
      access: 'application.read',
      summary: '验证承诺书的 SM3 摘要和 SM2 签名',
      params: Params,
      response: { 200: SignatureCheck },
      handler: (request) => read(request, (ctx) => verifyCommitment(ctx, request.params.id)),
    });

    route.get('/api/applications', {
      access: 'application.queue',
      summary: '办件队列（绿色通道优先，其次先到先办）',
      querystring: QueueQuery,
      response: { 200: Page(ApplicationView) },
      handler: (request) => read(request, (ctx) => listQueue(ctx, request.query)),
    });

    route.get('/api/my/applications', {
      access: 'application.apply',
      summary: '我的办件（状态、期限和下一步）',
      querystring: PageQuery,
      response: { 200: Page(ApplicationView) },
      handler: (request) => read(request, (ctx) => myApplications(ctx, request.query)),
    });

    route.get('/api/my/licenses', {
      access: 'application.apply',
      summary: '我的证照',
      response: { 200: Type.Object({ items: Type.Array(LicenseView) }) },
      handler: (request) => read(request, myLicenses),
    });

    route.post('/api/files', {
      access: 'file.upload',
      summary:
        '上传材料文件（PDF、JPEG、PNG，按内容识别，最大10MB；文件名放在 x-file-name 请求头，URL 编码）',
      consumes: UPLOAD_TYPES,
      response: { 201: FileView, 413: ErrorResponse },
      handler: async (request) => {
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
        return { id: row.id, name: row.name, mime: row.mime, size: row.size, digest: row.digest };
      },
    });

    route.get('/api/files/:id', {
      access: 'application.read',
      summary: '下载材料文件（上传人及有权查看办件的人员）',
      params: Params,
      response: { 200: Binary },
      handler: async (request, reply) => {
        const { file, content } = await read(request, (ctx) => downloadFile(ctx, request.params.id));
        return reply
          .type(file.mime)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
          .header('x-content-type-options', 'nosniff')
          .send(content);
      },
    });

    route.get('/api/public/commitments', {
      access: 'public',
      tags: ['办件（公开）'],
      summary: '申请人同意公示的承诺书（个人姓名脱敏）',
      querystring: PageQuery,
      response: { 200: Type.Object({ items: Type.Array(PublicCommitment) }) },
      handler: (request) => publicRead(request, (ctx) => publicCommitments(ctx, request.query)),
    });
  });
}
