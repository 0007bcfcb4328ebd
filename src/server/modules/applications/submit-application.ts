import type { ApplicationEvent, SubmitApplication } from '../../../contracts/applications';
import { approvalModeLabels, commitmentModes } from '../../../contracts/catalog';
import { planMaterials } from '../../../domain/application-materials';
import { SIGNATURE_ALGORITHM } from '../../../domain/commitment-signing';
import { DomainError } from '../../../domain/errors';
import { chinaDate, reckonWorkingDays } from '../../../domain/working-days';
import type { Ctx, ReadCtx } from '../../context';
import type { Pending } from '../../db/write-batch';
import { jobNames } from '../../jobs/definitions';
import { sm3 } from '../../security/crypto';
import { calendarOf } from '../calendar/calendar-cache';
import type { SubjectRef } from '../credit/port';
import { type DeadlinePlan, type TrackedDeadline, trackDeadline } from '../deadlines/track';
import { issueDocument } from '../documents/issue-document';
import { escalateIfNobodyReviews } from '../escalation/review';
import { notify } from '../inbox/notify';
import { findMandate } from '../mandates/repository';
import { mandateCovers, mandateLine } from '../mandates/shared';
import { issueDecision, timeTaken } from './issue-decision';
import {
  type ApplicationRow,
  attachFiles,
  type CommitmentRow,
  findApplicationWithFiles,
  insertCommitment,
  insertMissing,
  type LicenseRow,
} from './repository';
import { assertApplicantSide, auditApplication, commitmentText, requireVersion, transition } from './shared';

const needsCommitment = (mode: string) =>
  (commitmentModes as readonly string[]).includes(mode) || mode === 'missing_materials';

/**
 * Everything a submission is checked against, up to the exact commitment text (null where the mode needs
 * none), and the applicant's bound public key: shared by the draft the applicant signs, a plain read, and
 * the submission that verifies it. Writes nothing.
 */
async function prepareSubmission(ctx: ReadCtx, id: string, input: SubmitApplication) {
  const fileIds = [
    ...input.materials.map((m) => m.fileId),
    ...(input.handwritten?.scanFileId ? [input.handwritten.scanFileId] : []),
  ];
  const found = await findApplicationWithFiles(ctx.db, id, fileIds);
  if (!found) throw new DomainError('NOT_FOUND', '办件不存在', { id });
  const { app: before, files, publicKey } = found;
  assertApplicantSide(ctx.actor, before);
  if (input.version !== undefined && input.version !== before.version) {
    throw new DomainError('CONFLICT', '办件已被他人更新，请刷新后重试');
  }
  if (before.status !== 'draft') {
    throw new DomainError('INVALID_TRANSITION', '办件已提交，不能再次提交', { status: before.status });
  }
  const v = await requireVersion(ctx, before.itemVersionId);
  const mode = input.mode;
  if (!v.modes.includes(mode)) {
    throw new DomainError('PRECONDITION_FAILED', `本事项不适用“${approvalModeLabels[mode]}”`);
  }
  if (!before.credit.allowedModes.includes(mode)) {
    throw new DomainError(
      'PRECONDITION_FAILED',
      `信用核查结果不允许使用“${approvalModeLabels[mode]}”，可选择一般程序办理`,
      { reasons: before.credit.reasons, allowedModes: before.credit.allowedModes },
    );
  }
  const committing = needsCommitment(mode);
  if (committing && !input.commit) {
    throw new DomainError(
      'PRECONDITION_FAILED',
      `“${approvalModeLabels[mode]}”须签署承诺书；不愿承诺的，可以提交证明材料按一般程序办理`,
    );
  }
  const counter = before.channel === 'counter';
  if (committing && counter && !input.handwritten) {
    throw new DomainError('PRECONDITION_FAILED', '窗口办件须记录申请人的手写签名（签名人）');
  }

  // Files: each must exist and have been uploaded by whoever submits.
  const uploader = ctx.actor.kind === 'applicant' || ctx.actor.kind === 'staff' ? ctx.actor.userId : null;
  for (const fid of fileIds) {
    const f = files.find((x) => x.id === fid);
    if (!f || (uploader && f.ownerUserId !== uploader)) {
      throw new DomainError('PRECONDITION_FAILED', '所附文件不存在或不是本人上传的', { fileId: fid });
    }
  }
  const provided = new Map(input.materials.map((m) => [m.name, m.fileId]));
  const plan = planMaterials(v.materials, {
    mode,
    provided,
    missing: input.missing ?? [],
    form: mode === 'one_form' ? (input.form ?? {}) : {},
  });

  const today = chinaDate(ctx.now);
  // Reckoned provisionally where they reach a year whose arrangement is not loaded yet (December):
  // the applicant is never refused for want of next year's calendar. The submission tracks them.
  const supplyDue = new Map<number, { plan: DeadlinePlan; date: string }>();
  for (const p of plan) {
    const days = p.supplyDeadlineDays;
    if (p.state !== 'missing' || days == null || supplyDue.has(days)) continue;
    const due: DeadlinePlan = {
      ownerType: 'application',
      ownerId: id,
      kind: 'missing_supply',
      label: String(days),
      startDate: today,
      workingDays: days,
    };
    supplyDue.set(days, { plan: due, date: reckonWorkingDays(await calendarOf(ctx), today, days).date });
  }
  const code = ctx.crypto.decrypt(before.subjectCodeEnc);
  // An agent commits only under a mandate still in force: the principal may have revoked it since.
  const mandate = before.mandateId ? await findMandate(ctx.db, before.mandateId) : undefined;
  if (mandate && !mandateCovers(mandate, v.code, today)) {
    throw new DomainError('FORBIDDEN', `委托${mandate.number}已撤销或过期，不能再代为承诺`, {
      reason: 'no_mandate',
    });
  }
  const subject: SubjectRef = {
    kind: before.subjectKind as SubjectRef['kind'],
    code,
    name: before.subjectName,
  };
  const materials = [];
  for (const p of plan) {
    let source: string | null = null;
    let dueDate: string | null = null;
    if (p.state === 'shared') {
      const r = await ctx.sharedData.fetch(subject, p.name);
      source = r.found ? `${r.source}${r.reference ? `（${r.reference}）` : ''}` : r.source;
    }
    if (p.state === 'missing') dueDate = supplyDue.get(p.supplyDeadlineDays!)!.date;
    materials.push({ name: p.name, state: p.state, fileId: p.fileId, dueDate, source });
  }

  const agent = mandate ? `${before.agentName}，${mandateLine(mandate)}` : before.agentName;
  const text = !committing
    ? null
    : commitmentText(v, subject, before.subjectCodeShown, agent, ctx.now, {
        replaced: materials
          .filter((m) => m.state === 'committed')
          .map((m) => ({
            name: m.name,
            certificate: v.materials.find((x) => x.name === m.name)?.replacesCertificate ?? null,
          })),
        missing: materials
          .filter((m) => m.state === 'missing')
          .map((m) => ({ name: m.name, dueDate: m.dueDate! })),
      });
  return { before, v, mode, counter, materials, supplyDue, today, code, text, publicKey };
}

