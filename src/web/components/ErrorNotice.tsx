import { Alert } from 'antd';
import type { FormInstance } from 'antd/es/form';
import { ApiError } from '../api/client';

/** An API failure in place: the server's Chinese message and every problem it listed. */
export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  // An ApiError from the server, or a DomainError from a rule run here first (same shape of details).
  const e =
    error instanceof ApiError
      ? error
      : error instanceof Error
        ? new ApiError(
            0,
            'LOCAL',
            error.message,
            (error as { details?: Record<string, unknown> }).details ?? {},
          )
        : null;
  const problems = e?.problems.filter((p) => p.message && p.message !== e.message) ?? [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 12 }}
      title={title ?? e?.message ?? '操作失败，请稍后重试'}
      description={
        title || problems.length ? (
          <>
            {title && e ? <div>{e.message}</div> : null}
            {problems.length ? (
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {problems.map((p) => (
                  <li key={p.field + p.message}>{p.message}</li>
                ))}
              </ul>
            ) : null}
          </>
        ) : undefined
      }
    />
  );
}

/** Puts the server's field problems next to the fields of an antd form; answers whether any matched. */
// biome-ignore lint/suspicious/noExplicitAny: any antd form, whatever its field types
export function showFieldErrors(form: FormInstance<any>, error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  const names = new Set(Object.keys(form.getFieldsValue()));
  const matched = error.problems.filter((p) => names.has(p.field));
  const field = error.details.field;
  if (typeof field === 'string' && names.has(field) && !matched.length) {
    matched.push({ field, message: error.message });
  }
  if (matched.length) form.setFields(matched.map((p) => ({ name: p.field, errors: [p.message] })) as never);
  return matched.length > 0;
}
