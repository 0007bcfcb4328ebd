import type { ApprovalMode } from '../../contracts/catalog';
import { isDomainError } from '../../domain/errors';
import {
  type CommitmentDataItems,
  type CommitmentType,
  committerCategoryOf,
  toCommitmentDataItems,
} from '../../domain/national-items';
import { chinaDate } from '../../domain/working-days';
import type { Ctx } from '../context';
import type { Pending } from '../db/write-batch';
import { writeOutbox } from '../outbox/outbox';
import { allocateCommitmentCode } from './commitment-code';
import { lastCommitmentPush, setCommitmentCode } from './repository';

export { applicationOfCommitmentCode } from './repository';

/** 承诺类型 by the mode the commitment was made in. */
export function commitmentTypeOf(mode: ApprovalMode | null): CommitmentType {
  if (mode === 'certificate_commitment') return '证明事项型';
  if (mode === 'missing_materials') return '容缺受理型';
  return '审批替代型';
}

export type CommitmentFacts = {
  applicationId: string;
  /** The deciding and supervising departments: the commitment goes to subscriptions covering them. */
  departmentIds: (string | null)[];
  mode: ApprovalMode | null;
  itemName: string;
  committer: { kind: string; name: string; code: string };
  text: string;
  liability: string;
  signedAt: Date;
  published: boolean;
  acceptingUnit: { name: string; uscc: string | null; regionCode: string };
  /** The commitment row when it was signed in this same action and still waits in its batch. */
  letter?: Pending<{ code: string | null }>;
};

/**
 * Pushes a commitment in the national 信用承诺 data items, under a fresh 承诺编码 of the accepting
 * unit's region. At the decision nothing is known to be broken, so it goes out as 全部履行; a breach
 * found later is pushed again under the same code by `pushCommitmentBroken`.
 */
export function pushCommitment(ctx: Ctx, f: CommitmentFacts): void {
  // Allocated last, once nothing can still refuse the decision, so few serials are left unused (ADR 0007).
  ctx.atCommit(async () => {
    const code = await allocateCommitmentCode(ctx, f.acceptingUnit.regionCode);
    // A letter signed in this action is written with its code; one signed before is updated.
    if (!(f.letter && ctx.batch.amend(f.letter, { code }))) {
      await setCommitmentCode(ctx.tx, f.applicationId, code);
    }
    const type = commitmentTypeOf(f.mode);
    const reason = `申请办理“${f.itemName}”`;
    const disclosure = f.published ? '社会公开' : '政务共享';
    let items: CommitmentDataItems | Record<string, unknown>;
    try {
      items = toCommitmentDataItems(
        {
          code,
          committer: {
            name: f.committer.name,
            category: committerCategoryOf(f.committer.kind),
            code: f.committer.code,
          },
          type,
          reason,
          content: f.text,
          liability: f.liability,
          madeOn: chinaDate(f.signedAt),
          fulfilment: { status: '全部履行' },
          acceptingUnit: { name: f.acceptingUnit.name, uscc: f.acceptingUnit.uscc ?? '' },
          disclosure,
        },
        { audience: 'government', today: chinaDate(ctx.now) },
      );
    } catch (e) {
      // A gap in our own records (a department registered without its 统一社会信用代码) must not undo
      // the applicant's decision: the commitment still goes out, with the gaps named, never invented.
      if (!isDomainError(e) || e.code !== 'VALIDATION') throw e;
      items = {
        承诺编码: code,
        承诺人名称: f.committer.name,
        承诺人类别: committerCategoryOf(f.committer.kind),
        承诺人代码: f.committer.code,
        承诺类型: type,
        承诺事由: reason,
        承诺内容: f.text,
        违诺责任: f.liability,
        承诺作出日期: chinaDate(f.signedAt),
        承诺履行状态: '全部履行',
        承诺受理单位: f.acceptingUnit.name,
        公开类型: disclosure,
        数据项问题: (e.details?.problems as string[] | undefined) ?? [e.message],
      };
    }
    writeOutbox(ctx, {
      topic: 'commitment',
      aggregateType: 'application',
      aggregateId: f.applicationId,
      idempotencyKey: `commitment:${f.applicationId}:made`,
      departmentIds: f.departmentIds,
      payload: items,
    });
  });
}

/** The same commitment, now 全部未履行 with what was not kept and how it is answered for. */
export async function pushCommitmentBroken(
  ctx: Ctx,
  applicationId: string,
  unfulfilled: string,
  accountability: string,
): Promise<void> {
  const made = await lastCommitmentPush(ctx.tx, applicationId);
  if (!made) return;
  const previous = made.payload as CommitmentDataItems;
  writeOutbox(ctx, {
    topic: 'commitment',
    aggregateType: 'application',
    aggregateId: applicationId,
    idempotencyKey: `commitment:${applicationId}:broken`,
    departmentIds: made.departmentIds,
    payload: {
      ...previous,
      承诺履行状态: '全部未履行',
      未履行的承诺内容: unfulfilled,
      违诺责任追究内容: accountability,
    },
  });
}
