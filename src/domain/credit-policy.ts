import type { ApprovalMode } from '../contracts/catalog';
import { type CreditRecordKind, creditRecordKindLabels, creditSeverityLabels } from '../contracts/credit';
import type { PolicyDefinition, PolicyRule, RecordMatch } from '../contracts/credit-policy';
import { type RecordFacts, recordInEffect } from './credit';

/**
 * The one engine every jurisdiction's eligibility policy runs on. Pure: it sees the records and grade
 * the sources returned, which sources failed, and the day; it answers eligible / conditional / not
 * eligible with every reason. Jurisdictions differ only in the data they hand it.
 */
export type Outcome = 'eligible' | 'conditional' | 'not_eligible';
export type Incentive = 'green_channel' | 'instant_approval' | 'assisted_service' | 'door_to_door';
export type Restriction = 'key_review';

export type EvalRecord = RecordFacts & {
  id: string;
  penaltyFulfilled: boolean | null;
  underObjection: boolean;
  source: string;
};

export type EvalInput = {
  today: string;
  majorProject: boolean;
  records: EvalRecord[];
  grade: { scale: string; value: string } | null;
  failedSources: { source: string; name: string; error: string }[];
};

export type ReasonEffect = Outcome | 'waived';
export type EvalReason = {
  rule: string;
  message: string;
  recordId?: string;
  recordKind?: string;
  effect: ReasonEffect;
};

export type EvalResult = {
  outcome: Outcome;
  modes: ApprovalMode[];
  incentives: Incentive[];
  restrictions: Restriction[];
  reasons: EvalReason[];
};

const rank: Record<Outcome, number> = { eligible: 0, conditional: 1, not_eligible: 2 };
const worse = (a: Outcome, b: Outcome): Outcome => (rank[b] > rank[a] ? b : a);

export function matchesRecord(m: RecordMatch, r: EvalRecord): boolean {
  if (!(m.kinds as string[]).includes(r.kind)) return false;
  if (m.severities && !m.severities.includes(r.severity)) return false;
  if (m.penaltyFulfilled !== undefined && (r.penaltyFulfilled ?? false) !== m.penaltyFulfilled) return false;
  return true;
}

const describe = (r: EvalRecord): string =>
  `${creditRecordKindLabels[r.kind as CreditRecordKind] ?? r.kind}（${creditSeverityLabels[r.severity]}，${r.decidedOn}${r.underObjection ? '，异议处理中' : ''}）`;

/** What a rule finds: one hit per matching record, or one for the grade. */
function hits(
  rule: PolicyRule,
  records: EvalRecord[],
  input: EvalInput,
  def: PolicyDefinition,
): EvalReason[] {
  switch (rule.type) {
    case 'record':
      return records
        .filter((r) => matchesRecord(rule.match, r))
        .map((r) => ({
          rule: rule.id,
          message: `${rule.message}：${describe(r)}`,
          recordId: r.id,
          recordKind: r.kind,
          effect: rule.effect,
        }));
    case 'grade': {
      const g = input.grade;
      if (!g || g.scale !== def.gradeScale.code || !rule.values.includes(g.value)) return [];
      return [{ rule: rule.id, message: `${rule.message}：信用等级${g.value}`, effect: rule.effect }];
    }
    case 'grade_missing': {
      const g = input.grade;
      if (g && g.scale === def.gradeScale.code) return [];
      return [{ rule: rule.id, message: rule.message, effect: rule.effect }];
    }
    default: {
      const never: never = rule;
      return never;
    }
  }
}

export function evaluatePolicy(def: PolicyDefinition, input: EvalInput): EvalResult {
  const reasons: EvalReason[] = [];
  const inEffect = input.records.filter((r) => recordInEffect(r, input.today));

  // Waivers first: a major project or an incentive card sets rules aside before they are applied.
  const waived = new Map<string, string>();
  let outcome: Outcome = def.baseline;
  for (const w of def.waivers) {
    let holds = false;
    let via: EvalRecord | undefined;
    if ('majorProject' in w.when) holds = input.majorProject;
    else {
      const m = w.when.holds;
      via = inEffect.find((r) => matchesRecord(m, r));
      holds = via !== undefined;
    }
    if (!holds) continue;
    for (const id of w.waives) waived.set(id, w.message);
    if (w.baseline) outcome = w.baseline;
    reasons.push({
      rule: w.id,
      message: w.message,
      effect: w.baseline ?? 'eligible',
      ...(via ? { recordId: via.id, recordKind: via.kind } : {}),
    });
  }

  for (const rule of def.rules) {
    const found = hits(rule, inEffect, input, def);
    const why = waived.get(rule.id);
    for (const h of found) {
      if (why) reasons.push({ ...h, message: `${h.message}（${why}，不影响结果）`, effect: 'waived' });
      else {
        reasons.push(h);
        outcome = worse(outcome, h.effect as Outcome);
      }
    }
  }

  // A source that did not answer leaves the subject's credit unknown: never silently eligible.
  for (const f of input.failedSources) {
    reasons.push({
      rule: 'source_unavailable',
      message: `信用信息来源“${f.name}”未能查询（${f.error}），无法确认信用状况，暂不适用告知承诺，可按一般程序办理`,
      effect: 'not_eligible',
    });
    outcome = 'not_eligible';
  }

  if (reasons.every((r) => r.effect === 'waived')) {
    reasons.push({
      rule: 'baseline',
      message:
        outcome === 'eligible'
          ? '未发现影响告知承诺的失信记录，适用告知承诺'
          : '未发现失信记录，按本地规则有条件适用告知承诺',
      effect: outcome,
    });
  }

  const spec = def.outcomes[outcome];
  const modes = [...new Set<ApprovalMode>([...spec.modes, 'standard'])];
  return { outcome, modes, incentives: [...spec.incentives], restrictions: [...spec.restrictions], reasons };
}

/** Problems a schema cannot see: duplicate ids, waivers naming rules that do not exist, grades off the scale. */
export function policyProblems(def: PolicyDefinition): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const r of def.rules) {
    if (ids.has(r.id)) problems.push(`规则编号“${r.id}”重复`);
    ids.add(r.id);
    if (r.type === 'grade') {
      for (const v of r.values)
        if (!def.gradeScale.values.includes(v)) problems.push(`规则“${r.id}”的等级“${v}”不在等级体系中`);
    }
  }
  for (const w of def.waivers) {
    if (ids.has(w.id)) problems.push(`豁免编号“${w.id}”与规则重复`);
    for (const id of w.waives) if (!ids.has(id)) problems.push(`豁免“${w.id}”引用了不存在的规则“${id}”`);
  }
  if (def.outcomes.not_eligible.modes.some((m) => m !== 'standard'))
    problems.push('不适用告知承诺时只能按一般程序办理');
  if (def.outcomes.not_eligible.incentives.length) problems.push('不适用告知承诺的主体不能享受激励措施');
  return problems;
}
