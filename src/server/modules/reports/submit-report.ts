import { randomBytes, randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import type { ReportBody } from '../../../contracts/reports';
import { DomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { storeFile } from '../applications/files';
import { findApplication } from '../applications/repository';
import { getItemVersion } from '../catalog/repository';
import { maskSubjectCode, openTask } from '../verification/create-tasks';
import { insertReport, reportableApplication } from './repository';

/** 举报核查期限: a targeted on-site verification, as 先入后验 gets (000: ten working days). */
export const REPORT_VERIFICATION_DAYS = 10;

/** Unguessable: the receipt number alone opens the report's progress, so it must not be enumerable. */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
function receiptNumber(today: string): string {
  const bytes = randomBytes(12);
  const code = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  return `JB${today.replaceAll('-', '')}-${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/**
 * 社会监督: anyone reports that a published commitment or a license looks untrue. The report becomes a
 * targeted verification task of the supervising department at once, with its deadline; the reporter's
 * contact is sealed for that department alone; the reporter keeps only the receipt number.
 */
export async function submitReport(ctx: Ctx, input: Static<typeof ReportBody>) {
  const applicationId = await reportableApplication(ctx.tx, input.reference.trim());
  if (!applicationId)
    throw new DomainError('NOT_FOUND', '未找到已公示的承诺书或有效证照，请核对办件编号或证照编号', {
      field: 'reference',
    });
  const app = await findApplication(ctx.tx, applicationId);
  const version = app ? await getItemVersion(ctx.tx, app.itemVersionId) : undefined;
  if (!app || !version)
    throw new DomainError('NOT_FOUND', '未找到已公示的承诺书或有效证照', { field: 'reference' });
  const files = [];
  for (const e of input.evidence) {
    const content = Buffer.from(e.contentBase64, 'base64');
    files.push(await storeFile(ctx, { name: e.name, content }, null));
  }
  const code = ctx.crypto.decrypt(app.subjectCodeEnc);
  const subject = { kind: app.subjectKind as 'enterprise' | 'individual', code };
  const supervisingDepartmentId = version.supervisingDepartmentId ?? version.departmentId;
  const task = await openTask(
    ctx,
    {
      applicationId: app.id,
      licenseId: null,
      itemVersionId: version.id,
      itemName: version.name,
      mode: app.mode ?? 'license_commitment',
      subjectKind: app.subjectKind,
      subjectName: app.subjectName,
      subjectCodeSealed: ctx.crypto.encrypt(code),
      subjectCodeHash: ctx.crypto.lookupHash(code),
      subjectCodeMasked: maskSubjectCode(subject),
      grade: app.credit.grade ?? null,
      policyVersionId: app.credit.policyVersionId,
      supervisingDepartmentId,
      approvingDepartmentId: version.departmentId,
    },
    { method: 'on_site', reason: 'report', deadlineDays: REPORT_VERIFICATION_DAYS },
  );
  const contact = input.contact && Object.values(input.contact).some((v) => v?.trim()) ? input.contact : null;
  const receipt = receiptNumber(chinaDate(ctx.now));
  const id = randomUUID();
  insertReport(ctx, {
    id,
    receiptNumber: receipt,
    applicationId: app.id,
    taskId: task.id,
    supervisingDepartmentId,
    content: input.content,
    contactSealed: contact ? ctx.crypto.encrypt(JSON.stringify(contact)) : null,
    evidenceFileIds: files.map((f) => f.id),
    dueDate: task.dueDate,
    closedReason: null,
    closedBy: null,
    closedAt: null,
    createdAt: ctx.now,
  });
  // The audit trail records that a report came and what it became, never who made it.
  await appendAudit(ctx, {
    action: 'report.submit',
    targetType: 'public_report',
    targetId: id,
    after: {
      applicationId: app.id,
      taskId: task.id,
      evidenceFiles: files.map((f) => f.digest),
      withContact: contact !== null,
    },
  });
  return { receiptNumber: receipt, dueDate: task.dueDate };
}
