import type { Static } from 'typebox';
import { materialStateLabels } from '../../../contracts/applications';
import type { CaseView } from '../../../contracts/verification';
import { DomainError } from '../../../domain/errors';
import type { ReadCtx } from '../../context';
import { cachedDepartment } from '../accounts/department-cache';
import { caseHeading } from '../applications/present';
import {
  type ApplicationRow,
  applicationsOfFile,
  findApplication,
  findCommitment,
  licensesOf,
  readFileContent,
} from '../applications/repository';
import { cachedVersion, mayRead } from '../applications/shared';
import { decisionOf, filesByIds, findNoticeOfTask, isEvidenceOf, type TaskRow } from './repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The inspector verifies a case it could not otherwise read; the assignment is what grants it. */
const isAssignedInspector = (ctx: ReadCtx, task: TaskRow): boolean =>
  ctx.actor.kind === 'staff' &&
  ctx.actor.roles.includes('inspector') &&
  ctx.actor.departmentId === task.supervisingDepartmentId &&
  task.inspectorIds.includes(ctx.actor.userId);

/**
 * The case behind a task, for its assigned inspectors (and whoever may read the application anyway, such
 * as the approving department). A supervisor who assigns, or any other inspector, gains nothing here:
 * they are told the case does not exist.
 */
async function caseOf(ctx: ReadCtx, task: TaskRow): Promise<ApplicationRow> {
  const app = UUID.test(task.applicationId) ? await findApplication(ctx.db, task.applicationId) : undefined;
  if (!app || !(isAssignedInspector(ctx, task) || mayRead(ctx.actor, app))) {
    throw new DomainError('NOT_FOUND', '办件不存在');
  }
  return app;
}

export async function readCase(ctx: ReadCtx, task: TaskRow): Promise<Static<typeof CaseView>> {
  const app = await caseOf(ctx, task);
  const [commitment, decided, licenses, version, dept] = await Promise.all([
    findCommitment(ctx.db, app.id),
    decisionOf(ctx.db, app.id),
    licensesOf(ctx.db, [app.id]),
    cachedVersion(ctx, app.itemVersionId),
    cachedDepartment(ctx, app.departmentId),
  ]);
  const fileIds = app.materials.flatMap((m) => (m.fileId ? [m.fileId] : []));
  const names = new Map((await filesByIds(ctx.db, fileIds)).map((f) => [f.id, f.name]));
  const lic = licenses.get(app.id);
  return {
    application: {
      ...caseHeading(app, version, dept?.name ?? ''),
      submittedAt: app.submittedAt?.toISOString() ?? null,
      materials: app.materials.map((m) => ({
        name: m.name,
        state: m.state,
        stateLabel: materialStateLabels[m.state],
        fileId: m.fileId,
        fileName: m.fileId ? (names.get(m.fileId) ?? null) : null,
        source: m.source,
      })),
    },
    commitment: commitment
      ? {
          text: commitment.text,
          digest: commitment.digest,
          signatureKind: commitment.signatureKind,
          signerName: commitment.signerName,
          signedAt: commitment.signedAt.toISOString(),
        }
      : null,
    decision: decided
      ? {
          outcome: decided.outcome,
          instant: decided.instant,
          reason: decided.reason,
          decidedBy: decided.decidedBy,
          decidedAt: decided.decidedAt.toISOString(),
        }
      : null,
    license: lic
      ? {
          id: lic.id,
          number: lic.number,
          itemName: lic.itemName,
          holderName: lic.holderName,
          holderCode: lic.holderCodeShown,
          scope: lic.scope,
          validFrom: lic.validFrom,
          validUntil: lic.validUntil,
          issuedAt: lic.issuedAt.toISOString(),
          revokedAt: lic.revokedAt?.toISOString() ?? null,
        }
      : null,
  };
}

/**
 * A file of a task: its evidence and the party's statement files to whoever sees the task; the case's
 * materials only to those who may read the case. Anything else is absent.
 */
export async function taskFile(ctx: ReadCtx, task: TaskRow, fileId: string) {
  let allowed = await isEvidenceOf(ctx.db, task.id, fileId);
  if (!allowed)
    allowed = (await findNoticeOfTask(ctx.db, task.id))?.statementFileIds.includes(fileId) ?? false;
  if (!allowed) {
    const app = await caseOf(ctx, task).catch(() => null);
    allowed = app !== null && (await applicationsOfFile(ctx.db, fileId)).some((a) => a.id === app.id);
  }
  const row = allowed ? await readFileContent(ctx.db, fileId) : undefined;
  if (!row) throw new DomainError('NOT_FOUND', '文件不存在');
  return row;
}
