import type { ReportState } from '../../../contracts/reports';
import type { VerificationStatus } from '../../../contracts/verification';

/**
 * Where a report stands, read off its verification task: one truth, never a second status to drift.
 * A finding that the commitment was not kept (rectification, revocation) substantiates the report.
 */
export function reportState(taskStatus: VerificationStatus, closed: boolean): ReportState {
  if (closed) return 'closed';
  switch (taskStatus) {
    case 'pending':
    case 'assigned':
      return 'verifying';
    case 'closed':
    case 'defence_accepted':
      return 'unsubstantiated';
    case 'rectifying':
    case 'revocation_pending':
    case 'defence':
    case 'hearing':
    case 'revoked':
      return 'substantiated';
    case 'dismissed':
      return 'closed';
    default: {
      const never: never = taskStatus;
      return never;
    }
  }
}
