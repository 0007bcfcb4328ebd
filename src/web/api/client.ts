/**
 * The one fetch client: the cookie session travels by itself; writes carry the CSRF token the server
 * handed out at login (and again with /api/me after a reload). A failure is thrown as ApiError with the
 * server's Chinese message and, for validation, the problems by field.
 */
export type FieldProblem = { field: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
  /** Problems by field, as the server names them (`/body/displayName` → `displayName`). */
  get problems(): FieldProblem[] {
    const list = this.details.problems;
    if (!Array.isArray(list)) return [];
    return list.flatMap((p) =>
      typeof p === 'string'
        ? [{ field: '', message: p }]
        : p && typeof p === 'object' && 'message' in p
          ? [
              {
                field: String((p as { field?: unknown }).field ?? '')
                  .replace(/^body\/?/, '')
                  .replace(/^\//, '')
                  .split('/')[0]!,
                message: String((p as { message: unknown }).message),
              },
            ]
          : [],
    );
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (t: string | null) => {
  csrfToken = t;
};

/** Pages listen for this to send the person to the login page and back again afterwards. */
export const SESSION_EXPIRED = 'xyp:session-expired';

type Query = Record<string, string | number | boolean | undefined | null>;

export const withQuery = (url: string, query?: Query): string => {
  if (!query) return url;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${url}?${s}` : url;
};

async function toError(res: Response): Promise<ApiError> {
  let body: { code?: string; message?: string; details?: Record<string, unknown> } = {};
  try {
    body = await res.json();
  } catch {
    // not JSON: a proxy or the network answered
  }
  return new ApiError(
    res.status,
    body.code ?? 'HTTP',
    body.message ?? (res.status >= 500 ? '服务暂时不可用，请稍后重试' : `请求失败（${res.status}）`),
    body.details ?? {},
  );
}

async function request<T>(method: string, url: string, body?: unknown, opts: { quiet401?: boolean } = {}) {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试');
  }
  if (!res.ok) {
    const err = await toError(res);
    if (res.status === 401 && !opts.quiet401) window.dispatchEvent(new CustomEvent(SESSION_EXPIRED));
    throw err;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** A document the server renders (HTML), asked for with JSON so personal data stays out of the address. */
async function postForText(url: string, body: unknown): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
    credentials: 'same-origin',
    body: JSON.stringify(body),
  });
  if (!res.ok) throw await toError(res);
  return res.text();
}

export const api = {
  postForText,
  get: <T>(url: string, query?: Query, opts?: { quiet401?: boolean }) =>
    request<T>('GET', withQuery(url, query), undefined, opts),
  post: <T>(url: string, body?: unknown, opts?: { quiet401?: boolean }) =>
    request<T>('POST', url, body ?? {}, opts),
  put: <T>(url: string, body?: unknown) => request<T>('PUT', url, body ?? {}),
};

/** Uploads one file as the server takes it (raw body, URL-encoded name), reporting progress 0–100. */
export function uploadFile<T>(file: File, onProgress: (percent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/files');
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', '网络连接失败，上传未完成'));
    xhr.onload = () => {
      let body: { code?: string; message?: string; details?: Record<string, unknown> } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // empty body
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(100);
        resolve(body as T);
      } else {
        if (xhr.status === 401) window.dispatchEvent(new CustomEvent(SESSION_EXPIRED));
        reject(new ApiError(xhr.status, body.code ?? 'HTTP', body.message ?? '上传失败', body.details ?? {}));
      }
    };
    xhr.send(file);
  });
}
