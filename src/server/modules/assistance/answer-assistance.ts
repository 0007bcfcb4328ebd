import type { Static } from 'typebox';
import type { AssistanceAnswerBody } from '../../../contracts/assistance';
import { DomainError } from '../../../domain/errors';
import type { Ctx } from '../../context';
import { assertSide } from './access';
import { recordAnswer } from './record-answer';
import { filesOwnedBy, findRequest } from './repository';

/** A department in this system answers what it was asked; files must be the answering person's own uploads. */
export async function answerAssistance(ctx: Ctx, id: string, input: Static<typeof AssistanceAnswerBody>) {
  const request = await findRequest(ctx.tx, id);
  if (!request) throw new DomainError('NOT_FOUND', '协助核查请求不存在');
  if (assertSide(ctx.actor, request) !== 'helper' || request.channel !== 'internal') {
    throw new DomainError('FORBIDDEN', '只能由被请求协助的部门答复');
  }
  const userId = ctx.actor.kind === 'staff' ? ctx.actor.userId : null;
  const files = await filesOwnedBy(ctx.tx, input.evidenceFileIds);
  const foreign = input.evidenceFileIds.filter((fid) => files.find((f) => f.id === fid)?.owner !== userId);
  if (foreign.length > 0) {
    throw new DomainError('VALIDATION', '证据文件须为本人上传的文件', { fileIds: foreign });
  }
  return recordAnswer(ctx, request, input, files);
}
