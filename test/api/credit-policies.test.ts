import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session } from '../helpers/app';
import { addGrade, addRecord, check, enterprise, itemInRegion } from '../helpers/credit';

// Each jurisdiction's policy against the situations its document describes, through the API: a credit
// officer enters records and grades, a window clerk runs the check for an item of that jurisdiction.
const t = await createTestApp({ now: '2026-11-23T02:00:00Z' });
let credit: Session;
let clerk: Session;
const items: Record<string, string> = {};

beforeAll(async () => {
  credit = await t.login('credit');
  clerk = await t.login('clerk');
  items.wushen = await itemInRegion(t, 'WS1', '150626');
  items.yima = await itemInRegion(t, 'YM1', '411281');
  items.zhalantun = await itemInRegion(t, 'ZLT1', '150783');
  items.yangzhou = await itemInRegion(t, 'YZ1', '321012'); // 江都区
  items.ordos = await itemInRegion(t, 'ORD1', '150627'); // 伊金霍洛旗
});

const rules = (res: { reasons: { rule: string; effect?: string }[] }) =>
  res.reasons.filter((r) => r.effect !== 'waived').map((r) => r.rule);

describe('the jurisdiction is chosen by the item department’s region', () => {
  it('records which policy judged each check', async () => {
    for (const code of ['wushen', 'yima', 'zhalantun', 'yangzhou', 'ordos']) {
      const res = await check(t, clerk, enterprise(), items[code]!);
      expect(res.policy.code).toBe(code);
    }
    // No item: the configured default (乌审旗).
    expect((await check(t, clerk, enterprise(), null)).policy.code).toBe('wushen');
  });
});

describe('wushen (000): serious bad credit or a past false commitment bars 承诺即入 until repaired', () => {
  it('a clean subject may use every mode the item allows', async () => {
    const res = await check(t, clerk, enterprise(), items.wushen!);
    expect(res.outcome).toBe('eligible');
    expect(res.allowedModes).toEqual(
      expect.arrayContaining(['one_form', 'commit_entry', 'enter_then_verify', 'standard']),
    );
  });

  it('a past false commitment: not eligible, only the standard procedure', async () => {
    const s = enterprise();
    const r = await addRecord(t, credit, s, {
      kind: 'false_commitment',
      severity: 'general',
      decidedOn: '2026-06-01',
    });
    const res = await check(t, clerk, s, items.wushen!);
    expect(res.outcome).toBe('not_eligible');
    expect(res.allowedModes).toEqual(['standard']);
    expect(res.reasons).toContainEqual(expect.objectContaining({ rule: 'false_commitment', recordId: r.id }));
    expect(res.restrictions).toEqual(['key_review']);
  });

  it('a fulfilled general penalty does not bar; an unfulfilled one does', async () => {
    const paid = enterprise();
    await addRecord(t, credit, paid, {
      kind: 'administrative_penalty',
      severity: 'general',
      decidedOn: '2026-09-01',
      penaltyFulfilled: true,
    });
    expect((await check(t, clerk, paid, items.wushen!)).outcome).toBe('eligible');
    const unpaid = enterprise();
    await addRecord(t, credit, unpaid, {
      kind: 'administrative_penalty',
      severity: 'general',
      decidedOn: '2026-09-01',
      penaltyFulfilled: false,
    });
    const res = await check(t, clerk, unpaid, items.wushen!);
    expect(res.outcome).toBe('not_eligible');
    expect(rules(res)).toEqual(['unfulfilled_penalty']);
  });

  it('an abnormal-operation record or grade C leaves only 先入后验', async () => {
    const s = enterprise();
    await addRecord(t, credit, s, {
      kind: 'abnormal_operation',
      severity: 'general',
      decidedOn: '2026-08-01',
    });
    const res = await check(t, clerk, s, items.wushen!);
    expect(res.outcome).toBe('conditional');
    expect(res.allowedModes).toEqual(['enter_then_verify', 'standard']);
    const c = enterprise();
    await addGrade(t, credit, c, 'national', 'C');
    expect((await check(t, clerk, c, items.wushen!)).outcome).toBe('conditional');
    const d = enterprise();
    await addGrade(t, credit, d, 'national', 'D');
    expect((await check(t, clerk, d, items.wushen!)).outcome).toBe('not_eligible');
  });

  it('a minor record whose publicity has run out no longer counts', async () => {
    const s = enterprise();
    await addRecord(t, credit, s, { kind: 'abnormal_operation', severity: 'minor', decidedOn: '2026-03-01' });
    expect((await check(t, clerk, s, items.wushen!)).outcome).toBe('eligible');
  });
});

