import type { ApplicationStatus, SubmitApplication } from '../../src/contracts/applications';
import type { Actor } from '../../src/domain/access';
import { chinaDate } from '../../src/domain/working-days';
import { DEMO_PASSWORD } from '../../src/server/bootstrap';
import { type Ctx, runAction, systemActor } from '../../src/server/context';
import { registerApplicant } from '../../src/server/modules/accounts/register-applicant';
import { actorOf, findUserByUsername } from '../../src/server/modules/accounts/repository';
import { finalOverdue, missingOverdue } from '../../src/server/modules/applications/deadlines';
import { uploadFile } from '../../src/server/modules/applications/files';
import { processApplication } from '../../src/server/modules/applications/process-application';
import {
  type ApplicationRow,
  findApplication,
  type LicenseRow,
  licensesOf,
  missingOf,
} from '../../src/server/modules/applications/repository';
import { revokeApplicationDecision } from '../../src/server/modules/applications/revoke-decision';
import { startApplication } from '../../src/server/modules/applications/start-application';
import { submitApplication } from '../../src/server/modules/applications/submit-application';
import { supplyMaterials } from '../../src/server/modules/applications/supply-materials';
import { withdrawApplication } from '../../src/server/modules/applications/withdraw-application';
import { confirmIdentity } from '../../src/server/modules/identity/confirm-identity';
import type { TestApp } from './app';
import { freshResidentId, freshUscc } from './credit';
import { PDF } from './files';
import { registerEntity } from './registry';
import { signThroughActions } from './signing';

/*
 * State built through the real actions, as the people who may take them, without the HTTP round trips
 * of a scenario: a test that needs a reviewed case asks for one and checks only what it is about.
 */

/** The demo items each path runs on (the demo county's catalog). */
export const items = {
  /** 医疗机构执业登记: the standard procedure only; decided by 卫健委 (`approver`). */
  standard: {
    code: 'WSQ-WJW-002',
    approver: 'approver',
    materials: ['医疗机构执业登记申请书', '医疗机构用房产权证明或使用证明', '医疗机构规章制度'],
  },
  /** 食品经营许可: a license decided on the spot under a commitment. */
  commitment: {
    code: 'WSQ-ZWFW-001',
    approver: 'approver_zwfw',
    materials: [
      '食品经营许可申请书',
      '与食品经营相适应的主要设备设施布局、操作流程等文件',
      '食品安全管理制度目录',
    ],
  },
  /** 道路普通货物运输经营许可: two materials may be handed in later (容缺, 10 working days). */
  missing: {
    code: 'WSQ-JTJ-001',
    approver: 'approver_jtj',
    materials: ['道路货物运输经营申请表', '拟投入车辆承诺书'],
    later: ['安全生产管理制度文本', '驾驶人员从业资格证复印件'],
  },
} as const;

let serial = 0;

/** A demo staff member (or any existing account) as the actor its session would carry. */
export async function staff(t: TestApp, username: string): Promise<Actor> {
  const user = await findUserByUsername(t.database.db, username);
  if (!user) throw new Error(`no account ${username}`);
  return actorOf(user, null);
}

const act = <T>(t: TestApp, actor: Actor, fn: (ctx: Ctx) => Promise<T>) =>
  runAction(t.app.deps, { actor, requestId: null }, fn);

export type Applicant = {
  actor: Actor;
  username: string;
  password: string;
  subject: { kind: 'enterprise' | 'individual'; code: string; name: string };
};

/** A newly registered applicant, identity confirmed at the counter, with a subject of its own, so one license per item (15.7) never collides. */
export async function applicant(
  t: TestApp,
  opts: { kind?: 'enterprise' | 'individual'; name?: string; legalRepresentative?: string } = {},
): Promise<Applicant> {
  const kind = opts.kind ?? 'enterprise';
  serial++;
  const username = `f${Date.now().toString(36)}${serial}`;
  const code = kind === 'enterprise' ? freshUscc() : freshResidentId();
  const name = opts.name ?? (kind === 'enterprise' ? `工厂测试${serial}有限公司` : '测试申请人');
  const user = await act(t, systemActor('自助注册'), (ctx) =>
    registerApplicant(ctx, {
      applicantType: kind,
      username,
      password: DEMO_PASSWORD,
      displayName: name,
      ...(kind === 'enterprise' ? { uscc: code } : { residentId: code }),
    }),
  );
  // Only a proven account may apply: a window clerk confirms it, an enterprise being in the registry.
  if (kind === 'enterprise') registerEntity(code, name, opts.legalRepresentative);
  await act(t, await staff(t, 'clerk'), (ctx) =>
    confirmIdentity(ctx, {
      username,
      documentKind: kind === 'enterprise' ? 'business_license' : 'resident_id_card',
      code,
      ...(kind === 'enterprise' ? {} : { name }),
    }),
  );
  const row = await findUserByUsername(t.database.db, user.username);
  return { actor: actorOf(row!, null), username, password: DEMO_PASSWORD, subject: { kind, code, name } };
}

async function upload(t: TestApp, who: Actor, names: readonly string[]) {
  const out: { name: string; fileId: string }[] = [];
  for (const name of names) {
    const f = await act(t, who, (ctx) => uploadFile(ctx, { name: `${name}.pdf`, content: PDF }));
    out.push({ name, fileId: f.id });
  }
  return out;
}

export type ApplicationOptions = {
  status?: ApplicationStatus;
  /** Who applies; a fresh applicant by default. */
  applicant?: Applicant;
  /** How an `approved` case got there: on the spot under a commitment (default) or by the standard procedure. */
  via?: 'commitment' | 'standard' | 'missing';
};