/** 承诺书草稿: the exact text the applicant's key must sign for this submission, today. */
export async function draftCommitment(ctx: ReadCtx, id: string, input: SubmitApplication) {
  const p = await prepareSubmission(ctx, id, { ...input, commit: true });
  if (!p.text) throw new DomainError('PRECONDITION_FAILED', '所选办理模式无需签署承诺书');
  if (p.counter) throw new DomainError('PRECONDITION_FAILED', '窗口办件由申请人手写签名');
  return {
    text: p.text,
    digest: sm3(Buffer.from(p.text, 'utf8')),
    algorithm: SIGNATURE_ALGORITHM,
    publicKey: p.publicKey,
  };
}

/**
 * 提交申请: the chosen mode must be one the credit check allows; materials are checked mode by mode; the
 * commitment letter is rendered from the item's template version and hashed (SM3); online, the applicant's
 * SM2 signature over that exact text, made with the key bound to its account, is verified in a worker
 * thread while this thread prepares the decision in the transaction, and awaited before the action ends:
 * nothing commits, and no 承诺编码 or document number is taken (they are taken as the transaction commits),
 * unless it holds. At the counter the handwritten signature is recorded. A commitment
 * mode is then decided at once, license included, unless the applicant is a key-review subject; 容缺 is
 * accepted with its due dates; the standard procedure waits for the window.
 */
