import { expect } from 'vitest';
import type { Session, TestApp } from './app';

/** The smallest file the upload check accepts as a PDF. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n');

/** Uploads one file as `s`; its type is judged by content, whatever the request says. */
export async function upload(t: TestApp, s: Session, name: string, content: Buffer = PDF): Promise<string> {
  const res = await t.call(s, {
    method: 'POST',
    url: '/api/files',
    headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
    payload: content,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

/** One uploaded PDF per named material, as an application's `materials`. */
export async function uploadMaterials(t: TestApp, s: Session, names: readonly string[]) {
  const out: { name: string; fileId: string }[] = [];
  for (const name of names) out.push({ name, fileId: await upload(t, s, `${name}.pdf`) });
  return out;
}
