import { DomainError } from '../../../../domain/errors';
import type { ReadCtx } from '../../../context';
import { readFileContent } from '../../applications/repository';
import { assertHandles } from '../access';
import { reportById } from '../repository';

/** An evidence file of a report, to the department that handles it; nobody else reaches it. */
export async function reportFile(ctx: ReadCtx, id: string, fileId: string) {
  const row = await reportById(ctx.db, id);
  if (!row) throw new DomainError('NOT_FOUND', '举报不存在');
  assertHandles(ctx.actor, row.report.supervisingDepartmentId);
  const file = row.report.evidenceFileIds.includes(fileId)
    ? await readFileContent(ctx.db, fileId)
    : undefined;
  if (!file) throw new DomainError('NOT_FOUND', '文件不存在');
  return file;
}
