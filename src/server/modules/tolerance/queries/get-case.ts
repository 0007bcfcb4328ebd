import type { ReadCtx } from '../../../context';
import { caseFile } from '../case-file';

/** One case file: to the reviewing role, and to the official concerned. */
export function getCase(ctx: ReadCtx, taskId: string) {
  return caseFile(ctx, taskId);
}
