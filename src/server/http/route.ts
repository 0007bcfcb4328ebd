import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  ContextConfigDefault,
  FastifyReply,
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
import { type Static, type TSchema, Type } from 'typebox';
import { ErrorResponse, IdParams, Page } from '../../contracts/common';
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

/** The content-disposition naming a file in UTF-8 (RFC 6266): `attachment` to save it, `inline` to show it. */
export const disposition = (name: string, how: 'attachment' | 'inline' = 'attachment') =>
  `${how}; filename*=UTF-8''${encodeURIComponent(name)}`;

/** The media type of an Excel workbook, as exports send it and imports take it. */
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file as the answer: its type, and the name it is saved under (`attachment`) or shown with (`inline`). */
export type Download = { type: string; name: string; body: Buffer | string; how?: 'attachment' | 'inline' };

/** Sends a file under its own name and type, never sniffed as another. */
export function sendDownload<Reply extends FastifyReply>(
  reply: Reply,
  { type, name, body, how }: Download,
): Reply {
  reply
    .type(type)
    .header('content-disposition', disposition(name, how))
    .header('x-content-type-options', 'nosniff')
    .send(body);
  return reply;
}

/** A stored file (an upload, evidence), sent as a download under its own name and type. */
export type StoredFile = { file: { mime: string; name: string }; content: Buffer };

/**
 * The two read routes met most often, spread into a route's spec after its access and summary: a page of a
 * list filtered by a query string, and one thing named by the id in the path. Each declares the schemas
 * the route validates and answers with, and calls the query with what they validated. Each is made for
 * both ways of reading: `read` for the staff and applicants' routes, and `publicRead` for the same route on
 * the public site (`publicPageOf`, `publicOneById`), whose query gets no caller.
 */
type ReadWay = 'read' | 'publicRead';
type ReadCtxOf<W extends ReadWay> = W extends 'read' ? ReadCtx : PublicReadCtx;

/** The route's work under the name of its way of reading: `{ read: work }` or `{ publicRead: work }`. */
const underWay = <W extends ReadWay, Work>(way: W, work: Work) => ({ [way]: work }) as Record<W, Work>;

const pageBy =
  <W extends ReadWay>(way: W) =>
  <Q extends TSchema, I extends TSchema>(
    querystring: Q,
    item: I,
    query: (ctx: ReadCtxOf<W>, q: Static<Q>) => Promise<Static<ReturnType<typeof Page<I>>>>,
  ) => ({
    querystring,
    response: { 200: Page(item) },
    ...underWay(way, (ctx: ReadCtxOf<W>, request: { query: Static<Q> }) => query(ctx, request.query)),
  });

type IdRequest = { params: Static<typeof IdParams> };

const oneBy =
  <W extends ReadWay>(way: W) =>
  <R extends TSchema>(answer: R, query: (ctx: ReadCtxOf<W>, id: string) => Promise<Static<R>>) => ({
    params: IdParams,
    response: { 200: answer },
    ...underWay(way, (ctx: ReadCtxOf<W>, request: IdRequest) => query(ctx, request.params.id)),
  });

export const pageOf = pageBy('read');
export const oneById = oneBy('read');
export const publicPageOf = pageBy('publicRead');
export const publicOneById = oneBy('publicRead');

/**
 * A stored file read by a query from what the path names, sent as a download. It takes the
 * module's `read`: the file is sent by the route itself, so the route keeps a Fastify handler.
 */
export const fileDownload = <P extends TSchema>(
  read: Handlers['read'],
  params: P,
  query: (ctx: ReadCtx, params: Static<P>) => Promise<StoredFile>,
) => ({
  params,
  response: { 200: Binary },
  handler: async (request: FastifyRequest & { params: Static<P> }, reply: FastifyReply) => {
    const { file, content } = await read(request, (ctx) => query(ctx, request.params));
    return sendDownload(reply, { type: file.mime, name: file.name, body: content });
  },
});

/**
 * The actions met most often, likewise: one on the thing named by the id in the path, given the body
 * (answered with 200); one that creates a thing under it (a version of an item, a grant to a subscription:
 * `createOnId`, 201); and one that creates a thing from the body alone (answered with 201). The action's
 * result is the answer, or what the route's `answer` reads the answer from.
 */
