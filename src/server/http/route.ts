import type { FastifyRequest } from 'fastify';
import { ErrorResponse } from '../../contracts/common';
import { type Ctx, type Deps, type ReadCtx, readContext, runAction } from '../context';
import { caller } from './auth';

/**
 * The error answers every API route may give, in one place: the body is always `{ code, message, details }`
 * (http/errors.ts). A route lists its success schema and spreads these.
 */
export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  412: ErrorResponse,
  422: ErrorResponse,
} as const;

/**
 * What a route does once its schema has validated the request and the access hook has let the caller in:
 * one action in one transaction (`act`), or one read query (`read`). Nothing else belongs in a handler.
 */
export type Handlers = {
  act<T>(request: FastifyRequest, action: (ctx: Ctx) => Promise<T>): Promise<T>;
  read<T>(request: FastifyRequest, query: (ctx: ReadCtx) => Promise<T>): Promise<T>;
};

export function handlers(deps: Deps): Handlers {
  return {
    act: (request, action) => runAction(deps, caller(request), action),
    read: (request, query) => query(readContext(deps, caller(request))),
  };
}
