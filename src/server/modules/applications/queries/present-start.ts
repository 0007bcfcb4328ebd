import type { ReadCtx } from '../../../context';
import { cachedDepartment } from '../../accounts/department-cache';
import { noticeModel, renderHtml } from '../../catalog/documents';
import type { VersionRow } from '../../catalog/repository';
import { presentApplications } from '../present';
import type { ApplicationRow } from '../repository';

/** What the applicant sees on opening a case: the case and the 告知书 with its name filled in. */
export async function presentStart(
  ctx: Pick<ReadCtx, 'db' | 'caches'>,
  started: { app: ApplicationRow; version: VersionRow },
) {
  const { app: row, version } = started;
  const dept = await cachedDepartment(ctx, version.departmentId);
  const model = noticeModel(version, dept?.name ?? '', {
    applicantName: row.subjectName,
    applicantCode: row.subjectCodeShown,
    ...(row.agentName ? { agentName: row.agentName } : {}),
  });
  // A case just opened has neither a license nor missing materials.
  const [application] = await presentApplications(ctx, [row], { licenses: new Map(), noMissing: true });
  return { application: application!, notice: { title: model.title, html: renderHtml(model) } };
}