const onIdAnswering =
  <S extends 200 | 201>(status: S) =>
  <B extends TSchema, R extends TSchema, T>(
    body: B,
    answer: R,
    action: (ctx: Ctx, id: string, body: Static<B>) => Promise<T>,
  ) => ({
    params: IdParams,
    body,
    response: { [status]: answer } as Record<S, R>,
    act: (ctx: Ctx, request: IdRequest & { body: Static<B> }) => action(ctx, request.params.id, request.body),
  });

export const actOnId = onIdAnswering(200);

/** An action on the thing the id names that needs no body and answers nothing (204): unlock, revoke, mark read. */
export const doneOnId = (action: (ctx: Ctx, id: string) => Promise<unknown>) => ({
  params: IdParams,
  response: { 204: Type.Null() },
  act: (ctx: Ctx, request: IdRequest) => action(ctx, request.params.id),
});
export const createOnId = onIdAnswering(201);

export const createFrom = <B extends TSchema, R extends TSchema, T>(
  body: B,
  answer: R,
  action: (ctx: Ctx, body: Static<B>) => Promise<T>,
) => ({
  body,
  response: { 201: answer },
  act: (ctx: Ctx, request: { body: Static<B> }) => action(ctx, request.body),
});

/** An action as a route's action, answered as `present` shows its result (given the context, for its clock). */
export const presented =
  <A extends unknown[], Row, View>(
    action: (ctx: Ctx, ...args: A) => Promise<Row>,
    present: (row: Row, ctx: Ctx) => View,
  ) =>
  async (ctx: Ctx, ...args: A) =>
    present(await action(ctx, ...args), ctx);

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

/** The request as a route's function sees it: params, query, body and headers typed from its schemas. */
export type RouteRequest<P, Q, B, H, R> = FastifyRequest<
  RouteGenericInterface,
  RawServerDefault,
  RawRequestDefaultExpression,
  RouteSchema<P, Q, B, H, R>,
  TypeBoxTypeProvider
>;

type StaticOf<S> = S extends TSchema ? Static<S> : never;

/** What a route's function returns: its success answer (anything for a 204, which is sent without a body). */
type Answer<R> = unknown extends R
  ? unknown
  : 204 extends keyof R
    ? unknown
    : StaticOf<R[Extract<keyof R, 200 | 201 | 202>]>;

/**
 * One API route: who may call it (`access`), what it is (`summary`, shown in the OpenAPI document), and what
 * it takes and answers. `response` names the success answers only; every route also answers the shared errors.
 * A route whose only success answer is 201, 202 or 204 answers with that status (204 without a body).
 */
interface RouteHead<P, Q, B, H, R> {
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
}

/**
 * What the route does, exactly one of: a read query (`read`, or `publicRead` for a query that must not see
 * the caller), an action in one transaction (`act`, or `publicAct`, audited as the public), each given the
 * context and the typed request and returning the answer; or, for a route that shapes its own answer (a
 * file, a cookie, a redirect, several steps), a Fastify `handler`.
 */
export interface RouteSpec<P, Q, B, H, R> extends RouteHead<P, Q, B, H, R> {
  read?: (ctx: ReadCtx, request: RouteRequest<P, Q, B, H, R>) => Promise<Answer<R>>;
  publicRead?: (ctx: PublicReadCtx, request: RouteRequest<P, Q, B, H, R>) => Promise<Answer<R>>;
  act?: (ctx: Ctx, request: RouteRequest<P, Q, B, H, R>) => Promise<Answer<R>>;
  publicAct?: (ctx: Ctx, request: RouteRequest<P, Q, B, H, R>) => Promise<Answer<R>>;
  /** Sends its own answer when it returns the reply; otherwise its result is the answer, as above. */
  handler?: RouteHandlerMethod<
    RawServerDefault,
    RawRequestDefaultExpression,
    RawReplyDefaultExpression,
    RouteGenericInterface,
    ContextConfigDefault,
    RouteSchema<P, Q, B, H, R>,
    TypeBoxTypeProvider
  >;
}

/**
 * An action whose answer is read once it has committed (`answer`, given the action's result): rows an
 * action hands to the write batch are written as it commits (write-batch.ts), so they are read after it.
 */
