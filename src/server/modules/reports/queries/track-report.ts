import type { Static } from 'typebox';
import { type ReportTrack, reportStateLabels } from '../../../../contracts/reports';
import { DomainError } from '../../../../domain/errors';
import type { PublicReadCtx } from '../../../http/route';
import { reportByReceipt } from '../repository';
import { reportState } from '../state';

/**
 * The reporter follows the report by its receipt number: state, deadline and outcome. Never the subject's
 * name or code, nor what the department found about it — only whether the report was borne out.
 */
export async function trackReport(
  ctx: PublicReadCtx,
  receiptNumber: string,
): Promise<Static<typeof ReportTrack>> {
  const row = await reportByReceipt(ctx.db, receiptNumber.trim().toUpperCase());
  if (!row) throw new DomainError('NOT_FOUND', '未找到该回执号对应的举报，请核对后重试');
  const state = reportState(row.taskStatus, row.report.closedAt !== null);
  return {
    receiptNumber: row.report.receiptNumber,
    itemName: row.itemName,
    submittedAt: row.report.createdAt.toISOString(),
    dueDate: row.report.dueDate,
    state,
    stateLabel: reportStateLabels[state],
    closedReason: row.report.closedReason,
  };
}
