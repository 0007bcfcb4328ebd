import { writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { SharedDataAdapter } from '../../src/server/modules/applications/shared-data';
import { createTestApp, type Session } from './app';
import { startCase } from './applications';
import { withStatutoryHolidays } from './calendar';
import { uploadMaterials } from './files';
import { pdfText } from './qr';

/**
 * Every document of the procedure, generated for real cases driven through the API, read back from the
 * PDF as text: number, parties, item, basis, decision, dates and, where the decision goes against the
 * party, the channels and time limits of 复议 and 诉讼.
 */

export type Doc = {
  id: string;
  kind: string;
  title: string;
  number: string;
  pdfUrl: string;
  htmlUrl: string;
};

/** The documents tests' app (workers on, 2027 loaded) and the steps that drive cases to their documents. */
export async function documentsScene() {
  const sharedData: SharedDataAdapter = {
    fetch: async (subject, name) => ({
      found: true,
      source: '电子证照库',
      reference: `${name}-${subject.code}`,
    }),
  };
  // Monday 2026-11-23, 10:00 in Beijing.
  const t = await createTestApp({ now: '2026-11-23T02:00:00Z', workers: true, sharedData });
  const BASE = 'http://localhost:3000';
  // 45 working days from late November reach into 2027: the administrator has loaded its calendar.
  const loaded = await t.call(await t.login('sysadmin'), {
    method: 'PUT',
    url: '/api/calendar/years/2027',
    // A year is loaded only with every statutory holiday given off.
    payload: withStatutoryHolidays(2027, {
      notice: '国务院办公厅关于2027年部分节假日安排的通知',
      holidays: [{ date: '2027-01-01', name: '元旦' }],
      workdays: [],
    }),
  });
  if (loaded.statusCode !== 200) throw new Error(loaded.body);

  const FOOD = 'WSQ-ZWFW-001';
  const FOOD_ASKED = [
    '食品经营许可申请书',
    '与食品经营相适应的主要设备设施布局、操作流程等文件',
    '食品安全管理制度目录',
  ];
  const FOOD_MAIN = FOOD_ASKED.slice(0, 2);
  const CLINIC = 'WSQ-WJW-002'; // 医疗机构执业登记: standard procedure, 卫健委
  const CLINIC_ASKED = ['医疗机构执业登记申请书', '医疗机构用房产权证明或使用证明', '医疗机构规章制度'];
  const SAVING = 'WSQ-FGW-002'; // 固定资产投资项目节能审查: license commitment, 发改委, supervised by 市场监管局

  /** Names outside the basic set: CJK Extension B, and Mongolian script (Bayan Möngke). */
  const EXT_B_NAME = '𠮷祥云';
  const MONGOLIAN_NAME = 'ᠪᠠᠶᠠᠨ ᠮᠥᠩᠬᠡ';

  const docsOf = async (s: Session, applicationId: string): Promise<Doc[]> => {
    const res = await t.call(s, { method: 'GET', url: `/api/documents?applicationId=${applicationId}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };
  const pdfOf = async (s: Session, d: Doc): Promise<Buffer> => {
    const res = await t.call(s, { method: 'GET', url: d.pdfUrl });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    // To look at what was printed: DOCUMENTS_OUT=/some/folder npx vitest run test/api/documents.test.ts
    if (process.env.DOCUMENTS_OUT)
      writeFileSync(`${process.env.DOCUMENTS_OUT}/${d.kind}-${d.id.slice(0, 8)}.pdf`, res.rawPayload);
    return res.rawPayload;
  };
  /** Text as extracted, with line breaks removed: a phrase may wrap anywhere in a justified letter. */
  const flat = (s: string) => s.replace(/\s*\n\s*/g, '');
  const textOf = async (s: Session, d: Doc) => flat(await pdfText(await pdfOf(s, d)));
  const one = (docs: Doc[], kind: string) => {
    const d = docs.find((x) => x.kind === kind);
    expect(d, `${kind} in ${docs.map((x) => x.kind)}`).toBeTruthy();
    return d!;
  };
  const check = async (url: string) => {
    expect(url.startsWith(`${BASE}/api/public/documents/verify/`), url).toBe(true);
    const res = await t.app.inject({ method: 'GET', url: url.slice(BASE.length) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const REMEDY =
    /自收到本(决定|通知书)之日起六十日内向乌审旗人民政府申请行政复议，也可以自收到本\1之日起六个月内依法向乌审旗人民法院提起行政诉讼/;

  const counterStart = async (clerk: Session, itemCode: string, subject: Record<string, string>) => {
    const res = await t.call(clerk, {
      method: 'POST',
      url: '/api/applications',
      payload: { itemCode, subject },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().application;
  };
  const submitStandard = async (s: Session, a: { id: string }) => {
    const res = await t.call(s, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: { mode: 'standard', materials: await uploadMaterials(t, s, CLINIC_ASKED), commit: false },
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const step = async (s: Session, id: string, what: string, comment?: string) => {
    const res = await t.call(s, {
      method: 'POST',
      url: `/api/applications/${id}/${what}`,
      payload: comment ? { comment } : {},
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  /** 食品经营许可 by the demo enterprise, on commitment: decided at once. */
  const decideOnTheSpot = async (ent: Session) => {
    // One live license per subject and item: a later case is a change of the license already held.
    const a = (await startCase(t, ent, { itemCode: FOOD, legalRepresentative: '巴特尔' })).application; // as registered
    const res = await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: {
        mode: 'license_commitment',
        materials: await uploadMaterials(t, ent, FOOD_ASKED),
        commit: true,
        version: a.version,
      },
    });
    expect(res.json().status).toBe('approved');
    return { a, license: res.json().license };
  };
  return {
    sharedData,
    t,
    BASE,
    FOOD,
    FOOD_ASKED,
    FOOD_MAIN,
    CLINIC,
    CLINIC_ASKED,
    SAVING,
    EXT_B_NAME,
    MONGOLIAN_NAME,
    docsOf,
    pdfOf,
    flat,
    textOf,
    one,
    check,
    REMEDY,
    counterStart,
    submitStandard,
    step,
    decideOnTheSpot,
  };
}
