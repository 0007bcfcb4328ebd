import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import { type CallerInfo, type Deps, runAction } from '../../context';
import { watchCalendar } from '../calendar/watch';

export const clockOf = (deps: Deps) => ({
  mode: deps.testClock ? ('test' as const) : ('system' as const),
  now: deps.clock().toISOString(),
});

function requireTestClock(deps: Deps) {
  if (!deps.testClock) {
    throw new DomainError(
      'NOT_FOUND',
      '本服务未启用测试时钟：只有以 TEST_CLOCK=true 启动的测试部署才能拨动时间',
    );
  }
  return deps.testClock;
}

/**
 * Moving the clock is not a database change, so it runs outside any transaction; the move is audited
 * afterwards, and the operators' calendar warning follows the new date at once.
 */
async function moveClock(
  deps: Deps,
  caller: CallerInfo,
  action: string,
  move: (clock: NonNullable<Deps['testClock']>) => Promise<unknown>,
  detail: object,
) {
  const clock = requireTestClock(deps);
  const before = clock.now().toISOString();
  await move(clock);
  const after = clockOf(deps);
  await runAction(deps, caller, (ctx) =>
    appendAudit(ctx, {
      action,
      targetType: 'clock',
      targetId: null,
      before: { now: before },
      after: { now: after.now, ...detail },
    }),
  );
  await watchCalendar(deps);
  return after;
}

/** Sets a test deployment's clock to a given time. */
export function setClock(deps: Deps, caller: CallerInfo, input: { now: string }) {
  const to = new Date(input.now);
  if (Number.isNaN(to.getTime())) throw new DomainError('VALIDATION', `时间“${input.now}”无效`);
  return moveClock(deps, caller, 'clock.set', (clock) => clock.set(to), {});
}

/** Moves a test deployment's clock forward. */
export function advanceClock(
  deps: Deps,
  caller: CallerInfo,
  input: { days?: number; hours?: number; minutes?: number },
) {
  const { days = 0, hours = 0, minutes = 0 } = input;
  const ms = ((days * 24 + hours) * 60 + minutes) * 60_000;
  if (ms <= 0) throw new DomainError('VALIDATION', '请至少填写天数、小时数或分钟数中的一项（大于0）');
  return moveClock(deps, caller, 'clock.advance', (clock) => clock.advance(ms), { days, hours, minutes });
}
