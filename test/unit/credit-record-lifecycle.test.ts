import { describe, expect, it } from 'vitest';
import {
  type CreditRecordEvent,
  type CreditRecordStatus,
  creditRecordEvents,
  creditRecordStatuses,
} from '../../src/contracts/credit';
import {
  creditRecordTransitions,
  decideCreditRecordTransition,
} from '../../src/domain/credit-record-lifecycle';
import { reachable } from '../helpers/graph';

const objectionDecisions: CreditRecordEvent[] = ['correct', 'uphold', 'remove'];

// Properties of the table, not the table again; the actions walk it in test/api/credit-record-lifecycle.test.ts.
describe('credit record lifecycle', () => {
  it('refuses every step the table lacks as an invalid transition, in Chinese', () => {
    for (const from of creditRecordStatuses) {
      for (const event of creditRecordEvents) {
        if (creditRecordTransitions[from][event]) continue;
        for (const underObjection of [false, true]) {
          const r = decideCreditRecordTransition(from, event, { underObjection });
          expect(r, `${from} × ${event}`).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
          if (!r.ok) expect(r.message).toMatch(/^信用记录状态为“.+”，不能“.+”$/);
        }
      }
    }
  });

  it('`create` only starts a life, and a removed record has no exits', () => {
    for (const from of creditRecordStatuses) expect(creditRecordTransitions[from].create).toBeUndefined();
    expect(creditRecordTransitions.removed).toEqual({});
  });

  it('every status is reachable from active', () => {
    const seen = reachable<CreditRecordStatus>('active', (s) => Object.values(creditRecordTransitions[s]));
    expect([...seen].sort()).toEqual([...creditRecordStatuses].sort());
  });

  it('an objection opens once and only a decision closes it', () => {
    expect(decideCreditRecordTransition('active', 'object', { underObjection: false })).toEqual({
      ok: true,
      to: 'active',
      underObjection: true,
    });
    expect(decideCreditRecordTransition('active', 'object', { underObjection: true })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      message: '该记录已有正在处理的异议',
    });
    for (const from of creditRecordStatuses) {
      for (const event of objectionDecisions) {
        if (!creditRecordTransitions[from][event]) continue;
        expect(decideCreditRecordTransition(from, event, { underObjection: true })).toMatchObject({
          ok: true,
          underObjection: false,
        });
        const without = decideCreditRecordTransition(from, event, { underObjection: false });
        expect(without).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
        if (!without.ok) expect(without.message).toContain('没有正在处理的异议');
      }
    }
  });

  it('a repair keeps a pending objection pending', () => {
    expect(decideCreditRecordTransition('active', 'repair', { underObjection: true })).toEqual({
      ok: true,
      to: 'repaired',
      underObjection: true,
    });
  });
});
