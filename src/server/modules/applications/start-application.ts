import { randomUUID } from 'node:crypto';
import {
  licenseStatusLabels,
  type StartApplication,
  type SupersedeKind,
  supersedeKindLabels,
} from '../../../contracts/applications';
import { creditOutcomeLabels } from '../../../contracts/credit';
import { identityUnprovenMessage } from '../../../domain/access';
import { maskResidentId, requireResidentId, requireUscc } from '../../../domain/codes';
import { DomainError, isDomainError } from '../../../domain/errors';
import { licenseStatus } from '../../../domain/licenses';
import { chinaDate } from '../../../domain/working-days';
import type { Ctx, ReadCtx } from '../../context';
import { findUserById, provenApplicant } from '../accounts/repository';
import { findPublishedByCode, type VersionRow } from '../catalog/repository';
import { actorRef } from '../catalog/shared';
import { askPlatformsFirst, performCreditCheck } from '../credit/perform-credit-check';
import type { SubjectRef } from '../credit/port';
import type { PlatformAnswers } from '../credit/sources';
import { registeredEntity } from '../identity/registry';
import { mandateFor } from '../mandates/mandate-for';
import { secondLicenseRefused } from './issue-decision';
import {
  type ApplicationRow,
  appendEvent,
  attachFiles,
  findFiles,
  findLicenseByNumber,
  insertApplication,
  standingLicenses,
} from './repository';
import { auditApplication, newNumber } from './shared';

function checkSubject(ctx: ReadCtx, s: SubjectRef): SubjectRef {
  const code =
    s.kind === 'individual'
      ? requireResidentId(s.code, 'subject.code', chinaDate(ctx.now))
      : requireUscc(s.code, 'subject.code');
  return { kind: s.kind, code, name: s.name.trim() };
}

/**
 * An enterprise's or 个体工商户's name and legal representative are the registry's: a typed one that
 * contradicts it is refused, an absent one filled in. A person's name is the proven account's or the
 * mandate's, checked by the platform or a clerk.
 */
async function registered(
  ctx: ReadCtx,
  s: SubjectRef,
  typedRepresentative: string | null | undefined,
): Promise<{ subject: SubjectRef; legalRepresentative: string | null }> {
  if (s.kind === 'individual') return { subject: s, legalRepresentative: null };
  const e = await registeredEntity(ctx.registry, {
    uscc: s.code,
    name: s.name,
    legalRepresentative: typedRepresentative,
  });
  return { subject: { ...s, name: e.name }, legalRepresentative: e.legalRepresentative };
}

type Resolved = {
  subject: SubjectRef;
  legalRepresentative: string | null;
  channel: 'online' | 'counter';
  agentName: string | null;
  authorization: string | null;
  mandateId: string | null;
};

