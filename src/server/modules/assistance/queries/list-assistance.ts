import type { Static } from 'typebox';
import {
  type AssistanceList,
  type AssistanceQuery,
  assistanceFindingLabels,
  assistanceStatusLabels,
} from '../../../../contracts/assistance';
import { DomainError } from '../../../../domain/errors';
import type { ReadCtx } from '../../../context';
import { departmentNames } from '../../accounts/queries/department-names';
import { requestsOfDepartment } from '../repository';

/** The requests the caller's department asked or was asked (optionally of one task); nobody else's. */
export async function listAssistance(
  ctx: ReadCtx,
  query: Static<typeof AssistanceQuery>,
): Promise<Static<typeof AssistanceList>> {
  if (ctx.actor.kind !== 'staff') throw new DomainError('FORBIDDEN', '仅限工作人员查看');
  const own = ctx.actor.departmentId;
  const { rows, total } = await requestsOfDepartment(ctx.db, own, query);
  const names = await departmentNames(
    ctx,
    rows.flatMap((r) => [r.request.requestingDepartmentId, r.request.helperDepartmentId]),
  );
  return {
    total,
    page: query.page,
    pageSize: query.pageSize,
    items: rows.map(({ request: r, subjectName, subjectCode, requesterName, answererName }) => ({
      id: r.id,
      taskId: r.taskId,
      direction: r.helperDepartmentId === own ? ('incoming' as const) : ('outgoing' as const),
      requestingDepartmentName: names.get(r.requestingDepartmentId) ?? '',
      helperDepartmentName: names.get(r.helperDepartmentId) ?? '',
      channel: r.channel,
      question: r.question,
      workingDays: r.workingDays,
      dueDate: r.dueDate,
      status: r.status,
      statusLabel: assistanceStatusLabels[r.status],
      // A person's name where the requester is an account here; a system's name where it came by push.
      requestedBy: requesterName ?? r.requestedBy,
      finding: r.finding,
      findingLabel: r.finding ? assistanceFindingLabels[r.finding] : null,
      answer: r.answer,
      evidenceFileIds: r.evidenceFileIds,
      answeredBy: answererName ?? r.answeredBy,
      answeredAt: r.answeredAt?.toISOString() ?? null,
      chasedAt: r.chasedAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
      subjectName,
      subjectCode,
    })),
  };
}
