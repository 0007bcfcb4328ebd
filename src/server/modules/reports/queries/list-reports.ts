import type { Static } from 'typebox';
import { type ReportView, reportStateLabels } from '../../../../contracts/reports';
import { DomainError } from '../../../../domain/errors';
import type { ReadCtx } from '../../../context';
import { assertHandles } from '../access';
import type { JoinedReport } from '../repository';
import { reportById, reportsOfDepartment } from '../repository';
import { reportState } from '../state';

type Contact = { name?: string; phone?: string; email?: string };

/** The reporter's contact is unsealed here only, for the supervising department that handles the report. */
export function presentReport(ctx: ReadCtx, row: NonNullable<JoinedReport>): Static<typeof ReportView> {
  const r = row.report;
  const contact = r.contactSealed ? (JSON.parse(ctx.crypto.decrypt(r.contactSealed)) as Contact) : null;
  const state = reportState(row.taskStatus, r.closedAt !== null);
  return {
    id: r.id,
    receiptNumber: r.receiptNumber,
    applicationNumber: row.applicationNumber,
    itemName: row.itemName,
    subjectName: row.subjectName,
    taskId: r.taskId,
    content: r.content,
    contact: contact
      ? { name: contact.name ?? null, phone: contact.phone ?? null, email: contact.email ?? null }
      : null,
    evidenceFileIds: r.evidenceFileIds,
    dueDate: r.dueDate,
    state,
    stateLabel: reportStateLabels[state],
    closedReason: r.closedReason,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listReports(ctx: ReadCtx) {
  if (ctx.actor.kind !== 'staff') throw new DomainError('FORBIDDEN', '仅限工作人员查看');
  const rows = await reportsOfDepartment(ctx.db, ctx.actor.departmentId);
  return { items: rows.map((row) => presentReport(ctx, row)) };
}

export async function getReport(ctx: ReadCtx, id: string) {
  const row = await reportById(ctx.db, id);
  if (!row) throw new DomainError('NOT_FOUND', '举报不存在');
  assertHandles(ctx.actor, row.report.supervisingDepartmentId);
  return presentReport(ctx, row);
}
