import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse, IdParams, List } from '../../../contracts/common';
import { ImportJobView } from '../../../contracts/credit';
import { DomainError } from '../../../domain/errors';
import { type Deps, readContext, runAction } from '../../context';
import { caller } from '../../http/auth';
import { defineRoutes, XLSX } from '../../http/route';
import { assertCreditDepartment } from './access';
import {
  createImportJob,
  defaultSource,
  ImportJobs,
  listOwnImportJobs,
  readOwnImportJob,
} from './import-jobs';
import type { SheetFormat } from './import-sheet';

const tags = ['信用'];
const UPLOAD_TYPES = [
  'text/csv',
  'text/plain',
  XLSX,
  'application/octet-stream',
  // What Windows reports for a .csv file when Excel is installed.
  'application/vnd.ms-excel',
];

/** The first bytes decide: an .xlsx workbook is a zip archive. */
async function sniffFormat(path: string): Promise<SheetFormat> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    return head.readUInt32BE(0) === 0x504b0304 ? 'xlsx' : 'csv';
  } finally {
    await fh.close();
  }
}

class TooLarge extends Error {}

/**
 * Streams the request body to a file, counting as it goes: the whole file is never held in memory, and
 * one larger than the limit is cut off as soon as it passes the limit.
 */
async function saveUpload(body: Readable, path: string, maxBytes: number): Promise<number> {
  let size = 0;
  await pipeline(
    body,
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        size += chunk.length;
        if (size > maxBytes) throw new TooLarge();
        yield chunk;
      }
    },
    createWriteStream(path),
  );
  return size;
}

/**
 * Credit import over HTTP, as a background job: the file is sent as the request body (not a form), saved
 * to DATA_DIR/imports, and imported after the response; the caller polls the job.
 */
export function creditImportRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  const jobs = new ImportJobs(deps);
  const maxBytes = deps.config.creditImportMaxMb * 1024 * 1024;
  const uploads = join(deps.config.dataDir, 'imports');
  const tooLarge = {
    code: 'VALIDATION',
    message: `文件超过导入上限 ${deps.config.creditImportMaxMb} MB（由 CREDIT_IMPORT_MAX_MB 设置），请分批导入`,
  };

  return defineRoutes({ tags }, (route, { app }) => {
    app.addHook('onClose', () => jobs.close());
    // No body limit of Fastify's here: the body is streamed to disk and counted against CREDIT_IMPORT_MAX_MB.
    app.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));

    route.post('/api/credit/import-jobs', {
      access: 'credit.manage',
      summary: `开始导入信用记录（CSV 或 Excel 文件作为请求体，后台执行，返回导入任务以供查询进度）`,
      description:
        '请求体为文件本身（text/csv、application/vnd.openxmlformats-officedocument.spreadsheetml.sheet 或 application/octet-stream），' +
        '格式按文件内容识别，CSV 的编码（UTF-8、GBK/GB18030）自动识别。大小上限由 CREDIT_IMPORT_MAX_MB 设置（默认 2048 MB）。',
      consumes: UPLOAD_TYPES,
      querystring: Type.Object({
        fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: '原文件名' })),
        source: Type.Optional(
          Type.String({
            minLength: 1,
            maxLength: 100,
            description:
              '来源（来源编号所属的系统，如“信用中国（扬州）”）；文件中有“来源”列时以该列为准；不填为导入人所在部门',
          }),
        ),
        skipInvalid: Type.Optional(
          Type.Boolean({ description: '跳过有误的行、导入其余各行（默认否：任何一行有误则全部不导入）' }),
        ),
      }),
      response: { 202: ImportJobView, 413: ErrorResponse },
      handler: async (request, reply) => {
        await jobs.sweepOnce();
        const who = caller(request);
        // Refused before a byte of the body is read.
        await assertCreditDepartment(readContext(deps, who));
        const declared = Number(request.headers['content-length'] ?? 0);
        if (declared > maxBytes) return reply.status(413).send(tooLarge);
        await mkdir(uploads, { recursive: true });
        const path = join(uploads, `${randomUUID()}.upload`);
        let size: number;
        try {
          size = await saveUpload(request.body as Readable, path, maxBytes);
        } catch (e) {
          await rm(path, { force: true });
          if (e instanceof TooLarge) return reply.status(413).send(tooLarge);
          throw e;
        }
        if (size === 0) {
          await rm(path, { force: true });
          throw new DomainError('VALIDATION', '上传的文件是空的');
        }
        const format = await sniffFormat(path);
        const q = request.query;
        const job = await runAction(deps, who, (ctx) =>
          createImportJob(ctx, {
            fileName: q.fileName ?? (format === 'xlsx' ? '信用记录.xlsx' : '信用记录.csv'),
            format,
            sizeBytes: size,
            source: q.source?.trim() || defaultSource(who.actor),
            skipInvalid: q.skipInvalid ?? false,
          }),
        ).catch(async (e) => {
          await rm(path, { force: true });
          throw e;
        });
        jobs
          .run(job, who.actor, { path, removeFile: true })
          .catch((err) => request.log.error({ err, jobId: job.id }, '信用记录导入任务异常结束'));
        return reply.status(202).send(jobs.present(job, deps.clock()));
      },
    });

    route.get('/api/credit/import-jobs/:id', {
      access: 'credit.manage',
      summary: '查询导入任务的进度和结果（仅限发起导入的信用管理人员本人）',
      params: IdParams,
      response: { 200: ImportJobView },
      read: async (ctx, { params }) => {
        await jobs.sweepOnce();
        return jobs.present(await readOwnImportJob(ctx, params.id), deps.clock());
      },
    });

    route.get('/api/credit/import-jobs', {
      access: 'credit.manage',
      summary: '本人最近的导入任务（最多50个，新的在前）',
      response: { 200: List(ImportJobView) },
      read: async (ctx) => {
        await jobs.sweepOnce();
        const rows = await listOwnImportJobs(ctx);
        const now = deps.clock();
        return { items: rows.map((r) => jobs.present(r, now)) };
      },
    });
  })(deps);
}
