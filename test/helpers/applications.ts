import { expect } from 'vitest';
import type { SharedDataAdapter } from '../../src/server/modules/applications/shared-data';
import { createTestApp, type Session, type TestApp } from './app';

/**
 * Starts a case and returns the 201 body. A subject holds one live license per item (15.7): where an
 * earlier test of the file already licensed this subject for the item, the case is started as a change
 * (变更) of that license, which is what the subject would have to do.
 */
export async function startCase(t: TestApp, s: Session | string | null, payload: Record<string, unknown>) {
  let res = await t.call(s, { method: 'POST', url: '/api/applications', payload });
  const held = res.statusCode === 409 ? (res.json().details?.licenseNumber as string | undefined) : undefined;
  if (held && !payload.supersedes) {
    res = await t.call(s, {
      method: 'POST',
      url: '/api/applications',
      payload: { ...payload, supersedes: { kind: 'change', licenseNumber: held } },
    });
  }
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export const FOOD = 'WSQ-ZWFW-001'; // 食品经营许可: license_commitment, enter_then_verify, missing_materials; proxy allowed
export const FOOD_ASKED = [
  '食品经营许可申请书',
  '与食品经营相适应的主要设备设施布局、操作流程等文件',
  '食品安全管理制度目录',
];
export const FREIGHT = 'WSQ-JTJ-001'; // 道路普通货物运输经营许可: two tolerable-missing materials (10 days)
export const FREIGHT_COMPLETE = ['道路货物运输经营申请表', '拟投入车辆承诺书'];
export const FILING = 'WSQ-FGW-001'; // 企业投资项目备案: one_form only, no proxy
export const CLINIC = 'WSQ-WJW-002'; // 医疗机构执业登记: standard procedure only (卫健委)
/** The first bytes of a PNG: enough for the upload check to judge the type by content. */
export const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1,
]);

/** The application tests' app, with the e-license platform faked, and the demo people who act in it. */
export async function applicationsScene() {
  /** The materials the faked platform was asked for. */
  const fetched: string[] = [];
  const sharedData: SharedDataAdapter = {
    fetch: async (subject, name) => {
      fetched.push(name);
      return { found: true, source: '电子证照库', reference: `${name}-${subject.code.slice(-6)}` };
    },
  };
  const t = await createTestApp({ sharedData });
  const start = (s: Session, itemCode: string, extra: Record<string, unknown> = {}) =>
    startCase(t, s, { itemCode, ...extra });
  return {
    t,
    fetched,
    start,
    db: t.database.db,
    ent: await t.login('ent_demo'),
    person: await t.login('person_demo'),
    agent: await t.login('agent_demo'),
    clerk: await t.login('clerk'),
    approver: await t.login('approver'), // 卫健委
    approverFgw: await t.login('approver_fgw'),
    inspector: await t.login('inspector'),
  };
}
