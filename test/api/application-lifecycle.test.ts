import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type ApplicationStatus, applicationStatuses } from '../../src/contracts/applications';
import { applicationTransitions, finalStatuses } from '../../src/domain/application-lifecycle';
import { isDomainError } from '../../src/domain/errors';
import { runAction } from '../../src/server/context';
import { applicationEvent, auditLog } from '../../src/server/db/schema';
import { processApplication } from '../../src/server/modules/applications/process-application';
import { submitApplication } from '../../src/server/modules/applications/submit-application';
import { supplyMaterials } from '../../src/server/modules/applications/supply-materials';
import { withdrawApplication } from '../../src/server/modules/applications/withdraw-application';
import { createTestApp } from '../helpers/app';
import { application, type Built, staff } from '../helpers/factories';

// Properties of the life of a case, checked on cases the real actions built; the table itself is not
// restated here (test/unit/application-lifecycle.test.ts checks the table's own properties).
const t = await createTestApp();
const db = t.database.db;

// Time-moving paths (reminded, terminated) go last, so the others run on the start date.
const order = [...applicationStatuses].sort(
  (a, b) => Number(['reminded', 'terminated'].includes(a)) - Number(['reminded', 'terminated'].includes(b)),
);
const historyOf = (id: string) =>
  db
    .select()
    .from(applicationEvent)
    .where(eq(applicationEvent.applicationId, id))
    .orderBy(asc(applicationEvent.seq));
const built = new Map<ApplicationStatus, Built>();
const builtVia: Built[] = [];

describe('every status is reachable through the actions', () => {
  for (const status of order) {
    it(status, async () => {
      const b = await application(t, { status });
      expect(b.app.status).toBe(status);
      built.set(status, b);
      builtVia.push(b);
    });
  }
  it('approved also through the standard procedure and through supplying every missing material', async () => {
    for (const via of ['standard', 'missing'] as const) {
      const b = await application(t, { status: 'approved', via });
      expect(b.app.status).toBe('approved');
      expect(b.license).not.toBeNull();
      builtVia.push(b);
    }
  });
});

describe('every transition writes its history row and its audit row', () => {
  it('history follows the table, one step at a time, and ends where the case stands', async () => {
    expect(builtVia.length).toBeGreaterThanOrEqual(applicationStatuses.length);
    for (const { app } of builtVia) {
      const events = await historyOf(app.id);
      expect(events.length, app.status).toBeGreaterThan(0);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events[0]).toMatchObject({ event: 'create', fromStatus: null, toStatus: 'draft' });
      for (let i = 1; i < events.length; i++) {
        const e = events[i]!;
        expect(e.fromStatus, `${app.status} #${e.seq}`).toBe(events[i - 1]!.toStatus);
        expect(applicationTransitions[e.fromStatus!][e.event], `${e.fromStatus} × ${e.event}`).toBe(
          e.toStatus,
        );
      }
      expect(events.at(-1)!.toStatus).toBe(app.status);
    }
  });

  it('each history row has an audit row of the same step: status before and after', async () => {
    for (const { app } of builtVia) {
      const events = await historyOf(app.id);
      const audits = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.targetType, 'application'), eq(auditLog.targetId, app.id)))
        .orderBy(asc(auditLog.id));
      const steps = (rows: { from: unknown; to: unknown }[]) => rows.map((r) => `${r.from}→${r.to}`);
      expect(
        steps(
          audits.map((a) => ({
            from: (a.before as { status?: string } | null)?.status ?? null,
            to: (a.after as { status: string }).status,
          })),
        ),
        app.status,
      ).toEqual(steps(events.map((e) => ({ from: e.fromStatus, to: e.toStatus }))));
    }
  });
});

describe('final states have no exits', () => {
  const exits = ['submit', 'accept', 'review', 'approve', 'reject', 'withdraw', 'supply'] as const;

  for (const status of finalStatuses) {
    it(`${status}: every action is refused and the case stays as it is`, async () => {
      const b = built.get(status);
      expect(b, `${status} was built`).toBeDefined();
      const { app, applicant } = b!;
      const clerk = await staff(t, 'clerk');
      const approver = await staff(t, b!.item.approver);
      const before = await historyOf(app.id);
      for (const exit of exits) {
        const run = (actor: typeof clerk, fn: Parameters<typeof runAction>[2]) =>
          runAction(t.app.deps, { actor, requestId: null }, fn);
        const attempt =
          exit === 'submit'
            ? run(applicant.actor, (ctx) =>
                submitApplication(ctx, app.id, { mode: 'standard', materials: [], commit: false }),
              )
            : exit === 'withdraw'
              ? run(applicant.actor, (ctx) => withdrawApplication(ctx, app.id, {}))
              : exit === 'supply'
                ? run(applicant.actor, (ctx) =>
                    supplyMaterials(ctx, app.id, { materials: [{ name: 'x', fileId: crypto.randomUUID() }] }),
                  )
                : run(exit === 'accept' ? clerk : approver, (ctx) =>
                    processApplication(ctx, app.id, exit, { comment: '意见' }),
                  );
        const error = await attempt.then(
          () => null,
          (e: unknown) => e,
        );
        expect(isDomainError(error), `${status} × ${exit}: ${String(error)}`).toBe(true);
        expect(['INVALID_TRANSITION', 'PRECONDITION_FAILED'], `${status} × ${exit}`).toContain(
          (error as { code: string }).code,
        );
      }
      const history = await historyOf(app.id);
      expect(history).toHaveLength(before.length);
      expect(history.at(-1)!.toStatus).toBe(status);
    });
  }
});
