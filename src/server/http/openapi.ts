import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { FastifySwaggerUiOptions } from '@fastify/swagger-ui';
import { CSRF_HEADER, SESSION_COOKIE } from './auth';

type RouteSchema = Record<string, unknown> & { consumes?: string[]; body?: unknown; hide?: boolean };

/**
 * The OpenAPI document: who may call each operation (`x-access`, and its security requirement), the
 * CSRF header as a security scheme so Swagger UI sends it on writes after logging in, and the raw body
 * of uploads (their routes read a buffer, so they have no body schema to validate).
 */
export const openapiOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    info: {
      title: '信易批 API',
      description:
        '信用承诺审批平台接口。在本页调用：先以 POST /api/auth/login 登录（浏览器随后自动携带会话Cookie），' +
        '再点“Authorize”，把登录返回的 csrfToken 填入 csrf（写操作须携带 x-csrf-token 请求头）。' +
        '其他部门系统使用 Bearer 令牌。每个接口的 x-access 为调用所需的权限（public 为无需登录）。',
      version: '0.1.0',
    },
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: '登录后由浏览器自动携带',
        },
        csrf: {
          type: 'apiKey',
          in: 'header',
          name: CSRF_HEADER,
          description: '登录返回的 csrfToken；以会话Cookie调用写操作时必须携带',
        },
        token: { type: 'http', scheme: 'bearer', description: '系统管理员签发的接口令牌' },
      },
    },
  },
  transform: ({ schema, url, route }) => {
    if (!schema) return { schema, url };
    const s: RouteSchema = { ...(schema as RouteSchema) };
    const access = route.config?.access;
    if (access) {
      s['x-access'] = access;
      const write = !['GET', 'HEAD', 'OPTIONS'].includes(String(route.method).toUpperCase());
      s.security =
        access === 'public' ? [] : [write ? { session: [], csrf: [] } : { session: [] }, { token: [] }];
    }
    if (s.consumes && !s.body) s.body = { type: 'string', format: 'binary', description: '文件原始内容' };
    return { schema: s as never, url };
  },
};

export const swaggerUiOptions = (upgradeToHttps: boolean): FastifySwaggerUiOptions => ({
  routePrefix: '/docs',
  staticCSP: true,
  // Keeps what was typed under "Authorize" (the CSRF token) across reloads of the page.
  uiConfig: { persistAuthorization: true, withCredentials: true },
  transformStaticCSP: (header) =>
    upgradeToHttps ? header : header.replace(/\s*upgrade-insecure-requests;?/g, '').trim(),
});