/** Who the application is for: the applicant itself, the principal of an agent, or the person at the counter. */
async function resolveSubject(ctx: ReadCtx, v: VersionRow, input: StartApplication): Promise<Resolved> {
  const actor = ctx.actor;
  if (actor.kind === 'staff') {
    if (!actor.roles.includes('window_clerk'))
      throw new DomainError('FORBIDDEN', '只有综合受理窗口可以代为录入申请');
    if (!input.subject) throw new DomainError('VALIDATION', '窗口办件须填写申请人（名称、类别和代码）');
    return {
      ...(await registered(ctx, checkSubject(ctx, input.subject), input.legalRepresentative)),
      channel: 'counter',
      agentName: null,
      authorization: null,
      mandateId: null,
    };
  }
  if (actor.kind !== 'applicant') throw new DomainError('FORBIDDEN', '只有申请人或综合受理窗口可以申请');
  if (!actor.proven)
    throw new DomainError('FORBIDDEN', identityUnprovenMessage, { reason: 'identity_unproven' });
  const user = ctx.account?.id === actor.userId ? ctx.account : await findUserById(ctx.db, actor.userId);
  if (!user) throw new DomainError('UNAUTHENTICATED', '账号不存在');
  // A person acts for someone else (委托代理) by naming that subject; an agent account always does.
  if (actor.applicantType === 'agent' || (actor.applicantType === 'individual' && input.subject)) {
    if (!v.proxyAllowed)
      throw new DomainError('PRECONDITION_FAILED', '本事项不适用代为承诺，须由申请人本人申请');
    if (!input.subject) throw new DomainError('VALIDATION', '代理人须填写被代理的申请人（名称、类别和代码）');
    const typed = checkSubject(ctx, input.subject);
    const mandate = await mandateFor(ctx, user, typed, input.itemCode);
    const { subject, legalRepresentative } = await registered(
      ctx,
      typed.kind === 'individual' ? { ...typed, name: mandate.principalName } : typed,
      input.legalRepresentative,
    );
    let authorization: string | null = null;
    if (input.authorizationFileId) {
      const [file] = await findFiles(ctx.db, [input.authorizationFileId]);
      if (!file || file.ownerUserId !== actor.userId) {
        throw new DomainError('PRECONDITION_FAILED', '授权委托书文件不存在或不是本人上传的');
      }
      authorization = file.id;
    }
    return {
      subject,
      legalRepresentative,
      channel: 'online',
      agentName: user.displayName,
      authorization,
      mandateId: mandate.id,
    };
  }
  if (input.subject) throw new DomainError('VALIDATION', '申请人本人申请时不填写被代理人');
  const self = { channel: 'online' as const, agentName: null, authorization: null, mandateId: null };
  if (actor.applicantType === 'enterprise') {
    return {
      ...(await registered(
        ctx,
        { kind: 'enterprise', code: user.uscc!, name: '' },
        input.legalRepresentative,
      )),
      ...self,
    };
  }
  if (!user.residentIdEnc)
    throw new DomainError('PRECONDITION_FAILED', '账号缺少公民身份号码，请先完善实名信息');
  return {
    subject: { kind: 'individual', code: ctx.crypto.decrypt(user.residentIdEnc), name: user.displayName },
    legalRepresentative: null,
    ...self,
  };
}

/**
 * 15.7: one live license per subject and item unless the item allows several. A renewal or change names
 * the applicant's own live license of this item, which the approval will replace; a second license
 * otherwise is refused here, before the credit check, naming the license already held.
 */
async function checkLicenses(
  ctx: Ctx,
  v: VersionRow,
  lookup: string,
  input: StartApplication,
): Promise<{ id: string; kind: SupersedeKind } | null> {
  const today = chinaDate(ctx.now);
  const exclusive = v.issuance === 'license' && !v.multipleLicensesAllowed;
  if (!input.supersedes && !exclusive) return null;
  const standing = v.issuance === 'license' ? await standingLicenses(ctx.tx, v.itemId, lookup) : [];
  let replaced: { id: string; kind: SupersedeKind } | null = null;
  if (input.supersedes) {
    const { kind } = input.supersedes;
    const number = input.supersedes.licenseNumber.trim();
    const label = supersedeKindLabels[kind];
    if (v.issuance !== 'license') {
      throw new DomainError('PRECONDITION_FAILED', `“${v.name}”不颁发证照，无需申请${label}`);
    }
    // A standing license of this item is the usual case; anything else is looked up to say what is wrong.
    const old = standing.find((l) => l.number === number) ?? (await findLicenseByNumber(ctx.tx, number));
    // Another subject's license is as unknown as a number that does not exist.
    if (!old || old.holderLookup !== lookup) {
      throw new DomainError('NOT_FOUND', `申请人名下没有编号为${number}的证照`, { licenseNumber: number });
    }
    if (old.itemId !== v.itemId) {
      throw new DomainError(
        'PRECONDITION_FAILED',
        `证照${old.number}（${old.name ?? old.itemName}）不是“${v.name}”的证照，不能在本事项申请${label}`,
      );
    }
    const status = licenseStatus(old, today);
    if (status !== 'valid') {
      throw new DomainError(
        'PRECONDITION_FAILED',
        `证照${old.number}${licenseStatusLabels[status]}，不能申请${label}${status === 'expired' ? '，请重新申请' : ''}`,
        { licenseNumber: old.number, status },
      );
    }
    replaced = { id: old.id, kind };
  }
  if (exclusive) {
    const held = standing.find((l) => l.id !== replaced?.id && licenseStatus(l, today) === 'valid');
    if (held) throw secondLicenseRefused(v.name, held);
  }
  return replaced;
}

/**
 * Before the transaction: who the check will be for, and what the external platforms say of them, so no
 * connection is held while another system answers. Nothing is asked without platforms; an input the
 * action will refuse is left for it to refuse.
 */
