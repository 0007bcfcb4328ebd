import { maskPersonName } from '../../../../domain/codes';
import { chinaDate } from '../../../../domain/working-days';
import type { PublicReadCtx } from '../../../http/route';
import { presentRecord } from '../present';
import { publishedRecords } from '../repository';

/** 公示: dishonesty records inside their publicity period, personal data masked, never grades. */
export async function listPublishedRecords(ctx: PublicReadCtx, query: { page: number; pageSize: number }) {
  const { page, pageSize } = query;
  const today = chinaDate(ctx.now);
  const { rows, ...total } = await publishedRecords(ctx.db, today, page, pageSize);
  return {
    items: rows.map(({ record: r, subject: s }) => {
      const v = presentRecord(r, s, ctx.crypto, false, today);
      return {
        subjectName: s.kind === 'individual' ? maskPersonName(s.name) : s.name,
        subjectCode: v.subject.code,
        kindLabel: v.kindLabel,
        severityLabel: v.severityLabel,
        authority: r.authority,
        decidedOn: r.decidedOn,
        summary: r.summary,
        publicityEnd: v.publicityEnd!,
        underObjection: r.underObjection,
      };
    }),
    ...total,
    page,
    pageSize,
  };
}
