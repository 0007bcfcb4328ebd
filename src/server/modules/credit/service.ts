// PROVISIONAL: stands in for the credit module's service until it lands; the credit module's own
// service.ts replaces this file as a whole. It records no check and judges every subject eligible.
import { randomUUID } from 'node:crypto';
import type { Ctx } from '../../context';
import { getItemVersion } from '../catalog/repository';
import type { BreachInput, BreachResult, CreditCheckInput, CreditCheckResult } from './port';

export async function performCreditCheck(ctx: Ctx, input: CreditCheckInput): Promise<CreditCheckResult> {
  const version = input.itemVersionId ? await getItemVersion(ctx.tx, input.itemVersionId) : undefined;
  const modes = version?.modes ?? ['standard'];
  return {
    checkId: randomUUID(),
    subjectId: randomUUID(),
    outcome: 'eligible',
    allowedModes: modes.includes('standard') ? modes : [...modes, 'standard'],
    reasons: [{ rule: 'provisional', message: '未发现不良信用记录（临时核查）' }],
    incentives: [],
    restrictions: [],
    policyVersionId: randomUUID(),
    grade: null,
  };
}

export async function recordBreach(_ctx: Ctx, _input: BreachInput): Promise<BreachResult> {
  return { records: [] };
}
