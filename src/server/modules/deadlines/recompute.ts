import { finalStatuses } from '../../../domain/application-lifecycle';
import { type CalendarData, reckonWorkingDays } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { notify } from '../inbox/notify';
import { staffWithRole } from '../verification/repository';
import {
  applicationForDeadline,
  type DeadlineRow,
  provisionalDeadlines,
  refreshApplicationProvisional,
  setFinalDueDate,
  setLegalDeadline,
  setRectificationDueDate,
  setSupplyDueDate,
  setTaskDueDate,
  taskForDeadline,
  updateDeadline,
} from './repository';
import { jobTime } from './track';

type Notice = { userIds: string[]; what: string; refType: string; refId: string };

const kindNames: Record<string, string> = {
  legal_deadline: '法定办结期限',
  missing_supply: '容缺材料补正期限',
  final_supply: '催告后的最后补正期限',
  verification: '核查期限',
  rectification: '整改期限',
};

/** Moves the owner's date; returns whom to tell, or nobody when the matter is already closed. */
async function moveOwnerDate(ctx: Ctx, d: DeadlineRow, to: string): Promise<Notice | null> {
  const what = kindNames[d.kind] ?? '期限';
  if (d.ownerType === 'application') {
    const app = await applicationForDeadline(ctx.tx, d.ownerId);
    if (!app) return null;
    if (d.kind === 'legal_deadline') await setLegalDeadline(ctx.tx, app.id, to);
    else if (d.kind === 'missing_supply') await setSupplyDueDate(ctx.tx, app, d.dueDate, to);
    else if (d.kind === 'final_supply') await setFinalDueDate(ctx.tx, app.id, d.dueDate, to);
    // A decided case keeps its corrected figures; nobody needs a notice about a date that no longer binds.
    if (finalStatuses.includes(app.status) || !app.applicantUserId) return null;
    return {
      userIds: [app.applicantUserId],
      what: `办件${app.number}的${what}`,
      refType: 'application',
      refId: app.id,
    };
  }
  const task = await taskForDeadline(ctx.tx, d.ownerId);
  if (!task) return null;
  if (d.kind === 'verification') await setTaskDueDate(ctx.tx, task.id, to);
  else await setRectificationDueDate(ctx.tx, task.id, to);
  if (['closed', 'revoked'].includes(task.status)) return null;
  const admins = await staffWithRole(ctx.tx, task.supervisingDepartmentId, 'supervision_admin');
  return {
    userIds: [...new Set([...admins.map((a) => a.id), ...task.inspectorIds])],
    what: `${task.subjectName}的${what}`,
    refType: 'verification_task',
    refId: task.id,
  };
}

export type RecomputeResult = { recomputed: number; changed: number; stillProvisional: number; told: number };

/**
 * Called in the transaction that loads a year: every provisional deadline is reckoned again on the
 * calendar as it now stands; a date that moved is written to its owner, its waiting jobs are moved with
 * it (a job already run is not run again), and the people concerned are told. Deadlines that still
 * reach an unloaded year stay provisional.
 */
export async function recomputeProvisionalDeadlines(ctx: Ctx, cal: CalendarData): Promise<RecomputeResult> {
  const result: RecomputeResult = { recomputed: 0, changed: 0, stillProvisional: 0, told: 0 };
  const applications = new Set<string>();
  for (const d of await provisionalDeadlines(ctx.tx)) {
    const r = reckonWorkingDays(cal, d.startDate, d.workingDays);
    result.recomputed++;
    if (r.provisional) result.stillProvisional++;
    const moved = r.date !== d.dueDate;
    const notice = moved ? await moveOwnerDate(ctx, d, r.date) : null;
    if (moved) result.changed++;
    for (const job of d.jobs) {
      const time = jobTime(cal, d, job);
      const data = time.provisional ? { ...job.data, provisional: true } : job.data;
      await ctx.jobs.reschedule(ctx.tx, job.name, job.jobId, time.at, data);
    }
    await updateDeadline(ctx.tx, d.id, {
      dueDate: r.date,
      provisional: r.provisional,
      unloadedYears: r.unloadedYears,
      recomputedAt: ctx.now,
    });
    if (d.ownerType === 'application') applications.add(d.ownerId);
    await appendAudit(ctx, {
      action: 'deadline.recompute',
      targetType: d.ownerType,
      targetId: d.ownerId,
      before: { kind: d.kind, label: d.label, dueDate: d.dueDate, provisional: true },
      after: { kind: d.kind, label: d.label, dueDate: r.date, provisional: r.provisional },
    });
    for (const userId of notice?.userIds ?? []) {
      result.told++;
      await notify(ctx, {
        userId,
        kind: 'deadline.recomputed',
        title: '期限已按正式节假日安排调整',
        body: `${notice!.what}原暂按法定节假日计算为${d.dueDate}；节假日安排公布后重新计算为${r.date}${
          r.provisional ? '（仍有年份暂按法定节假日计算）' : ''
        }，请以新期限为准。`,
        refType: notice!.refType,
        refId: notice!.refId,
        sms: true,
      });
    }
  }
  for (const id of applications) await refreshApplicationProvisional(ctx.tx, id);
  return result;
}
