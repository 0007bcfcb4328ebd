import { migrationStatus } from '../../../db/migrations';
import type { PublicReadCtx } from '../../../http/route';
import { listYears } from '../../calendar/repository';
import { calendarCoverage } from '../../calendar/watch';
import { databaseReachable } from '../repository';

/** What an operator (or a load balancer) needs to know: database, migrations, calendar, clock. */
export async function healthReport(ctx: PublicReadCtx) {
  const clock = { mode: ctx.testClock ? 'test' : 'system', now: ctx.now.toISOString() } as const;
  if (!(await databaseReachable(ctx.db))) {
    return {
      status: 'down',
      database: { kind: ctx.database.kind, reachable: false },
      migrations: { expected: 0, applied: 0, current: false },
      calendar: {
        firstYear: null,
        lastYear: null,
        currentYearLoaded: false,
        nextYearLoaded: false,
        warning: null,
      },
      warnings: ['数据库无法连接'],
      clock,
    };
  }
  const migrations = await migrationStatus(ctx.db);
  const years = (await listYears(ctx.db)).map((y) => y.year);
  const { missingYear: _, ...calendar } = calendarCoverage(years, ctx.now);
  const warnings = [
    ...(migrations.current ? [] : ['数据库迁移与程序版本不一致']),
    ...(calendar.warning ? [calendar.warning] : []),
  ];
  const status = !migrations.current ? 'down' : warnings.length ? 'degraded' : 'ok';
  return {
    status,
    database: { kind: ctx.database.kind, reachable: true },
    migrations,
    calendar,
    warnings,
    clock,
  };
}
