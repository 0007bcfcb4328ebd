import { fileTypeFromBuffer } from 'file-type';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { sm3 } from '../../security/crypto';
import { type FileRow, insertBlob, insertFile } from './repository';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** What an application may carry, judged by content (magic bytes), never by the name or the declared type. */
const ALLOWED = new Map([
  ['application/pdf', 'pdf'],
  ['image/jpeg', 'jpg'],
  ['image/png', 'png'],
]);

/** Stores an upload by its SM3 digest (in the database, so every instance sees it); the name is only a label. */
export async function uploadFile(ctx: Ctx, input: { name: string; content: Buffer }): Promise<FileRow> {
  if (ctx.actor.kind !== 'applicant' && ctx.actor.kind !== 'staff') {
    throw new DomainError('FORBIDDEN', '仅个人账号可以上传文件');
  }
  return storeFile(ctx, input, ctx.actor.userId);
}

/**
 * The checks and storage of every upload. `ownerUserId` null: evidence a member of the public attached to
 * a report (社会监督), which nobody owns and only the report's readers reach.
 */
export async function storeFile(
  ctx: Ctx,
  input: { name: string; content: Buffer },
  ownerUserId: string | null,
): Promise<FileRow> {
  if (!input.content.length) throw new DomainError('VALIDATION', '文件为空');
  if (input.content.length > MAX_UPLOAD_BYTES) {
    throw new DomainError('VALIDATION', `文件不能超过${MAX_UPLOAD_BYTES / 1024 / 1024}MB`);
  }
  const type = await fileTypeFromBuffer(input.content);
  if (!type || !ALLOWED.has(type.mime)) {
    throw new DomainError('VALIDATION', '只接受 PDF、JPEG、PNG 文件（按文件内容识别）', {
      detected: type?.mime ?? null,
    });
  }
  const digest = sm3(input.content);
  await insertBlob(ctx.tx, {
    digest,
    content: input.content,
    size: input.content.length,
    mime: type.mime,
    createdAt: ctx.now,
  });
  // Only the base name, stripped of control characters and path separators: it is never used as a path.
  const name =
    [...input.name]
      .filter((ch) => ch.charCodeAt(0) > 31 && ch.charCodeAt(0) !== 127 && ch !== '/' && ch !== '\\')
      .join('')
      .trim()
      .slice(0, 200) || `材料.${ALLOWED.get(type.mime)}`;
  const row = await insertFile(ctx.tx, {
    digest,
    name,
    mime: type.mime,
    size: input.content.length,
    ownerUserId,
    createdAt: ctx.now,
  });
  await appendAudit(ctx, {
    action: 'file.upload',
    targetType: 'file',
    targetId: row.id,
    after: { digest, mime: type.mime, size: row.size },
  });
  return row;
}
