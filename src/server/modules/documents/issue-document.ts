import { randomUUID } from 'node:crypto';
import { type DocumentKind, documentKindLabels, documentKindWords } from '../../../contracts/documents';
import { defaultNumberPattern, formatDocumentNumber } from '../../../domain/document-number';
import { chinaDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { officialDocument } from '../../db/schema';
import { cachedDepartment } from '../accounts/department-cache';
import { actorRef } from '../catalog/shared';
import { type Allocation, allocateSerials } from './repository';

export type IssueDocument = {
  kind: DocumentKind;
  /** The issuing department: its pattern and its series number the document. */
  departmentId: string;
  applicationId?: string | null;
  repairRequestId?: string | null;
  /** What held when it was issued (reason, missing materials and their due dates, …). */
  facts?: Record<string, unknown>;
  /** A license carries its own number; every other document takes the next 文号 of its series. */
  number?: string;
};

type Pending = IssueDocument & { id: string };
const pendingOf = new WeakMap<object, Pending[]>();

/**
 * Issues a document in the caller's transaction and returns its id. The number is taken as the
 * transaction is about to commit (`ctx.atCommit`), once nothing can still refuse the action, by one
 * statement for all the documents of the action; on PostgreSQL that statement commits on its own, so no
 * lock on a department's counter is held across a decision (ADR 0007, architecture rule 13). A serial
 * taken by an action that fails after that is left unused: numbers are unique, never reused, not
 * necessarily gap-free. The row itself goes in the action's batch.
 */
export function issueDocument(ctx: Ctx, doc: IssueDocument): string {
  const id = randomUUID();
  let pending = pendingOf.get(ctx.batch);
  if (!pending) {
    const list: Pending[] = [];
    pending = list;
    pendingOf.set(ctx.batch, list);
    ctx.atCommit(() => writeDocuments(ctx, list));
  }
  pending.push({ ...doc, id });
  return id;
}

async function writeDocuments(ctx: Ctx, docs: Pending[]): Promise<void> {
  const year = Number(chinaDate(ctx.now).slice(0, 4));
  const wanted = new Map<string, Allocation>();
  for (const d of docs) {
    if (d.number) continue;
    const key = `${d.departmentId}|${d.kind}`;
    const w = wanted.get(key) ?? { departmentId: d.departmentId, kind: d.kind, year, count: 0 };
    w.count++;
    wanted.set(key, w);
  }
  const last = new Map<string, { serial: number; pattern: string | null }>();
  if (wanted.size) {
    const rows = await allocateSerials(ctx.database.autocommit ?? ctx.tx, [...wanted.values()]);
    for (const r of rows) {
      const w = wanted.get(`${r.department_id}|${r.kind}`)!;
      // The first serial of this action's run; the rows take the following ones in order.
      last.set(`${r.department_id}|${r.kind}`, {
        serial: Number(r.last_serial) - w.count + 1,
        pattern: r.number_pattern,
      });
    }
  }
  const who = actorRef(ctx.actor).actorName;
  for (const d of docs) {
    let number = d.number;
    if (!number) {
      const slot = last.get(`${d.departmentId}|${d.kind}`)!;
      const dept = await cachedDepartment(ctx, d.departmentId);
      const pattern = slot.pattern ?? defaultNumberPattern(dept?.name ?? '');
      number = formatDocumentNumber(
        pattern,
        documentKindWords[d.kind as keyof typeof documentKindWords],
        year,
        slot.serial,
      );
      slot.serial++;
    }
    ctx.batch.insert(officialDocument, {
      id: d.id,
      kind: d.kind,
      number,
      departmentId: d.departmentId,
      applicationId: d.applicationId ?? null,
      repairRequestId: d.repairRequestId ?? null,
      facts: d.facts ?? {},
      issuedBy: who,
      issuedAt: ctx.now,
    });
    await appendAudit(ctx, {
      action: 'document.issue',
      targetType: 'official_document',
      targetId: d.id,
      after: {
        kind: d.kind,
        title: documentKindLabels[d.kind],
        number,
        applicationId: d.applicationId ?? null,
        repairRequestId: d.repairRequestId ?? null,
      },
    });
  }
}
