import type { CreditSubjectKindName } from '../../../contracts/credit';
import { maskResidentId, requireResidentId, requireUscc } from '../../../domain/codes';
import { DomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import type { Ctx, ReadCtx } from '../../context';
import type { DataCrypto } from '../../security/crypto';
import {
  findSubjectByResidentHash,
  findSubjectByUscc,
  findSubjectFile,
  insertSubject,
  type SubjectFile,
  type SubjectRow,
} from './repository';

export type SubjectInput = { kind: CreditSubjectKindName; code: string; name: string };
/** A subject with its identity code in clear, for querying external platforms; never stored so. */
export type ResolvedSubject = { row: SubjectRow; code: string };

/** Validates the code for the kind: USCC for enterprises and 个体工商户, resident ID for persons. */
export function normalizeSubjectCode(s: SubjectInput, today: string, field = 'subject.code'): string {
  switch (s.kind) {
    case 'enterprise':
    case 'individual_business':
      return requireUscc(s.code, field);
    case 'individual':
      return requireResidentId(s.code, field, today);
    default: {
      const never: never = s.kind;
      throw new DomainError('VALIDATION', `未知的主体类型“${never}”`);
    }
  }
}

export async function findSubjectByCode(
  ctx: Pick<ReadCtx, 'db' | 'crypto'>,
  kind: CreditSubjectKindName,
  code: string,
): Promise<SubjectRow | undefined> {
  return kind === 'individual'
    ? findSubjectByResidentHash(ctx.db, ctx.crypto.lookupHash(code))
    : findSubjectByUscc(ctx.db, code);
}

export function subjectValues(crypto: DataCrypto, s: SubjectInput, code: string, now: Date) {
  return s.kind === 'individual'
    ? {
        kind: s.kind,
        name: s.name.trim(),
        residentIdEnc: crypto.encrypt(code),
        residentIdHash: crypto.lookupHash(code),
        residentIdMasked: maskResidentId(code),
        createdAt: now,
      }
    : { kind: s.kind, name: s.name.trim(), uscc: code, createdAt: now };
}

/** Finds the subject by its code, creating it on first sight. A kind that contradicts the file is refused. */
export function findOrCreateSubject(ctx: Ctx, s: SubjectInput): Promise<ResolvedSubject> {
  return findOrCreate(
    ctx,
    s,
    async (code) => {
      const row = await findSubjectByCode(ctx, s.kind, code);
      return row && { row };
    },
    (row) => ({ row }),
  );
}

/** As `findOrCreateSubject`, with the subject's local records and newest grades read in the same statement. */
export function findOrCreateSubjectFile(ctx: Ctx, s: SubjectInput): Promise<SubjectFile & { code: string }> {
  return findOrCreate(
    ctx,
    s,
    (code) =>
      s.kind === 'individual'
        ? findSubjectFile(ctx.tx, 'residentHash', ctx.crypto.lookupHash(code))
        : findSubjectFile(ctx.tx, 'uscc', code),
    (row) => ({ row, records: [], grades: [] }),
  );
}

async function findOrCreate<F extends { row: SubjectRow }>(
  ctx: Ctx,
  s: SubjectInput,
  find: (code: string) => Promise<F | undefined>,
  created: (row: SubjectRow) => F,
): Promise<F & { code: string }> {
  const code = normalizeSubjectCode(s, chinaDate(ctx.now));
  let found = await find(code);
  if (!found) {
    const row = await insertSubject(ctx.tx, subjectValues(ctx.crypto, s, code, ctx.now));
    // Lost a race with another check of the same new subject: read the winner's.
    found = row ? created(row) : await find(code);
  }
  if (!found) throw new DomainError('CONFLICT', '信用主体创建冲突，请重试');
  const individual = (k: string) => k === 'individual';
  if (individual(found.row.kind) !== individual(s.kind)) {
    throw new DomainError('VALIDATION', '主体类型与信用档案不一致', { field: 'subject.kind' });
  }
  return { ...found, code };
}

/** What a reader sees of the code: the USCC is public; a resident ID only masked unless `reveal`. */
export function subjectCode(row: SubjectRow, crypto: DataCrypto, reveal: boolean): string {
  if (row.uscc) return row.uscc;
  if (reveal && row.residentIdEnc) return crypto.decrypt(row.residentIdEnc);
  return row.residentIdMasked ?? '';
}

export const presentSubject = (row: SubjectRow, crypto: DataCrypto, reveal: boolean) => ({
  id: row.id,
  kind: row.kind,
  code: subjectCode(row, crypto, reveal),
  name: row.name,
});
