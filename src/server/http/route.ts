import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  ContextConfigDefault,
  FastifyRequest,
  HTTPMethods,
  LogLevel,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteGenericInterface,
  RouteHandlerMethod,
  RouteOptions,
} from 'fastify';
import { type TSchema, Type } from 'typebox';
import { ErrorResponse } from '../../contracts/common';
import { type Ctx, type Deps, type ReadCtx, readContext, runAction, systemActor } from '../context';
import { type Access, caller } from './auth';

type App = Parameters<FastifyPluginAsyncTypebox>[0];

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

/** The success answers a route declares, by status code; the error answers are added by `defineRoutes`. */
type Successes = { [status: number]: TSchema };

/** The schema Fastify sees for one route: what the type provider reads the request and reply types from. */
type RouteSchema<P, Q, B, H, R> = {
  params: P;
  querystring: Q;
  body: B;
  headers: H;
  response: unknown extends R ? unknown : R & typeof errorResponses;
};

/**
 * One API route: who may call it (`access`), what it is (`summary`, shown in the OpenAPI document), what it
 * takes and answers, and its handler. `response` names the success answers only; every route also answers
 * the shared errors. A route whose only success answer is 201, 202 or 204 answers with that status (204
 * without a body), so the handler just returns its result; a handler that sends its own answer returns the reply.
 */
export interface RouteSpec<P, Q, B, H, R> {
  access: Access;
  summary: string;
  description?: string;
  /** Only when the route belongs under other tags than the rest of its file. */
  tags?: string[];
  params?: P;
  querystring?: Q;
  body?: B;
  headers?: H;
  /** Without it the answer is not described (a stream or a redirect). */
  response?: R;
  /** Only where a route takes fewer ways of signing in than its access implies (a token, not a session). */
  security?: Record<string, string[]>[];
  produces?: string[];
  consumes?: string[];
  bodyLimit?: number;
  rateLimit?: { max: number; timeWindow: string };
  logLevel?: LogLevel;
  handler: RouteHandlerMethod<
    RawServerDefault,
    RawRequestDefaultExpression,
    RawReplyDefaultExpression,
    RouteGenericInterface,
    ContextConfigDefault,
    RouteSchema<P, Q, B, H, R>,
    TypeBoxTypeProvider
  >;
}

type Declare = <P = unknown, Q = unknown, B = unknown, H = unknown, R = unknown>(
  url: string,
  spec: RouteSpec<P, Q, B, H, R>,
) => void;

export type RouteTable = Record<'get' | 'post' | 'put' | 'patch' | 'delete', Declare>;

/** The one status a route answers with when it succeeds, if that is not 200 (see `RouteSpec`). */
function successStatus(response: Successes | undefined): number | null {
  const codes = Object.keys(response ?? {})
    .map(Number)
    .filter((code) => code < 300);
  return codes.length === 1 && [201, 202, 204].includes(codes[0]!) ? codes[0]! : null;
}

/**
 * A module's routes as a plugin: each route is declared with `route.get(url, spec)` etc. and gets the file's
 * tags, the shared error answers and its access in `config.access`, where the auth hook and the OpenAPI
 * document read it.
 */
export function defineRoutes(
  deps: Deps,
  options: { tags: string[] },
  declare: (route: RouteTable, handle: Handlers, app: App) => void | Promise<void>,
): FastifyPluginAsyncTypebox {
  const handle = handlers(deps);
  return async (app) => {
    const method =
      (name: HTTPMethods): Declare =>
      (url, spec) => {
        const { access, rateLimit, handler, tags, response, bodyLimit, logLevel, ...schema } = spec;
        const status = successStatus(response as Successes | undefined);
        app.route({
          method: name,
          url,
          ...(bodyLimit === undefined ? {} : { bodyLimit }),
          ...(logLevel === undefined ? {} : { logLevel }),
          config: rateLimit ? { access, rateLimit } : { access },
          schema: {
            tags: tags ?? options.tags,
            ...schema,
            ...(response === undefined ? {} : { response: { ...response, ...errorResponses } }),
          },
          handler:
            status === null
              ? handler
              : async function (request, reply) {
                  const result = await handler.call(this, request as never, reply as never);
                  // A handler that answered by itself (another status, a file) returns the reply.
                  if (result === reply) return reply;
                  return reply.status(status).send(status === 204 ? null : result);
                },
        } as RouteOptions);
      };
    await declare(
      {
        get: method('GET'),
        post: method('POST'),
        put: method('PUT'),
        patch: method('PATCH'),
        delete: method('DELETE'),
      },
      handle,
      app,
    );
  };
}
