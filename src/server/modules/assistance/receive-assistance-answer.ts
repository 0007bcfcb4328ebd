import type { Static } from 'typebox';
import type { AssistanceAnswerBody } from '../../../contracts/assistance';
import { DomainError } from '../../../domain/errors';
import type { Ctx } from '../../context';
import { recordAnswer } from './record-answer';
import { findRequest } from './repository';

/**
 * Another region's system answers a request it received through the push channel, with the API token
 * its department was given. It answers only what was sent to it; files stay in its own system, named
 * in the answer.
 */
export async function receiveAssistanceAnswer(
  ctx: Ctx,
  id: string,
  input: Static<typeof AssistanceAnswerBody>,
) {
  const request = await findRequest(ctx.tx, id);
  if (
    !request ||
    ctx.actor.kind !== 'token' ||
    request.channel !== 'push' ||
    ctx.actor.departmentId !== request.helperDepartmentId
  ) {
    throw new DomainError('NOT_FOUND', '协助核查请求不存在');
  }
  if (input.evidenceFileIds.length > 0) {
    throw new DomainError('VALIDATION', '外地系统的证据材料请在答复中说明，不能引用本系统文件');
  }
  return recordAnswer(ctx, request, input, []);
}
