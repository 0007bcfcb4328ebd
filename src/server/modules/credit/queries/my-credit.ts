import { chinaDate } from '../../../../domain/working-days';
import type { ReadCtx } from '../../../context';
import { ownSubject } from '../access';
import { presentRecord } from '../present';
import { checksOfSubject, recordsOfSubject } from '../repository';
import { presentSubject } from '../subjects';

/** The applicant's own credit file: records and checks, masked codes, never grades. */
export async function myCredit(ctx: ReadCtx) {
  const s = await ownSubject(ctx);
  if (!s) return { subject: null, records: [], checks: [] };
  const today = chinaDate(ctx.now);
  const [records, checks] = await Promise.all([
    recordsOfSubject(ctx.db, s.id),
    checksOfSubject(ctx.db, s.id),
  ]);
  return {
    subject: presentSubject(s, ctx.crypto, false),
    records: records.map((r) => presentRecord(r, s, ctx.crypto, false, today)),
    checks: checks.map((c) => ({ id: c.id, checkedAt: c.checkedAt.toISOString(), outcome: c.outcome })),
  };
}
