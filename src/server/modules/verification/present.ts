import type { Static } from 'typebox';
import {
  type DefenceNoticeView,
  type PublicDrawCheck,
  samplingDrawStatusLabels,
} from '../../../contracts/verification';
import { DomainError } from '../../../domain/errors';
import { drawSample, SAMPLING_ALGORITHM, seedCommitment } from '../../../domain/verification-sampling';
import type { defenceNotice, uploadedFile, verificationEvidence } from '../../db/schema';
import type { DrawRow, SeedRow } from './repository';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const presentDraw = (d: DrawRow, itemName: string) => ({
  id: d.id,
  applicationId: d.applicationId,
  applicationNumber: d.applicationNumber,
  itemName,
  subjectName: d.subjectName,
  subjectCode: d.subjectCodeMasked,
  grade: d.grade,
  samplingPercent: d.samplingPercent,
  decidedAt: d.decidedAt.toISOString(),
  seedDay: d.seedDay,
  algorithm: d.algorithm,
  status: d.status,
  statusLabel: samplingDrawStatusLabels[d.status],
  digest: d.digest,
  value: d.value,
  drawnAt: iso(d.drawnAt),
  taskId: d.taskId,
});

export const presentSeed = (r: { seed: SeedRow; draws: number; sampled: number }) => ({
  day: r.seed.day,
  seedHash: r.seed.seedHash,
  committedAt: r.seed.committedAt.toISOString(),
  seed: r.seed.seed,
  revealedAt: iso(r.seed.revealedAt),
  draws: Number(r.draws),
  sampled: Number(r.sampled),
});

export const presentEvidence = (r: {
  evidence: typeof verificationEvidence.$inferSelect;
  file: typeof uploadedFile.$inferSelect;
}) => ({
  fileId: r.file.id,
  name: r.file.name,
  mime: r.file.mime,
  size: r.file.size,
  digest: r.file.digest,
  description: r.evidence.description,
  event: r.evidence.event,
  addedBy: r.evidence.addedBy,
  addedAt: r.evidence.addedAt.toISOString(),
});

function noticeProgress(n: typeof defenceNotice.$inferSelect, today: string): string {
  if (n.repliedAt) return '已作出决定并答复陈述申辩意见';
  if (n.hearingRequestedAt && !n.hearingRecordedAt) return '当事人已申请听证，待举行听证';
  if (n.hearingRecordedAt) return '已举行听证';
  if (n.statedAt) return '当事人已陈述申辩';
  if (n.waivedAt) return '当事人已放弃陈述申辩';
  return today > n.deadline ? '陈述申辩期限已届满，当事人未陈述申辩' : `陈述申辩期内（至${n.deadline}）`;
}

export const presentNotice = (
  n: typeof defenceNotice.$inferSelect,
  today: string,
): Static<typeof DefenceNoticeView> => ({
  id: n.id,
  taskId: n.taskId,
  applicationId: n.applicationId,
  applicationNumber: n.applicationNumber,
  itemName: n.itemName,
  partyName: n.partyName,
  partyCode: n.partyCodeMasked,
  departmentName: n.departmentName,
  facts: n.facts,
  reasons: n.reasons,
  legalBasis: n.legalBasis,
  proposedDecision: n.proposedDecision,
  creditConsequences: n.creditConsequences,
  periodDays: n.periodDays,
  deadline: n.deadline,
  hearingRight: n.hearingRight,
  rights: n.rights,
  issuedBy: n.issuedBy,
  issuedAt: n.issuedAt.toISOString(),
  statement: n.statement,
  statementChannel: n.statementChannel,
  statementFileIds: n.statementFileIds,
  statedAt: iso(n.statedAt),
  waivedAt: iso(n.waivedAt),
  hearingRequestedAt: iso(n.hearingRequestedAt),
  hearing: n.hearing,
  reply: n.reply,
  repliedAt: iso(n.repliedAt),
  status: noticeProgress(n, today),
});

/**
 * Re-runs a draw from what is public — the revealed seed, the case number, the decision time and the
 * ratio — and compares it with the record. Before the seed is revealed there is nothing to check.
 */
export function checkDraw(
  draw: DrawRow,
  itemName: string,
  seed: SeedRow | null,
): Static<typeof PublicDrawCheck> {
  if (!seed?.seed) {
    throw new DomainError(
      'PRECONDITION_FAILED',
      `该抽取所用的${draw.seedDay}种子尚未公开，当日结束后方可核对`,
      {
        seedDay: draw.seedDay,
      },
    );
  }
  if (draw.algorithm !== SAMPLING_ALGORITHM) {
    throw new DomainError('PRECONDITION_FAILED', `不支持的抽取算法：${draw.algorithm}`);
  }
  const outcome = drawSample({
    seed: seed.seed,
    applicationNumber: draw.applicationNumber,
    decidedAt: draw.decidedAt,
    percent: draw.samplingPercent,
  });
  return {
    drawId: draw.id,
    algorithm: draw.algorithm,
    applicationNumber: draw.applicationNumber,
    itemName,
    decidedAt: draw.decidedAt.toISOString(),
    samplingPercent: draw.samplingPercent,
    seedDay: draw.seedDay,
    seedHash: seed.seedHash,
    seedCommittedAt: seed.committedAt.toISOString(),
    seed: seed.seed,
    seedMatchesCommitment: seedCommitment(seed.seed) === seed.seedHash,
    committedBeforeDecision: seed.committedAt.getTime() <= draw.decidedAt.getTime(),
    digest: outcome.digest,
    value: outcome.value,
    threshold: outcome.threshold,
    sampled: outcome.sampled,
    recorded: draw.status,
    matches:
      draw.status !== 'pending' &&
      (draw.status === 'sampled') === outcome.sampled &&
      draw.digest === outcome.digest,
  };
}