describe('yima (001): 严重失信, 黑名单, or an unfulfilled penalty keep the original procedure', () => {
  it('blacklisted: not eligible', async () => {
    const s = enterprise();
    await addRecord(t, credit, s, { kind: 'blacklist', severity: 'serious', decidedOn: '2026-02-01' });
    const res = await check(t, clerk, s, items.yima!);
    expect(res.outcome).toBe('not_eligible');
    expect(rules(res)).toContain('blacklist');
  });

  it('a serious dishonesty list entry: not eligible', async () => {
    const s = enterprise();
    await addRecord(t, credit, s, {
      kind: 'serious_dishonesty_list',
      severity: 'serious',
      decidedOn: '2026-02-01',
    });
    expect((await check(t, clerk, s, items.yima!)).outcome).toBe('not_eligible');
  });

  it('a penalty not fulfilled bars; the same penalty fulfilled does not', async () => {
    const s = enterprise();
    await addRecord(t, credit, s, {
      kind: 'administrative_penalty',
      severity: 'minor',
      decidedOn: '2026-10-01',
      penaltyFulfilled: false,
    });
    const res = await check(t, clerk, s, items.yima!);
    expect(res.outcome).toBe('not_eligible');
    expect(rules(res)).toEqual(['unfulfilled_penalty']);
    const paid = enterprise();
    await addRecord(t, credit, paid, {
      kind: 'administrative_penalty',
      severity: 'general',
      decidedOn: '2026-10-01',
      penaltyFulfilled: true,
    });
    const ok = await check(t, clerk, paid, items.yima!);
    expect(ok.outcome).toBe('eligible');
    expect(ok.allowedModes).toContain('missing_materials');
  });
});

describe('zhalantun (002): 信易批 for good credit and incentive card holders, incentives and restrictions', () => {
  it('good credit: eligible with green channel, 秒批, assisted and door-to-door service', async () => {
    const res = await check(t, clerk, enterprise(), items.zhalantun!);
    expect(res.outcome).toBe('eligible');
    expect(res.incentives).toEqual(['green_channel', 'instant_approval', 'assisted_service', 'door_to_door']);
  });

  it('an incentive card holder with an abnormal-operation record qualifies; the record is set aside', async () => {
    const s = enterprise();
    const card = await addRecord(t, credit, s, {
      kind: 'tax_incentive_card',
      severity: 'minor',
      decidedOn: '2026-03-01',
      validUntil: '2027-02-28',
    });
    const abnormal = await addRecord(t, credit, s, {
      kind: 'abnormal_operation',
      severity: 'general',
      decidedOn: '2026-09-01',
    });
    const res = await check(t, clerk, s, items.zhalantun!);
    expect(res.outcome).toBe('eligible');
    expect(res.reasons).toContainEqual(
      expect.objectContaining({ rule: 'incentive_card', recordId: card.id }),
    );
    expect(res.reasons).toContainEqual(
      expect.objectContaining({ rule: 'abnormal_operation', recordId: abnormal.id, effect: 'waived' }),
    );
    // The same abnormal record without a card: not good credit.
    const plain = enterprise();
    await addRecord(t, credit, plain, {
      kind: 'abnormal_operation',
      severity: 'general',
      decidedOn: '2026-09-01',
    });
    expect((await check(t, clerk, plain, items.zhalantun!)).outcome).toBe('not_eligible');
  });

  it('an expired card qualifies no more', async () => {
    const s = enterprise();
    await addRecord(t, credit, s, {
      kind: 'tax_incentive_card',
      severity: 'minor',
      decidedOn: '2025-03-01',
      validUntil: '2026-02-28',
    });
    await addRecord(t, credit, s, {
      kind: 'abnormal_operation',
      severity: 'general',
      decidedOn: '2026-09-01',
    });
    expect((await check(t, clerk, s, items.zhalantun!)).outcome).toBe('not_eligible');
  });

  it('blacklisted: key review target, no conveniences, even with a card', async () => {
    const s = enterprise();
    await addRecord(t, credit, s, {
      kind: 'tax_incentive_card',
      severity: 'minor',
      decidedOn: '2026-03-01',
      validUntil: '2027-02-28',
    });
    await addRecord(t, credit, s, { kind: 'blacklist', severity: 'serious', decidedOn: '2026-10-01' });
    const res = await check(t, clerk, s, items.zhalantun!);
    expect(res.outcome).toBe('not_eligible');
    expect(res.incentives).toEqual([]);
    expect(res.restrictions).toEqual(['key_review']);
    expect(res.allowedModes).toEqual(['standard']);
  });
});