export type Built = {
  app: ApplicationRow;
  applicant: Applicant;
  item: (typeof items)[keyof typeof items];
  license: LicenseRow | null;
};

/** The path of events that leads to each status, and the item it runs on. */
function pathTo(
  status: ApplicationStatus,
  via: ApplicationOptions['via'],
): {
  item: keyof typeof items;
  steps: string[];
} {
  switch (status) {
    case 'draft':
      return { item: 'standard', steps: [] };
    case 'submitted':
    case 'withdrawn':
    case 'rejected':
      return { item: 'standard', steps: ['submit', ...(status === 'submitted' ? [] : [status])] };
    case 'accepted':
      return { item: 'standard', steps: ['submit', 'accept'] };
    case 'reviewed':
      return { item: 'standard', steps: ['submit', 'accept', 'review'] };
    case 'missing_materials':
      return { item: 'missing', steps: ['submit_missing'] };
    case 'reminded':
      return { item: 'missing', steps: ['submit_missing', 'remind'] };
    case 'terminated':
      return { item: 'missing', steps: ['submit_missing', 'remind', 'terminate'] };
    case 'approved':
    case 'revoked': {
      const tail = status === 'revoked' ? ['revoke'] : [];
      if (via === 'standard')
        return { item: 'standard', steps: ['submit', 'accept', 'review', 'approve', ...tail] };
      if (via === 'missing') return { item: 'missing', steps: ['submit_missing', 'supply_all', ...tail] };
      return { item: 'commitment', steps: ['submit_instant', ...tail] };
    }
  }
}

/** Moves the test clock past a date (China time) so the deadline jobs find it overdue. */
async function passDate(t: TestApp, date: string) {
  while (chinaDate(t.clock.now) <= date) await t.clock.advanceDays(1);
}

/**
 * An application in the given status, reached by the real actions in the order the law prescribes
 * (`reminded` and `terminated` move the test clock past the due dates).
 */
export async function application(t: TestApp, opts: ApplicationOptions = {}): Promise<Built> {
  const status = opts.status ?? 'draft';
  const who = opts.applicant ?? (await applicant(t));
  const { item: key, steps } = pathTo(status, opts.via);
  const item = items[key];
  const clerk = await staff(t, 'clerk');
  const approver = await staff(t, item.approver);
  let { app } = await act(t, who.actor, (ctx) => startApplication(ctx, { itemCode: item.code }));
  let license: LicenseRow | null = null;
  const reload = async () => (await findApplication(t.database.db, app.id))!;
  for (const step of steps) {
    switch (step) {
      case 'submit':
      case 'submit_instant':
      case 'submit_missing': {
        const materials = await upload(t, who.actor, item.materials);
        const input: SubmitApplication = {
          mode:
            step === 'submit'
              ? 'standard'
              : step === 'submit_missing'
                ? 'missing_materials'
                : 'license_commitment',
          materials,
          ...(step === 'submit_missing' ? { missing: [...items.missing.later] } : {}),
          commit: step !== 'submit',
        };
        if (input.commit) input.signature = await signThroughActions(t, who.actor, app.id, input);
        const r = await act(t, who.actor, (ctx) => submitApplication(ctx, app.id, input));
        app = r.app;
        license = r.license;
        break;
      }
      case 'accept':
        app = (await act(t, clerk, (ctx) => processApplication(ctx, app.id, 'accept', {}))).app;
        break;
      case 'review':
      case 'approve': {
        const r = await act(t, approver, (ctx) =>
          processApplication(ctx, app.id, step, { comment: '符合条件' }),
        );
        app = r.app;
        license = r.license ?? license;
        break;
      }
      case 'rejected':
        app = (
          await act(t, clerk, (ctx) =>
            processApplication(ctx, app.id, 'reject', { comment: '材料不符合要求' }),
          )
        ).app;
        break;
      case 'withdrawn':
        app = await act(t, who.actor, (ctx) => withdrawApplication(ctx, app.id, { comment: '不再申请' }));
        break;
      case 'supply_all': {
        const materials = await upload(t, who.actor, items.missing.later);
        const r = await act(t, who.actor, (ctx) => supplyMaterials(ctx, app.id, { materials }));
        app = r.app;
        license = r.license;
        break;
      }
      case 'remind': {
        const due = ((await missingOf(t.database.db, [app.id])).get(app.id) ?? [])
          .map((m) => m.dueDate)
          .sort();
        await passDate(t, due.at(-1)!);
        await missingOverdue(t.app.deps, app.id);
        app = await reload();
        break;
      }
      case 'terminate':
        await passDate(t, app.finalDueDate!);
        await finalOverdue(t.app.deps, app.id);
        app = await reload();
        break;
      case 'revoke':
        await act(t, systemActor('核查'), (ctx) => revokeApplicationDecision(ctx, app.id, '承诺不实'));
        app = await reload();
        break;
    }
  }
  if (app.status !== status) throw new Error(`factory reached ${app.status}, not ${status}`);
  if (!license && (status === 'approved' || status === 'revoked')) {
    license = (await licensesOf(t.database.db, [app.id])).get(app.id) ?? null;
  }
  return { app, applicant: who, item, license };
}

/** A case decided in the applicant's favour, with its license. */
export async function decidedApplication(t: TestApp, opts: Omit<ApplicationOptions, 'status'> = {}) {
  return application(t, { ...opts, status: 'approved' });
}

/** A license in force, held by a fresh applicant. */
export async function license(
  t: TestApp,
  opts: Omit<ApplicationOptions, 'status'> = {},
): Promise<LicenseRow> {
  const built = await decidedApplication(t, opts);
  if (!built.license) throw new Error('the decision issued no license');
  return built.license;
}

/** The paths the factory knows, for tests that walk every reachable status. */
export const factoryPath = pathTo;
