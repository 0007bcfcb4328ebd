import { verifyAuditChain } from '../../../audit/audit-log';
import type { ReadCtx } from '../../../context';

/** The whole chain checked against its MACs and the last signed checkpoint. */
export function verifyChain(ctx: ReadCtx) {
  return verifyAuditChain(ctx.database.db, ctx.crypto, { checkpointFile: ctx.config.auditCheckpointFile });
}
