import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ErrorResponse } from '../../contracts/common';
import { type Ctx, type Deps, type ReadCtx, readContext, runAction, systemActor } from '../context';
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
  /** For routes anyone may call (the public site): the query gets no caller, so it cannot show more to one. */
  publicRead<T>(request: FastifyRequest, query: (ctx: PublicReadCtx) => Promise<T>): Promise<T>;
  /** A write anyone may make (a public report): audited as the public, never as whoever happens to be logged in. */
  publicAct<T>(request: FastifyRequest, action: (ctx: Ctx) => Promise<T>): Promise<T>;
};

/** A read context without a caller: what a public page may show is the same for everyone. */
export type PublicReadCtx = Omit<ReadCtx, 'actor' | 'account'>;

const publicActor = systemActor('公众');

export function handlers(deps: Deps): Handlers {
  return {
    act: (request, action) => runAction(deps, caller(request), action),
    read: (request, query) => query(readContext(deps, caller(request))),
    publicRead: (request, query) => {
      const {
        actor: _actor,
        account: _account,
        ...ctx
      } = readContext(deps, { actor: publicActor, requestId: request.id });
      return query(ctx);
    },
    publicAct: (request, action) => runAction(deps, { actor: publicActor, requestId: request.id }, action),
  };
}

/** A file in the answer (PDF, HTML, a workbook): documented as binary, sent as it is. */
export const Binary = Type.Unsafe<Buffer | string>({ type: 'string', format: 'binary' });