export async function submitApplication(
  ctx: Ctx,
  id: string,
  input: SubmitApplication,
): Promise<{ app: ApplicationRow; license: LicenseRow | null }> {
  const { before, v, mode, counter, materials, today, code, text, publicKey, ...p } = await prepareSubmission(
    ctx,
    id,
    input,
  );
  let electronic: { signature: string; publicKey: string } | null = null;
  // About 4 ms of CPU on another thread: the decision's statements run meanwhile (docs/bench.md, 2026-12-06).
  let verifying: Promise<boolean> | undefined;
  if (text && !counter) {
    if (!publicKey) {
      throw new DomainError(
        'PRECONDITION_FAILED',
        '请先设置签名密钥（在本机生成，平台不保存私钥），再签署承诺书',
      );
    }
    if (!input.signature) {
      throw new DomainError('PRECONDITION_FAILED', '承诺书须由申请人使用本人签名密钥签署');
    }
    verifying = ctx.signatures.verify(text, input.signature, publicKey);
    // Awaited below; a worker's failure must not go unhandled if the decision fails first.
    verifying.catch(() => {});
    electronic = { signature: input.signature, publicKey };
  }
  const supplyDue = new Map<number, TrackedDeadline>();
  for (const [days, due] of p.supplyDue) supplyDue.set(days, await trackDeadline(ctx, due.plan));

  const event: ApplicationEvent =
    mode === 'standard'
      ? 'submit'
      : mode === 'missing_materials'
        ? 'submit_missing'
        : before.keyReview
          ? 'submit'
          : 'submit_instant';
  const instant = event === 'submit_instant';
  const legal = await trackDeadline(ctx, {
    ownerType: 'application',
    ownerId: id,
    kind: 'legal_deadline',
    startDate: today,
    workingDays: v.legalTimeLimitDays,
  });
  const set = {
    mode,
    materials,
    form: mode === 'one_form' ? (input.form ?? {}) : null,
    submittedAt: ctx.now,
    legalDeadline: legal.date,
    deadlinesProvisional: legal.provisional || [...supplyDue.values()].some((d) => d.provisional),
    ...(instant ? await timeTaken(ctx, before) : {}),
  };
  const after = await transition(ctx, before, event, {
    set,
    expectedVersion: input.version,
    comment:
      before.keyReview && event === 'submit' && mode !== 'standard' ? '信用重点审查对象，转入审查' : null,
  });

  const attach = [
    ...input.materials.map((m) => ({ applicationId: id, fileId: m.fileId, purpose: `material:${m.name}` })),
    ...(input.handwritten?.scanFileId
      ? [{ applicationId: id, fileId: input.handwritten.scanFileId, purpose: 'signature_scan' }]
      : []),
  ];
  attachFiles(ctx, attach);

  let signed: Pending<CommitmentRow> | undefined;
  if (text) {
    const published = input.publishCommitment ?? false;
    if (counter) {
      signed = insertCommitment(ctx, {
        applicationId: id,
        text,
        digest: sm3(Buffer.from(text, 'utf8')),
        signatureKind: 'handwritten',
        signerName: input.handwritten!.signerName,
        recordedBy: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
        scanFileId: input.handwritten!.scanFileId ?? null,
        published,
        signedAt: ctx.now,
      });
    } else {
      signed = insertCommitment(ctx, {
        applicationId: id,
        text,
        digest: sm3(Buffer.from(text, 'utf8')),
        signatureKind: 'electronic',
        signature: electronic!.signature,
        publicKey: electronic!.publicKey,
        algorithm: SIGNATURE_ALGORITHM,
        signerName: before.agentName ?? before.subjectName,
        published,
        signedAt: ctx.now,
      });
    }
  }

  if (signed) issueDocument(ctx, { kind: 'commitment', departmentId: after.departmentId, applicationId: id });
  let license: LicenseRow | null = null;
  if (instant) {
    license = await issueDecision(ctx, after, v, {
      outcome: 'approved',
      instant: true,
      reason: null,
      code,
      ...(signed ? { commitment: signed } : {}),
    });
  } else if (event === 'submit_missing') {
    const missing = materials.filter((m) => m.state === 'missing');
    issueDocument(ctx, {
      kind: 'missing_acceptance',
      departmentId: after.departmentId,
      applicationId: id,
      facts: { materials: missing.map((m) => ({ name: m.name, dueDate: m.dueDate })) },
    });
    await insertMissing(
      ctx.tx,
      missing.map((m) => ({ applicationId: id, name: m.name, dueDate: m.dueDate! })),
    );
    // One reminder the working day before each due date, one check the day after it (002: 催告).
    for (const [days, due] of supplyDue) {
      if (days > 1) {
        await due.schedule(jobNames.missingReminder, { applicationId: id }, { before: 1, at: 'morning' });
      }
      await due.schedule(jobNames.missingOverdue, { applicationId: id }, { before: 0, at: 'day_end' });
    }
    if (after.applicantUserId) {
      await notify(ctx, {
        userId: after.applicantUserId,
        kind: 'application.missing_materials',
        title: `“${v.name}”已容缺受理`,
        body: `办件${after.number}已容缺受理，请按期补正：${missing.map((m) => `${m.name}（${m.dueDate}前）`).join('；')}。补齐后即时办结。`,
        refType: 'application',
        refId: id,
      });
    }
  } else {
    await escalateIfNobodyReviews(ctx, after, v);
    // Standard procedure: warn the department two working days before the legal time limit runs out.
    await legal.schedule(jobNames.timeLimitWarning, { applicationId: id }, { before: 2, at: 'morning' });
  }
  legal.save();
  for (const due of supplyDue.values()) due.save();
  await auditApplication(ctx, `application.${event}`, before, after, {
    materials: materials.map((m) => ({ name: m.name, state: m.state })),
    licenseNumber: license?.number ?? null,
  });
  if (verifying && !(await verifying)) {
    throw new DomainError(
      'PRECONDITION_FAILED',
      '承诺书签名验证未通过：签名与承诺书文本或本人签名密钥不符，请重新获取承诺书并签署',
    );
  }
  return { app: after, license };
}
