import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, errorCodes } from '../../domain/errors';
import { problemsMessage, validationProblems } from './validation';

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
      const problems = validationProblems(error.validation, error.validationContext ?? 'body');
      return reply
        .status(400)
        .send({ code: 'VALIDATION', message: problemsMessage(problems), details: { problems } });
    }
    const refused = databaseRefusal(error);
    if (refused) {
      // The schemas should have refused this first; the warning names the route whose schema lets it by.
      request.log.warn({ err: error, route: request.routeOptions.url }, 'database refused request data');
      return reply.status(400).send({
        code: 'VALIDATION',
        message: `请求参数有误：${refused}`,
        details: { source: 'database', sqlState: sqlStateOf(error) },
      });
    }
    if (constraintOf(error) === 'license_live_key') {
      // Two decisions for one subject and item committed at once: the second meets the unique index.
      return reply.status(409).send({
        code: 'CONFLICT',
        message:
          '申请人已持有本事项的有效证照，同一主体只能持有一个；如需延长有效期或更改内容，请申请延续或变更',
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

/** The SQLSTATE of a database error, looked for through the wrappers (drizzle's query error) around it. */
function sqlStateOf(error: unknown): string | null {
  let e: unknown = error;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++) {
    const { code, severity } = e as { code?: unknown; severity?: unknown };
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Data the database cannot hold (class 22: out of range, an impossible date, a NUL; class 54: a value too
 * long for an index) is bad input, refused with nothing written since its statement failed. Anything else
 * from the database is the server's fault and stays a 500.
 */
function databaseRefusal(error: unknown): string | null {
  const state = sqlStateOf(error);
  if (!state) return null;
  if (state.startsWith('22')) return '数据超出允许范围或格式无效（如日期不存在、数值过大或含有空字符）';
  if (state.startsWith('54')) return '数据过长，超出系统允许的长度';
  return null;
}

/** The unique constraint a PostgreSQL error names, through drizzle's wrapper. */
function constraintOf(error: unknown): string | null {
  for (
    let e = error as { code?: unknown; constraint?: unknown; cause?: unknown } | undefined, i = 0;
    e && i < 3;
    i++
  ) {
    if (e.code === '23505' && typeof e.constraint === 'string') return e.constraint;
    e = e.cause as typeof e;
  }
  return null;
}