export interface ActThenAnswerSpec<P, Q, B, H, R, T> extends RouteHead<P, Q, B, H, R> {
  act: (ctx: Ctx, request: RouteRequest<P, Q, B, H, R>) => Promise<T>;
  answer: (ctx: ReadCtx, result: T) => Promise<Answer<R>>;
}

interface Declare {
  <P = unknown, Q = unknown, B = unknown, H = unknown, R = unknown, T = unknown>(
    url: string,
    spec: ActThenAnswerSpec<P, Q, B, H, R, T>,
  ): void;
  <P = unknown, Q = unknown, B = unknown, H = unknown, R = unknown>(
    url: string,
    spec: RouteSpec<P, Q, B, H, R>,
  ): void;
}

export type RouteTable = Record<'get' | 'post' | 'put' | 'patch' | 'delete', Declare>;

type AnySpec = RouteHead<unknown, unknown, unknown, unknown, unknown> & {
  [K in 'read' | 'publicRead' | 'act' | 'publicAct' | 'answer' | 'handler']?: (...args: never[]) => unknown;
};

/** The one Fastify handler a route's spec describes (see `RouteSpec`). */
function handlerOf(url: string, spec: AnySpec, handle: Handlers): RouteHandlerMethod {
  const ways = (['read', 'publicRead', 'act', 'publicAct', 'handler'] as const).filter((k) => spec[k]);
  if (ways.length !== 1 || (spec.answer && ways[0] !== 'act')) {
    throw new Error(
      `${url}: a route takes one of read, publicRead, act, publicAct or handler (answer only with act)`,
    );
  }
  type Work = (ctx: unknown, request: FastifyRequest) => Promise<unknown>;
  const way = ways[0]!;
  if (way === 'handler') return spec.handler as unknown as RouteHandlerMethod;
  const work = spec[way] as unknown as Work;
  const answer = spec.answer as unknown as ((ctx: ReadCtx, result: unknown) => Promise<unknown>) | undefined;
  if (answer) {
    return async (request) => {
      const result = await handle.act(request, (ctx) => work(ctx, request));
      return handle.read(request, (ctx) => answer(ctx, result));
    };
  }
  const run = handle[way] as (
    request: FastifyRequest,
    f: (ctx: unknown) => Promise<unknown>,
  ) => Promise<unknown>;
  return (request) => run(request, (ctx) => work(ctx, request));
}

/** The one status a route answers with when it succeeds, if that is not 200 (see `RouteSpec`). */
function successStatus(response: Successes | undefined): number | null {
  const codes = Object.keys(response ?? {})
    .map(Number)
    .filter((code) => code < 300);
  return codes.length === 1 && [201, 202, 204].includes(codes[0]!) ? codes[0]! : null;
}

/** What a module's declarations may use besides `route`: the handlers, the Fastify instance and the deps. */
export type RouteKit = Handlers & { app: App; deps: Deps };

/**
 * A module's routes as a plugin made from the deps: each route is declared with `route.get(url, spec)` etc.
 * and gets the module's tags, the shared error answers and its access in `config.access`, where the auth
 * hook and the OpenAPI document read it.
 */
export function defineRoutes(
  options: { tags: string[] },
  declare: (route: RouteTable, kit: RouteKit) => void | Promise<void>,
): (deps: Deps) => FastifyPluginAsyncTypebox {
  return (deps) => {
    const handle = handlers(deps);
    return async (app) => {
      const method = (name: HTTPMethods): Declare =>
        ((url: string, spec: AnySpec) => {
          const {
            access,
            rateLimit,
            tags,
            response,
            bodyLimit,
            logLevel,
            read: _read,
            publicRead: _publicRead,
            act: _act,
            publicAct: _publicAct,
            answer: _answer,
            handler: _handler,
            ...schema
          } = spec as AnySpec;
          const handler = handlerOf(url, spec as AnySpec, handle);
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
        }) as Declare;
      await declare(
        {
          get: method('GET'),
          post: method('POST'),
          put: method('PUT'),
          patch: method('PATCH'),
          delete: method('DELETE'),
        },
        { ...handle, app, deps },
      );
    };
  };
}
