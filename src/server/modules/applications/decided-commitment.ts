import type { ApprovalMode } from '../../../contracts/catalog';
import type { VersionRow } from '../catalog/repository';
import type { SubjectRef } from '../credit/port';

/**
 * A commitment just decided, as the rest of the loop needs it: verification creates the task it owes from
 * this (Deps.commitmentDecided), in the decision's transaction.
 */
export type DecidedCommitment = {
  applicationId: string;
  /** 办件编号: an input of the sampling draw. */
  applicationNumber: string;
  licenseId: string | null;
  itemVersionId: string;
  /** The item version, when the caller holds it already. */
  version?: VersionRow;
  mode: ApprovalMode;
  subject: SubjectRef;
  /** The grade the credit check found; sets the intensity (004). */
  grade: string | null;
  policyVersionId: string;
};
