import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { ItemContent } from '../../src/contracts/catalog';
import { auditLog, catalogVersion, escalation, license } from '../../src/server/db/schema';
import type { SharedDataAdapter } from '../../src/server/modules/applications/shared-data';
import { DEMO_COMMITMENT, DEMO_LIABILITY } from '../../src/server/modules/catalog/seed-demo';
import { staffingWarnings } from '../../src/server/modules/catalog/staffing-warnings';
import { createTestApp, type Session } from '../helpers/app';
import { uploadMaterials } from '../helpers/files';

/**
 * 15.6: no dead ends. The demo county has someone for every step of every item; publishing an item whose
 * departments lack someone warns; work created where nobody can act goes to the service centre's queue,
 * which its system and catalog administrators work, audited.
 */
const sharedData: SharedDataAdapter = {
  fetch: async (subject, name) => ({
    found: true,
    source: '电子证照库',
    reference: `${name}-${subject.code.slice(-6)}`,
  }),
};
const t = await createTestApp({ now: '2026-11-23T02:00:00Z', sharedData });
const db = t.database.db;
const ent = await t.login('ent_demo');
const sysadmin = await t.login('sysadmin');
const catalog = await t.login('catalog');

async function staffOf(s: Session, departmentId: string): Promise<{ id: string; username: string }[]> {
  const res = await t.call(s, { method: 'GET', url: `/api/departments/${departmentId}/staff` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items ?? res.json();
}
const departments = async () =>
  Object.fromEntries(
    (await t.call(sysadmin, { method: 'GET', url: '/api/departments' }))
      .json()
      .items.map((d: { code: string; id: string }) => [d.code, d.id]),
  ) as Record<string, string>;

async function submit(s: Session, id: string, mode: string, asked: string[]) {
  const res = await t.call(s, {
    method: 'POST',
    url: `/api/applications/${id}/submit`,
    payload: { mode, materials: await uploadMaterials(t, s, asked), commit: mode !== 'standard' },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('the demo county has no dead ends', () => {
  it('every published demo item has staff for each step of its approving and supervising departments', async () => {
    const published = await db.select().from(catalogVersion).where(eq(catalogVersion.status, 'published'));
    expect(published.length).toBeGreaterThanOrEqual(13);
    for (const v of published) expect(await staffingWarnings({ db }, v), v.code).toEqual([]);
  });

  it('a false commitment is driven to revocation by demo accounts alone, with nothing escalated', async () => {
    const started = await t.call(ent, {
      method: 'POST',
      url: '/api/applications',
      payload: { itemCode: 'WSQ-WJW-001', legalRepresentative: '巴特尔' },
    });
    expect(started.statusCode, started.body).toBe(201);
    const a = started.json().application;
    const done = await submit(ent, a.id, 'enter_then_verify', [
      '公共场所卫生许可申请表',
      '卫生管理制度及从业人员健康合格证明',
    ]);
    expect(done.status).toBe('approved');

    const supervisor = await t.login('supervisor_wsjd');
    const tasks = (await t.call(supervisor, { method: 'GET', url: '/api/verification/tasks' })).json().items;
    const task = tasks.find((x: { applicationId: string }) => x.applicationId === a.id);
    expect(task, JSON.stringify(tasks)).toBeTruthy();
    const depts = await departments();
    const inspectors = (await staffOf(supervisor, depts['WSQ-WSJD']!)).filter((s) =>
      s.username.startsWith('inspector_wsjd'),
    );
    expect(inspectors).toHaveLength(2);
    const url = `/api/verification/tasks/${task.id}`;
    const assigned = await t.call(supervisor, {
      method: 'POST',
      url: `${url}/assign`,
      payload: { inspectorIds: inspectors.map((i) => i.id) },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const inspector = await t.login('inspector_wsjd');
    const found = await t.call(inspector, {
      method: 'POST',
      url: `${url}/result`,
      payload: {
        finding: 'false_commitment',
        summary: '现场无集中空调通风系统卫生检测报告，承诺不实',
        evidence: [{ description: '现场检查笔录' }],
      },
    });
    expect(found.statusCode, found.body).toBe(200);
    const approver = await t.login('approver'); // 卫健委, the approving department
    // 陈述申辩 first: the demo approver informs the party, who waives its right.
    const noticed = await t.call(approver, {
      method: 'POST',
      url: `${url}/defence-notice`,
      payload: {
        facts: '现场无集中空调通风系统卫生检测报告',
        reasons: '以虚假承诺取得许可',
        legalBasis: '《中华人民共和国行政许可法》第六十九条',
      },
    });
    expect(noticed.statusCode, noticed.body).toBe(201);
    const waived = await t.call(await t.login('ent_demo'), {
      method: 'POST',
      url: `/api/my/defence-notices/${noticed.json().defenceNotice.id}/waiver`,
      payload: { note: '对认定事实无异议' },
    });
    expect(waived.statusCode, waived.body).toBe(200);
    const revoked = await t.call(approver, {
      method: 'POST',
      url: `${url}/revoke`,
      payload: { reason: '核查发现虚假承诺，依法撤销', referToJudicial: false },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const after = (await t.call(ent, { method: 'GET', url: `/api/applications/${a.id}` })).json();
    expect(after.status).toBe('revoked');
    const [lic] = await db.select().from(license).where(eq(license.applicationId, a.id));
    expect(lic!.revokedAt).not.toBeNull();
    expect(await db.select().from(escalation)).toHaveLength(0);
  });
});

describe('a department with nobody to act', () => {
  const content = (supervisingDepartmentId: string | null): ItemContent => ({
    name: '草原征占用审核（测试）',
    kind: 'administrative_license',
    legalBasis: '《中华人民共和国草原法》第三十八条',
    legalTimeLimitDays: 20,
    promisedTimeLimitDays: 0,
    modes: ['license_commitment', 'enter_then_verify'],
    exclusionTags: [],
    proxyAllowed: false,
    withdrawalAllowed: true,
    supervisingDepartmentId,
    verification: { method: 'on_site', deadlineDays: 10, byGrade: [] },
    materials: [
      {
        name: '征占用草原申请表',
        required: true,
        replaceableByCommitment: false,
        replacesCertificate: null,
        tolerableMissing: false,
        supplyDeadlineDays: null,
        fromSharedData: false,
      },
    ],
    notice: {
      proofContent: '项目符合草原保护规划。',
      commitmentMethod: '在线签署承诺书。',
      ...DEMO_LIABILITY,
    },
    commitment: DEMO_COMMITMENT,
    issuance: 'license',
    licenseName: '草原征占用审核同意书',
    licenseTemplate: 'approval_document',
    licenseValidityYears: 2,
  });
  let deptId = '';
  let escalations: { id: string; kind: string; refId: string; version: number }[] = [];

  it('publishing warns, in Chinese, and still publishes', async () => {
    const made = await t.call(sysadmin, {
      method: 'POST',
      url: '/api/departments',
      payload: { code: 'WSQ-LCJ', name: '乌审旗林业和草原局', kind: 'approving', regionCode: '150626' },
    });
    expect(made.statusCode, made.body).toBe(201);
    deptId = made.json().id;
    const created = await t.call(catalog, {
      method: 'POST',
      url: '/api/catalog/items',
      payload: { code: 'WSQ-LCJ-001', departmentId: deptId, ...content(null) },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const legal = await t.login('legal');
    expect(
      (await t.call(catalog, { method: 'POST', url: `/api/catalog/versions/${id}/submit` })).statusCode,
    ).toBe(200);
    expect(
      (
        await t.call(legal, {
          method: 'POST',
          url: `/api/catalog/versions/${id}/review`,
          payload: { decision: 'pass' },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await t.call(legal, {
          method: 'POST',
          url: `/api/catalog/versions/${id}/approve`,
          payload: { decision: 'approve' },
        })
      ).statusCode,
    ).toBe(200);
    const published = await t.call(catalog, {
      method: 'POST',
      url: `/api/catalog/versions/${id}/publish`,
      payload: {},
    });
    expect(published.statusCode, published.body).toBe(200);
    const body = published.json();
    expect(body.status).toBe('published');
    expect(body.warnings).toEqual([
      '乌审旗林业和草原局没有在岗的审批人员：申请将无人审查、决定，核查发现问题也无人撤销',
      '乌审旗林业和草原局没有在岗的监管管理员：核查任务将无人分派',
      '乌审旗林业和草原局没有在岗的执法检查人员：核查任务将无人核查（现场核查须两名核查人员）',
    ]);
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'catalog.version_publish'), eq(auditLog.targetId, id)));
    expect(JSON.stringify(audit!.after)).toContain('没有在岗的审批人员');
  });

  it('an application to review and a verification task with nobody to act go to the service centre', async () => {
    // The enterprise lost the commitment route with its false commitment above; the person has it.
    const person = await t.login('person_demo');
    const open = async () => {
      const r = await t.call(person, {
        method: 'POST',
        url: '/api/applications',
        payload: { itemCode: 'WSQ-LCJ-001' },
      });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().application;
    };
    const standard = await open();
    expect((await submit(person, standard.id, 'standard', ['征占用草原申请表'])).status).toBe('submitted');
    const instant = await open();
    expect((await submit(person, instant.id, 'enter_then_verify', ['征占用草原申请表'])).status).toBe(
      'approved',
    );

    const listed = await t.call(sysadmin, { method: 'GET', url: '/api/escalations' });
    expect(listed.statusCode, listed.body).toBe(200);
    escalations = listed.json().items;
    expect(listed.json().total).toBe(2);
    const review = listed.json().items.find((e: { kind: string }) => e.kind === 'application_review');
    expect(review).toMatchObject({
      refType: 'application',
      refId: standard.id,
      status: 'open',
      statusLabel: '待处理',
      gaps: [
        {
          departmentName: '乌审旗林业和草原局',
          role: 'approver',
          roleLabel: '审批人员',
          needed: 1,
          present: 0,
        },
      ],
    });
    expect(review.summary).toContain(standard.number);
    const task = listed.json().items.find((e: { kind: string }) => e.kind === 'verification_task');
    expect(task.gaps.map((g: { role: string; needed: number }) => [g.role, g.needed])).toEqual([
      ['supervision_admin', 1],
      ['inspector', 2],
      ['approver', 1],
    ]);
    // The centre's administrators are told, in their inbox.
    const inbox = (await t.call(sysadmin, { method: 'GET', url: '/api/inbox' })).json();
    expect(JSON.stringify(inbox)).toContain('无人办理，转政务服务中心');
    // The catalog administrator works the queue too.
    expect((await t.call(catalog, { method: 'GET', url: '/api/escalations?status=open' })).json().total).toBe(
      2,
    );
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, 'escalation.create'));
    expect(audits).toHaveLength(2);
  });

  it('refuses everyone but the service centre’s system and catalog administrators', async () => {
    const id = escalations[0]!.id;
    const nobody = [
      null,
      await t.login('clerk'),
      await t.login('approver'),
      await t.login('supervisor'),
      await t.login('auditor'),
      ent,
    ];
    // A system administrator outside the service centre may not either.
    const depts = await departments();
    const other = await t.call(sysadmin, {
      method: 'POST',
      url: '/api/accounts',
      payload: {
        username: 'sysadmin_wjw',
        password: 'Xyp#2026-admin',
        displayName: '卫健委系统管理员',
        departmentId: depts['WSQ-WJW'],
        roles: ['system_admin'],
      },
    });
    expect(other.statusCode, other.body).toBe(201);
    nobody.push(await t.login('sysadmin_wjw', 'Xyp#2026-admin'));
    for (const s of nobody) {
      const expected = s === null ? 401 : 403;
      expect((await t.call(s, { method: 'GET', url: '/api/escalations' })).statusCode).toBe(expected);
      expect((await t.call(s, { method: 'GET', url: `/api/escalations/${id}` })).statusCode).toBe(expected);
      expect(
        (
          await t.call(s, {
            method: 'POST',
            url: `/api/escalations/${id}/resolve`,
            payload: { resolution: '已处理' },
          })
        ).statusCode,
      ).toBe(expected);
      expect(
        (
          await t.call(s, {
            method: 'POST',
            url: `/api/escalations/${id}/assign`,
            payload: { userId: '00000000-0000-4000-8000-000000000000' },
          })
        ).statusCode,
      ).toBe(expected);
    }
    const missing = await t.call(sysadmin, {
      method: 'GET',
      url: '/api/escalations/00000000-0000-4000-8000-000000000000',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toBe('转办记录不存在');
  });

  it('assigning to someone who can act, and resolving, are audited; only who can act may be assigned', async () => {
    const review = escalations.find((e) => e.kind === 'application_review')!;
    const clerkId = (await t.call(await t.login('clerk'), { method: 'GET', url: '/api/me' })).json().id;
    const wrong = await t.call(sysadmin, {
      method: 'POST',
      url: `/api/escalations/${review.id}/assign`,
      payload: { userId: clerkId },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().message).toContain('乌审旗林业和草原局的审批人员');
    const hired = await t.call(sysadmin, {
      method: 'POST',
      url: '/api/accounts',
      payload: {
        username: 'approver_lcj',
        password: 'Xyp#2026-approver',
        displayName: '其木格',
        departmentId: deptId,
        roles: ['approver'],
      },
    });
    expect(hired.statusCode, hired.body).toBe(201);
    const stale = await t.call(sysadmin, {
      method: 'POST',
      url: `/api/escalations/${review.id}/assign`,
      payload: { userId: hired.json().id, version: review.version + 1 },
    });
    expect(stale.statusCode).toBe(409);
    const assigned = await t.call(sysadmin, {
      method: 'POST',
      url: `/api/escalations/${review.id}/assign`,
      payload: { userId: hired.json().id, note: '已增设审批人员，请尽快审查', version: review.version },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({
      status: 'assigned',
      statusLabel: '已指派',
      assignedUserId: hired.json().id,
    });
    const newcomer = await t.login('approver_lcj', 'Xyp#2026-approver');
    const inbox = JSON.stringify((await t.call(newcomer, { method: 'GET', url: '/api/inbox' })).json());
    expect(inbox).toContain('政务服务中心转办');
    expect(inbox).toContain('已增设审批人员');

    const resolved = await t.call(catalog, {
      method: 'POST',
      url: `/api/escalations/${review.id}/resolve`,
      payload: { resolution: '林草局已增设审批人员，申请已交其审查' },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolvedBy: 'catalog' });
    const again = await t.call(sysadmin, {
      method: 'POST',
      url: `/api/escalations/${review.id}/resolve`,
      payload: { resolution: '重复办结' },
    });
    expect(again.statusCode).toBe(409);
    expect(
      (await t.call(sysadmin, { method: 'GET', url: '/api/escalations?status=resolved' })).json().total,
    ).toBe(1);
    for (const action of ['escalation.assign', 'escalation.resolve']) {
      const rows = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, action), eq(auditLog.targetId, review.id)));
      expect(rows, action).toHaveLength(1);
    }
  });
});
