import localizeZh from 'ajv-i18n/localize/zh';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, errorCodes } from '../../domain/errors';

export type ErrorBody = { code: string; message: string; details?: Record<string, unknown> };

/**
 * Maps every failure to `{ code, message, details }` with a Chinese message; 5xx never leaks internals.
 * `pageFallback` answers unknown non-API paths that a browser asks for (the web application's routes).
 */
export function registerErrorHandling(
  app: FastifyInstance,
  pageFallback?: (request: FastifyRequest, reply: FastifyReply) => boolean,
): void {
  app.setErrorHandler((error: FastifyError | DomainError, request, reply) => {
    if (error instanceof DomainError) {
      return reply
        .status(error.httpStatus)
        .send({ code: error.code, message: error.message, details: error.details });
    }
    if (error.validation) {
      localizeZh(error.validation as never);
      const problems = error.validation.map((v) => ({
        field: `${error.validationContext ?? ''}${v.instancePath || ''}`,
        message: v.message ?? '',
      }));
      const first = problems[0];
      return reply.status(400).send({
        code: 'VALIDATION',
        message: first ? `请求参数有误：${first.field} ${first.message}` : '请求参数有误',
        details: { problems },
      });
    }
    const status = error.statusCode ?? 500;
    if (status === 429) {
      return reply.status(429).send({ code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' });
    }
    if (status === 415) {
      return reply.status(415).send({ code: 'VALIDATION', message: '不支持的请求内容类型' });
    }
    if (status === 413) {
      return reply.status(413).send({ code: 'VALIDATION', message: '请求内容过大' });
    }
    if (status >= 400 && status < 500) {
      return reply
        .status(status)
        .send({ code: 'VALIDATION', message: '请求格式有误，无法解析', details: { reason: error.code } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .send({ code: 'INTERNAL', message: '服务器内部错误，请稍后重试', details: { requestId: request.id } });
  });

  app.setNotFoundHandler((request, reply) => {
    if (pageFallback?.(request, reply)) return reply;
    return reply
      .status(404)
      .send({ code: 'NOT_FOUND', message: `接口不存在：${request.method} ${request.url.split('?')[0]}` });
  });
}

export const errorStatuses = errorCodes;