export async function askPlatformsForStart(
  ctx: ReadCtx,
  input: StartApplication,
): Promise<PlatformAnswers | undefined> {
  if (ctx.creditSources.length === 0) return undefined;
  const v = await findPublishedByCode(ctx.db, input.itemCode);
  if (!v) return undefined;
  try {
    const { subject } = await resolveSubject(ctx, v, input);
    return await askPlatformsFirst(ctx, subject);
  } catch (e) {
    if (isDomainError(e)) return undefined;
    throw e;
  }
}

/**
 * 开始申请: opens a published item for one subject and runs the credit check (应查必查), whose result
 * (with reasons) decides which modes are offered; the standard procedure is always among them.
 */
export async function startApplication(
  ctx: Ctx,
  input: StartApplication,
  platformAnswers?: PlatformAnswers,
): Promise<{ app: ApplicationRow; version: VersionRow }> {
  const v = await findPublishedByCode(ctx.tx, input.itemCode);
  if (!v) throw new DomainError('NOT_FOUND', '事项不存在或未发布', { itemCode: input.itemCode });
  if (v.effectiveDate && v.effectiveDate > chinaDate(ctx.now)) {
    throw new DomainError('PRECONDITION_FAILED', `本事项自${v.effectiveDate}起施行，届时方可申请`);
  }
  const { subject, legalRepresentative, channel, agentName, authorization, mandateId } = await resolveSubject(
    ctx,
    v,
    input,
  );
  const lookup = ctx.crypto.lookupHash(subject.code);
  const replaces = await checkLicenses(ctx, v, lookup, input);
  const id = randomUUID();
  const credit = await performCreditCheck(ctx, {
    subject,
    itemVersionId: v.id,
    itemVersion: v,
    applicationId: id,
    majorProject: input.majorProject ?? false,
    platformAnswers,
  });
  // A counter case is linked to the subject's own account, so it appears among its applications.
  const owner =
    ctx.actor.kind === 'applicant'
      ? ctx.actor.userId
      : subject.kind === 'individual'
        ? (await provenApplicant(ctx.tx, { residentIdHash: lookup, applicantType: 'individual' }))?.id
        : (await provenApplicant(ctx.tx, { uscc: subject.code }))?.id;
  const { pending: app } = insertApplication(ctx, {
    id,
    number: newNumber('SQ', ctx.now),
    itemId: v.itemId,
    itemVersionId: v.id,
    departmentId: v.departmentId,
    applicantUserId: owner ?? null,
    subjectKind: subject.kind,
    subjectName: subject.name,
    subjectCodeEnc: ctx.crypto.encrypt(subject.code),
    subjectCodeShown: subject.kind === 'individual' ? maskResidentId(subject.code) : subject.code,
    subjectLookup: lookup,
    legalRepresentative,
    channel,
    clerkUserId: channel === 'counter' && ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
    agentName,
    mandateId,
    authorizationFileId: authorization,
    credit: {
      checkId: credit.checkId,
      outcome: credit.outcome,
      allowedModes: credit.allowedModes.filter((m) => v.modes.includes(m) || m === 'standard'),
      reasons: credit.reasons.map((r) => ({ rule: r.rule, message: r.message })),
      incentives: credit.incentives,
      restrictions: credit.restrictions,
      policyVersionId: credit.policyVersionId,
      grade: credit.grade?.value ?? null,
    },
    greenChannel: credit.incentives.includes('green_channel'),
    keyReview: credit.restrictions.includes('key_review'),
    mode: null,
    status: 'draft',
    version: 1,
    materials: [],
    form: null,
    legalTimeLimitDays: v.legalTimeLimitDays,
    supersedesLicenseId: replaces?.id ?? null,
    supersedeKind: replaces?.kind ?? null,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  if (authorization) {
    attachFiles(ctx, [{ applicationId: id, fileId: authorization, purpose: 'authorization' }]);
  }
  const who = actorRef(ctx.actor);
  appendEvent(ctx, {
    applicationId: id,
    seq: 1,
    event: 'create',
    fromStatus: null,
    toStatus: 'draft',
    actorId: who.actorId,
    actorName: who.actorName,
    comment: `信用核查结果：${creditOutcomeLabels[credit.outcome]}`,
    at: ctx.now,
  });
  await auditApplication(ctx, 'application.start', null, app, {
    creditCheckId: credit.checkId,
    outcome: credit.outcome,
    ...(replaces ? { supersedes: replaces } : {}),
  });
  return { app, version: v };
}