describe('yangzhou (003): graded approval on A–E', () => {
  it('grade B or above and no dishonesty record: conditionally eligible, verified afterwards', async () => {
    for (const g of ['A', 'B']) {
      const s = enterprise();
      await addGrade(t, credit, s, 'yangzhou', g);
      const res = await check(t, clerk, s, items.yangzhou!);
      expect(res.outcome).toBe('conditional');
      expect(res.allowedModes).not.toContain('one_form');
      expect(res.allowedModes).toContain('enter_then_verify');
      expect(res.grade).toEqual({ scale: 'yangzhou', value: g });
    }
  });

  it('grade C or below: not eligible', async () => {
    for (const g of ['C', 'D', 'E']) {
      const s = enterprise();
      await addGrade(t, credit, s, 'yangzhou', g);
      const res = await check(t, clerk, s, items.yangzhou!);
      expect(res.outcome).toBe('not_eligible');
      expect(rules(res)).toEqual(['grade_c_or_below']);
    }
  });

  it('grade A with any dishonesty record: not eligible', async () => {
    const s = enterprise();
    await addGrade(t, credit, s, 'yangzhou', 'A');
    await addRecord(t, credit, s, {
      kind: 'administrative_penalty',
      severity: 'minor',
      decidedOn: '2026-10-10',
      penaltyFulfilled: true,
    });
    const res = await check(t, clerk, s, items.yangzhou!);
    expect(res.outcome).toBe('not_eligible');
    expect(rules(res)).toEqual(['dishonesty_record']);
  });

  it('no grade on file: not eligible, the grade is what decides', async () => {
    const res = await check(t, clerk, enterprise(), items.yangzhou!);
    expect(res.outcome).toBe('not_eligible');
    expect(rules(res)).toEqual(['grade_missing']);
  });

  it('a major project with grade D skips the grade check and is eligible', async () => {
    const s = enterprise();
    await addGrade(t, credit, s, 'yangzhou', 'D');
    const res = await check(t, clerk, s, items.yangzhou!, true);
    expect(res.outcome).toBe('eligible');
    expect(res.reasons).toContainEqual(expect.objectContaining({ rule: 'major_project' }));
    expect(res.reasons).toContainEqual(
      expect.objectContaining({ rule: 'grade_c_or_below', effect: 'waived' }),
    );
    // The same subject for an ordinary project is not.
    expect((await check(t, clerk, s, items.yangzhou!, false)).outcome).toBe('not_eligible');
  });

  it('a major project does not skip a dishonesty record', async () => {
    const s = enterprise();
    await addRecord(t, credit, s, { kind: 'false_commitment', severity: 'general', decidedOn: '2026-10-10' });
    expect((await check(t, clerk, s, items.yangzhou!, true)).outcome).toBe('not_eligible');
  });
});

describe('ordos (004): 证明事项告知承诺 unless serious bad credit or a past false commitment', () => {
  it('clean: only the certificate commitment among the commitment modes', async () => {
    const res = await check(t, clerk, enterprise(), items.ordos!);
    expect(res.outcome).toBe('eligible');
    expect(res.allowedModes).toEqual(['certificate_commitment', 'standard']);
  });

  it('a past false commitment, even minor: not eligible until repaired', async () => {
    const s = enterprise();
    await addRecord(t, credit, s, { kind: 'false_commitment', severity: 'minor', decidedOn: '2026-10-01' });
    expect((await check(t, clerk, s, items.ordos!)).outcome).toBe('not_eligible');
  });

  it('a serious penalty, even fulfilled, is 较严重不良信用记录; a general fulfilled one is not', async () => {
    const s = enterprise();
    await addRecord(t, credit, s, {
      kind: 'administrative_penalty',
      severity: 'serious',
      decidedOn: '2026-01-10',
      penaltyFulfilled: true,
    });
    expect((await check(t, clerk, s, items.ordos!)).outcome).toBe('not_eligible');
    const g = enterprise();
    await addRecord(t, credit, g, {
      kind: 'administrative_penalty',
      severity: 'general',
      decidedOn: '2026-01-10',
      penaltyFulfilled: true,
    });
    expect((await check(t, clerk, g, items.ordos!)).outcome).toBe('eligible');
  });
});
