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
import { CappedPage, ErrorResponse, IdParams, List, PageQuery } from '../../../contracts/common';
import { DomainError } from '../../../domain/errors';
import { actOnId, defineRoutes, fileDownload, oneById, pageOf } from '../../http/route';
import { bindSigningKey } from './bind-signing-key';
import { MAX_UPLOAD_BYTES, uploadFile } from './files';
import { showApplication } from './present';
import { type ProcessStep, processApplication } from './process-application';
import { applicationHistory } from './queries/application-history';
import { downloadFile } from './queries/download-file';
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

const UPLOAD_TYPES = ['application/octet-stream', 'application/pdf', 'image/png', 'image/jpeg'];

export const applicationRoutes = defineRoutes({ tags: ['办件'] }, (route, { act, read, app }) => {
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
      // The outside platforms are asked before the transaction opens (a slow platform holds no lock).
      const platformAnswers = await read(request, (ctx) => askPlatformsForStart(ctx, request.body));
      const started = await act(request, (ctx) => startApplication(ctx, request.body, platformAnswers));
      return read(request, (ctx) => presentStart(ctx, started));
    },
  });

  route.put('/api/signing-key', {
    access: 'application.apply',
    summary: '绑定本人签名公钥（密钥对在申请人设备上生成，私钥由签名密码保护，平台不接收）',
    body: SigningKeyInput,
    response: { 200: SigningKeyView },
    act: (ctx, { body }) => bindSigningKey(ctx, body.publicKey),
  });

  route.get('/api/signing-key', {
    access: 'application.apply',
    summary: '本人已绑定的签名公钥',
    response: { 200: SigningKeyView },
    read: getSigningKey,
  });

  route.post('/api/applications/:id/commitment/draft', {
    access: 'application.apply',
    summary: '承诺书草稿：按本次提交内容生成须由申请人签名的确切文本（当日有效）',
    params: IdParams,
    body: SubmitApplication,
    response: { 200: CommitmentDraft },
    read: (ctx, { params, body }) => draftCommitment(ctx, params.id, body),
  });

  route.post('/api/applications/:id/submit', {
    access: 'application.apply',
    summary: '选择办理模式，提交材料并签署承诺书；承诺模式符合条件的当场办结并签发证照',
    ...actOnId(SubmitApplication, ApplicationView, submitApplication),
    answer: (ctx, { app, license }) =>
      showApplication(ctx, app, {
        licenses: new Map(license ? [[app.id, license]] : []),
        noMissing: app.status !== 'missing_materials',
      }),
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
      params: IdParams,
      body: ActOnApplication,
      response: { 200: ApplicationView },
      act: async (ctx, { params, body }) => (await processApplication(ctx, params.id, step, body)).app,
      answer: showApplication,
    });
  }

  route.post('/api/applications/:id/supply', {
    access: 'application.apply',
    summary: '补正容缺材料；补齐即办结',
    params: IdParams,
    body: SupplyMaterials,
    response: { 200: ApplicationView },
    act: async (ctx, { params, body }) => (await supplyMaterials(ctx, params.id, body)).app,
    answer: showApplication,
  });

  route.post('/api/applications/:id/withdraw', {
    access: 'application.apply',
    summary: '撤回申请（作出决定前，事项允许撤回的）',
    ...actOnId(ActOnApplication, ApplicationView, withdrawApplication),
    answer: showApplication,
  });

  route.get('/api/applications/:id', {
    access: 'application.read',
    summary: '办件详情',
    ...oneById(ApplicationView, getApplication),
  });

  route.get('/api/applications/:id/history', {
    access: 'application.read',
    summary: '办件状态历史（只增不改）',
    ...oneById(List(HistoryView), applicationHistory),
  });

  route.get('/api/applications/:id/commitment', {
    access: 'application.read',
    summary: '承诺书（签署的确切文本与签名）',
    ...oneById(CommitmentView, getCommitment),
  });

  route.get('/api/applications/:id/commitment/verification', {
    access: 'application.read',
    summary: '验证承诺书的 SM3 摘要和 SM2 签名',
    ...oneById(SignatureCheck, verifyCommitment),
  });

  route.get('/api/applications', {
    access: 'application.queue',
    summary: '办件队列（绿色通道优先，其次先到先办）',
    querystring: QueueQuery,
    response: { 200: CappedPage(ApplicationView) },
    read: (ctx, { query }) => listQueue(ctx, query),
  });

  route.get('/api/my/applications', {
    access: 'application.apply',
    summary: '我的办件（状态、期限和下一步）',
    ...pageOf(PageQuery, ApplicationView, myApplications),
  });

  route.get('/api/my/licenses', {
    access: 'application.apply',
    summary: '我的证照',
    response: { 200: List(LicenseView) },
    read: myLicenses,
  });

  route.post('/api/files', {
    access: 'file.upload',
    summary: '上传材料文件（PDF、JPEG、PNG，按内容识别，最大10MB；文件名放在 x-file-name 请求头，URL 编码）',
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
    ...fileDownload(read, IdParams, (ctx, { id }) => downloadFile(ctx, id)),
  });

  route.get('/api/public/commitments', {
    access: 'public',
    tags: ['办件（公开）'],
    summary: '申请人同意公示的承诺书（个人姓名脱敏）',
    querystring: PageQuery,
    response: { 200: List(PublicCommitment) },
    publicRead: (ctx, { query }) => publicCommitments(ctx, query),
  });
});
