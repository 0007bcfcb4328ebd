import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { ItemContent } from '../../src/contracts/catalog';
import { addYears } from '../../src/domain/licenses';
import { auditLog, decision, license, outboxMessage } from '../../src/server/db/schema';
import type { SharedDataAdapter } from '../../src/server/modules/applications/shared-data';
import { DEMO_COMMITMENT, DEMO_LIABILITY } from '../../src/server/modules/catalog/seed-demo';
import { createTestApp, type Session } from '../helpers/app';
import { uploadMaterials } from '../helpers/files';

/**
 * 19.5 and 15.7: an item says what an approval issues (a named license with its validity, or a decision
 * alone), and a subject holds one live license per item unless the item allows several; 延续 and 变更
 * replace the old license explicitly.
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
const person = await t.login('person_demo');

const FOOD = 'WSQ-ZWFW-001'; // 食品经营许可证, 5 years
const FOOD_ASKED = [
  '食品经营许可申请书',
  '与食品经营相适应的主要设备设施布局、操作流程等文件',
  '食品安全管理制度目录',
];
const HR = 'WSQ-RSJ-001'; // 人力资源服务许可证, 长期
const HR_ASKED = ['人力资源服务许可申请书', '专职工作人员名单及学历证明', '工作规则和管理制度'];
const FILING = 'WSQ-FGW-001'; // 企业投资项目备案: 备案, no license
const ENERGY = 'WSQ-FGW-002'; // 节能审查意见: one per project, several allowed

const start = (s: Session, payload: Record<string, unknown>) =>
  t.call(s, { method: 'POST', url: '/api/applications', payload });

async function licensed(s: Session, itemCode: string, asked: string[], extra: Record<string, unknown> = {}) {
  // The legal representative comes from 市场主体登记.
  const started = await start(s, { itemCode, ...extra });
  expect(started.statusCode, started.body).toBe(201);
  const a = started.json().application;
  const res = await t.call(s, {
    method: 'POST',
    url: `/api/applications/${a.id}/submit`,
    payload: { mode: 'license_commitment', materials: await uploadMaterials(t, s, asked), commit: true },
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json().status).toBe('approved');
  return res.json();
}

const outbox = (topic: string, aggregateId: string) =>
  db
    .select()
    .from(outboxMessage)
    .where(and(eq(outboxMessage.topic, topic as never), eq(outboxMessage.aggregateId, aggregateId)));

describe('what an item issues', () => {
  it('the public catalog says what each demo item issues', async () => {
    const read = async (code: string) =>
      (await t.call(null, { method: 'GET', url: `/api/public/catalog/items/${code}` })).json();
    expect((await read(FOOD)).issuanceLabel).toBe('颁发证照：食品经营许可证（证书式，有效期5年）');
    expect((await read(HR)).issuanceLabel).toContain('长期有效');
    expect(await read(FILING)).toMatchObject({
      issuance: 'decision',
      decisionKind: 'filing',
      licenseName: null,
    });
    expect((await read('WSQ-MZJ-002')).issuanceLabel).toBe('只作决定（给付），不发证照');
    expect((await read('WSQ-RSJ-003')).decisionKind).toBe('confirmation');
  });

  it('an item that issues no license produces a decision and no license', async () => {
    const started = await start(ent, { itemCode: FILING });
    expect(started.statusCode, started.body).toBe(201);
    const a = started.json().application;
    expect(a.issuance).toEqual({ kind: 'filing', label: '备案（不发证照）' });
    const res = await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: {
        mode: 'one_form',
        materials: [],
        form: { '企业投资项目备案信息表（申请承诺表）': '项目名称：草原明珠中央厨房；总投资：800万元' },
        commit: true,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'approved', license: null });
    expect(await db.select().from(license).where(eq(license.applicationId, a.id))).toHaveLength(0);
    const [d] = await db.select().from(decision).where(eq(decision.applicationId, a.id));
    expect(d).toMatchObject({ outcome: 'approved', issued: 'filing' });
    const [pushed] = await outbox('decision', a.id);
    expect(pushed!.payload).toMatchObject({
      outcome: 'approved',
      issued: 'filing',
      decisionKindLabel: '备案',
      licenseNumber: null,
    });
    const licenseMessages = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(outboxMessage)
      .where(
        and(eq(outboxMessage.topic, 'license'), sql`${outboxMessage.payload}::text like ${`%${a.number}%`}`),
      );
    expect(licenseMessages[0]!.n).toBe(0);
    // A filing is made per project: a second one is not a second license and is not refused.
    expect((await start(ent, { itemCode: FILING })).statusCode).toBe(201);
    const inbox = (await t.call(ent, { method: 'GET', url: '/api/inbox' })).json();
    expect(JSON.stringify(inbox)).toContain('本事项不颁发证照');
  });

  it('a license without end (长期) and one named and timed as the item says', async () => {
    const hr = await licensed(ent, HR, HR_ASKED);
    expect(hr.license).toMatchObject({
      name: '人力资源服务许可证',
      validFrom: '2026-11-23',
      validUntil: null,
      validityLabel: '2026-11-23起长期有效',
      status: 'valid',
      statusLabel: '有效',
    });
    const [row] = await db.select().from(license).where(eq(license.id, hr.license.id));
    expect(row!.validUntil).toBeNull();
    const [pushed] = await outbox('license', hr.license.id);
    expect(pushed!.payload).toMatchObject({ 许可证书名称: '人力资源服务许可证', 有效期至: '2099-12-31' });

    const food = await licensed(ent, FOOD, FOOD_ASKED);
    expect(food.license).toMatchObject({
      name: '食品经营许可证',
      template: 'certificate',
      validUntil: '2031-11-22',
    });
    const mine = (await t.call(ent, { method: 'GET', url: '/api/my/licenses' })).json().items;
    expect(mine.map((l: { number: string }) => l.number)).toEqual(
      expect.arrayContaining([hr.license.number, food.license.number]),
    );
  });
});

describe('one live license per subject and item', () => {
  it('a second license is refused, naming the license held and the way to renew or change it', async () => {
    const mine = (await t.call(ent, { method: 'GET', url: '/api/my/licenses' })).json().items;
    const food = mine.find((l: { name: string }) => l.name === '食品经营许可证');
    const again = await start(ent, { itemCode: FOOD });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain(food.number);
    expect(again.json().message).toContain('延续');
    expect(again.json().message).toContain('变更');
    expect(again.json().details.licenseNumber).toBe(food.number);
  });

  it('a renewal supersedes the old license in the decision: status, link, push, audit; validity runs on', async () => {
    const mine = (await t.call(ent, { method: 'GET', url: '/api/my/licenses' })).json().items;
    const old = mine.find(
      (l: { name: string; status: string }) => l.name === '食品经营许可证' && l.status === 'valid',
    );
    const renewed = await licensed(ent, FOOD, FOOD_ASKED, {
      supersedes: { kind: 'renewal', licenseNumber: old.number },
    });
    expect(renewed.supersedes).toMatchObject({ kind: 'renewal', kindLabel: '延续', licenseId: old.id });
    // 延续: the new period follows the old one.
    expect(renewed.license).toMatchObject({
      validFrom: '2026-11-23',
      validUntil: addYears('2031-11-23', 5),
      supersedes: { id: old.id, kind: 'renewal', kindLabel: '延续' },
    });
    const [oldRow] = await db.select().from(license).where(eq(license.id, old.id));
    expect(oldRow!.supersededAt).not.toBeNull();
    expect(oldRow!.supersededById).toBe(renewed.license.id);
    const after = (await t.call(ent, { method: 'GET', url: '/api/my/licenses' })).json().items;
    expect(after.find((l: { id: string }) => l.id === old.id)).toMatchObject({
      status: 'superseded',
      statusLabel: '已被新证照替代',
      supersededById: renewed.license.id,
    });
    const pushes = await outbox('license', old.id);
    const ended = pushes.find((p) => p.idempotencyKey.endsWith(':superseded'));
    expect(ended!.payload).toMatchObject({
      当前状态: '无效',
      备注: `已被证照${renewed.license.number}替代（延续）`,
    });
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'license.supersede'), eq(auditLog.targetId, old.id)));
    expect(audits).toHaveLength(1);
    // The replaced license can be neither renewed nor changed again.
    const twice = await start(ent, {
      itemCode: FOOD,
      supersedes: { kind: 'change', licenseNumber: old.number },
    });
    expect(twice.statusCode).toBe(412);
    expect(twice.json().message).toContain('已被新证照替代');
  });

  it('a change keeps the validity; a renewal of a license of another item or of another subject is refused', async () => {
    const mine = (await t.call(ent, { method: 'GET', url: '/api/my/licenses' })).json().items;
    const food = mine.find(
      (l: { name: string; status: string }) => l.name === '食品经营许可证' && l.status === 'valid',
    );
    const hr = mine.find((l: { name: string }) => l.name === '人力资源服务许可证');
    const wrongItem = await start(ent, {
      itemCode: FOOD,
      supersedes: { kind: 'renewal', licenseNumber: hr.number },
    });
    expect(wrongItem.statusCode).toBe(412);
    expect(wrongItem.json().message).toContain('不是“食品经营许可”的证照');
    const foreign = await start(person, {
      itemCode: FOOD,
      supersedes: { kind: 'change', licenseNumber: food.number },
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().message).toContain('申请人名下没有编号为');
    const unknown = await start(ent, {
      itemCode: FOOD,
      supersedes: { kind: 'change', licenseNumber: 'XK0000' },
    });
    expect(unknown.statusCode).toBe(404);
    const noLicense = await start(ent, {
      itemCode: FILING,
      supersedes: { kind: 'change', licenseNumber: food.number },
    });
    expect(noLicense.statusCode).toBe(412);
    expect(noLicense.json().message).toContain('不颁发证照');

    const changed = await licensed(ent, FOOD, FOOD_ASKED, {
      supersedes: { kind: 'change', licenseNumber: food.number },
    });
    expect(changed.license).toMatchObject({ validUntil: food.validUntil, supersedes: { kind: 'change' } });
  });

  it('two changes of one license opened side by side: the second is refused at its decision', async () => {
    const mine = (await t.call(ent, { method: 'GET', url: '/api/my/licenses' })).json().items;
    const hr = mine.find(
      (l: { name: string; status: string }) => l.name === '人力资源服务许可证' && l.status === 'valid',
    );
    const open = async () => {
      const r = await start(ent, { itemCode: HR, supersedes: { kind: 'change', licenseNumber: hr.number } });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().application;
    };
    const a = await open();
    const b = await open();
    const decide = async (id: string) =>
      t.call(ent, {
        method: 'POST',
        url: `/api/applications/${id}/submit`,
        payload: {
          mode: 'license_commitment',
          materials: await uploadMaterials(t, ent, HR_ASKED),
          commit: true,
        },
      });
    expect((await decide(a.id)).statusCode).toBe(200);
    const late = await decide(b.id);
    expect(late.statusCode).toBe(412);
    expect(late.json().message).toContain(`原证照（编号${hr.number}）已被新证照替代`);
    const still = (await t.call(ent, { method: 'GET', url: `/api/applications/${b.id}` })).json();
    expect(still.status).toBe('draft');
  });

  it('two cases opened side by side: the second decision is refused, naming the first license', async () => {
    const open = async () => {
      const r = await start(person, { itemCode: 'WSQ-RSJ-003' });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().application;
    };
    // 就业困难人员认定 issues no license: two confirmations stand side by side.
    expect((await open()).issuance.kind).toBe('confirmation');
    const a = (await start(ent, { itemCode: 'WSQ-RSJ-002' })).json().application;
    const b = (await start(ent, { itemCode: 'WSQ-RSJ-002' })).json().application;
    const asked = ['劳务派遣经营许可申请书', '注册资本实缴证明', '劳务派遣管理制度'];
    const submit = async (id: string) =>
      t.call(ent, {
        method: 'POST',
        url: `/api/applications/${id}/submit`,
        payload: {
          mode: 'license_commitment',
          materials: await uploadMaterials(t, ent, asked),
          missing: [],
          commit: true,
        },
      });
    const first = await submit(a.id);
    expect(first.statusCode, first.body).toBe(200);
    const second = await submit(b.id);
    expect(second.statusCode).toBe(409);
    expect(second.json().message).toContain(first.json().license.number);
    const [left] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(license)
      .where(eq(license.applicationId, b.id));
    expect(left!.n).toBe(0);
  });

  it('an item that allows several licenses issues a second one beside the first', async () => {
    const asked = ['节能审查申请', '节能报告'];
    const one = await licensed(ent, ENERGY, asked);
    const two = await licensed(ent, ENERGY, asked);
    expect(one.license).toMatchObject({
      name: '固定资产投资项目节能审查意见',
      template: 'approval_document',
    });
    expect(two.license.supersedes).toBeNull();
    const mine = (await t.call(ent, { method: 'GET', url: '/api/my/licenses' })).json().items;
    expect(
      mine.filter(
        (l: { name: string; status: string }) =>
          l.name === '固定资产投资项目节能审查意见' && l.status === 'valid',
      ),
    ).toHaveLength(2);
  });
});

describe('random inspections', () => {
  it('draw from holders of licenses without end, and not from a license replaced by its change', async () => {
    const supervisor = await t.login('supervisor'); // 市场监管局 supervises 人力资源服务许可
    const res = await t.call(supervisor, {
      method: 'POST',
      url: '/api/inspections/plans',
      payload: {
        name: '人力资源服务机构双随机抽查',
        scope: { description: '人力资源服务许可持证主体', itemCodes: [HR] },
        ratios: { A: 100, B: 100, C: 100, D: 100, E: 100, 未评级: 100 },
        periodStart: '2026-11-23',
        periodEnd: '2026-12-31',
        inspectorsPerInspection: 2,
        candidates: [],
        conflicts: [],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const names = res.json().candidates.map((c: { name: string }) => c.name);
    expect(names.filter((n: string) => n === '乌审旗草原明珠餐饮有限公司')).toHaveLength(1);
  });
});

describe('catalog fields', () => {
  it('a decision without its kind is refused; the fields are versioned and go through Excel both ways', async () => {
    const admin = await t.login('catalog');
    const depts = Object.fromEntries(
      (await t.call(admin, { method: 'GET', url: '/api/departments' }))
        .json()
        .items.map((d: { code: string; id: string }) => [d.code, d.id]),
    );
    const content: ItemContent = {
      name: '养老服务补贴发放（测试）',
      kind: 'administrative_payment',
      legalBasis: '《内蒙古自治区养老服务条例》',
      legalTimeLimitDays: 20,
      promisedTimeLimitDays: 5,
      modes: ['standard'],
      exclusionTags: [],
      proxyAllowed: true,
      withdrawalAllowed: true,
      supervisingDepartmentId: null,
      verification: { method: 'data_check', deadlineDays: null, byGrade: [] },
      materials: [],
      notice: {
        proofContent: '年满80周岁的本地户籍老年人。',
        commitmentMethod: '书面签署。',
        ...DEMO_LIABILITY,
      },
      commitment: DEMO_COMMITMENT,
      issuance: 'decision',
    };
    const refused = await t.call(admin, {
      method: 'POST',
      url: '/api/catalog/items',
      payload: { code: 'WSQ-MZJ-901', departmentId: depts['WSQ-MZJ'], ...content },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toContain('决定类别');
    const created = await t.call(admin, {
      method: 'POST',
      url: '/api/catalog/items',
      payload: {
        code: 'WSQ-MZJ-901',
        departmentId: depts['WSQ-MZJ'],
        ...content,
        decisionKind: 'payment',
        licenseName: '不应保存',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      issuance: 'decision',
      decisionKind: 'payment',
      licenseName: null,
    });

    // The published catalog exported, the HR item turned into a decision in Excel, imported back: the new
    // draft version of HR carries it; a workbook made before the columns existed still imports.
    const exported = await t.call(admin, { method: 'GET', url: '/api/catalog/export?format=xlsx' });
    expect(exported.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('事项清单')!;
    const header = (ws.getRow(1).values as unknown[]).map(String);
    const col = (h: string) => header.indexOf(h);
    let hrRow: unknown[] = [];
    ws.eachRow((r) => {
      const v = r.values as unknown[];
      if (v[col('事项编码')] === HR) hrRow = v;
    });
    expect(hrRow[col('证照名称')]).toBe('人力资源服务许可证');
    expect(hrRow[col('证照有效期（年）')]).toBe('长期');
    expect(hrRow[col('办理结果')]).toBe('颁发证照');
    ws.eachRow((r) => {
      if ((r.values as unknown[])[col('事项编码')] === HR) {
        r.getCell(col('办理结果')).value = '不发证照';
        r.getCell(col('决定类别')).value = '其他';
      }
    });
    const imported = await t.call(admin, {
      method: 'POST',
      url: '/api/catalog/import/xlsx',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      payload: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    expect(imported.statusCode, imported.body).toBe(201);
    const drafts = await Promise.all(
      (imported.json().versionIds as string[]).map(async (id) =>
        (await t.call(admin, { method: 'GET', url: `/api/catalog/versions/${id}` })).json(),
      ),
    );
    expect(drafts.find((d) => d.code === HR)).toMatchObject({
      status: 'draft',
      issuance: 'decision',
      decisionKind: 'other',
      licenseName: null,
      issuanceLabel: '只作决定（其他），不发证照',
    });
    expect(drafts.find((d) => d.code === FOOD)).toMatchObject({
      issuance: 'license',
      licenseName: '食品经营许可证',
      licenseValidityYears: 5,
    });
  });
});
