import type {
  CreditRecordKind,
  CreditRecordStatus,
  CreditSubjectKindName,
} from '../../../../contracts/credit';
import { checkResidentId, checkUscc } from '../../../../domain/codes';
import { chinaDate } from '../../../../domain/working-days';
import type { ReadCtx } from '../../../context';
import { assertCreditDepartment } from '../access';
import { presentRecord } from '../present';
import { listRecords, subjectsById } from '../repository';
import { findSubjectByCode, normalizeSubjectCode } from '../subjects';

export type ListRecordsQuery = {
  page: number;
  pageSize: number;
  subjectKind?: CreditSubjectKindName;
  subjectCode?: string;
  kind?: CreditRecordKind;
  status?: CreditRecordStatus;
};

/** The credit department's list of records, by subject, kind and status; codes shown in full. */
export async function listCreditRecords(ctx: ReadCtx, query: ListRecordsQuery) {
  await assertCreditDepartment(ctx);
  const today = chinaDate(ctx.now);
  const { page, pageSize, subjectKind, subjectCode, kind, status } = query;
  let subjectId: string | undefined;
  if (subjectCode) {
    // Without a kind, the code itself says which it is: a valid USCC first, else a resident ID.
    const k =
      subjectKind ??
      (checkUscc(subjectCode).ok || !checkResidentId(subjectCode, today).ok ? 'enterprise' : 'individual');
    const code = normalizeSubjectCode({ kind: k, code: subjectCode, name: '-' }, today, 'subjectCode');
    const s = await findSubjectByCode(ctx, k, code);
    if (!s) return { items: [], total: 0, page, pageSize };
    subjectId = s.id;
  }
  const { rows, total } = await listRecords(ctx.db, { subjectId, kind, status }, page, pageSize);
  const subjects = await subjectsById(
    ctx.db,
    rows.map((r) => r.subjectId),
  );
  const items = rows.map((r) => presentRecord(r, subjects.get(r.subjectId)!, ctx.crypto, true, today));
  return { items, total, page, pageSize };
}
