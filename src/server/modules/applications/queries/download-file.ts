import { DomainError } from '../../../../domain/errors';
import type { ReadCtx } from '../../../context';
import { applicationsOfFile, type FileRow, readFileContent } from '../repository';
import { mayRead } from '../shared';

/** The uploader, and whoever may read an application the file is attached to. */
export async function downloadFile(ctx: ReadCtx, id: string): Promise<{ file: FileRow; content: Buffer }> {
  const row = await readFileContent(ctx.db, id);
  if (!row) throw new DomainError('NOT_FOUND', '文件不存在');
  const own =
    (ctx.actor.kind === 'applicant' || ctx.actor.kind === 'staff') &&
    row.file.ownerUserId === ctx.actor.userId;
  if (!own) {
    const apps = await applicationsOfFile(ctx.db, id);
    if (!apps.some((a) => mayRead(ctx.actor, a))) throw new DomainError('NOT_FOUND', '文件不存在');
  }
  return { file: row.file, content: row.content };
}
