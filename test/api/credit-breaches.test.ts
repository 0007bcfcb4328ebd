import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { runAction, systemActor } from '../../src/server/context';
import { outboxMessage } from '../../src/server/db/schema';
import { recordBreach } from '../../src/server/modules/credit/record-breach';
import { check, creditScene, enterprise, itemInRegion } from '../helpers/credit';

const { t, clerk, depts, wushenItem } = await creditScene();

describe('breach events', () => {
  it('create the records the case’s policy version dictates, audited and pushed, once per event', async () => {
    const subject = enterprise('扎兰屯某商贸有限公司', '150783');
    const item = await itemInRegion(t, 'ZLT9', '150783');
    const judged = await check(t, clerk, subject, item);
    expect(judged.policy.code).toBe('zhalantun');
    const deps = t.app.deps;
    const breach = () =>
      runAction(deps, { actor: systemActor('监管反馈'), requestId: null }, (ctx) =>
        recordBreach(ctx, {
          subject,
          event: 'missing_materials_unsupplied',
          policyVersionId: judged.policy.id,
          decidingDepartmentId: depts['WSQ-WJW']!,
          reason: '容缺材料《场所平面图》经催告后仍未提交',
          applicationId: 'APP-TEST-1',
        }),
      );
    const first = await breach();
    expect(first.records).toEqual([expect.objectContaining({ kind: 'blacklist', severity: 'serious' })]);
    expect((await breach()).records).toEqual(first.records);
    const pushed = await t.database.db
      .select()
      .from(outboxMessage)
      .where(eq(outboxMessage.aggregateId, first.records[0]!.id));
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatchObject({ topic: 'credit_record' });
    expect(pushed[0]!.payload).toMatchObject({
      kind: 'blacklist',
      kindLabel: '黑名单',
      subjectCode: subject.code,
    });
    const after = await check(t, clerk, subject, item);
    expect(after.outcome).toBe('not_eligible');

    // 乌审旗: a false commitment is a serious 虚假承诺 record, and nothing else.
    const ws = enterprise();
    const wsJudged = await check(t, clerk, ws, wushenItem);
    const res = await runAction(deps, { actor: systemActor('监管反馈'), requestId: null }, (ctx) =>
      recordBreach(ctx, {
        subject: ws,
        event: 'false_commitment',
        policyVersionId: wsJudged.policy.id,
        decidingDepartmentId: depts['WSQ-WJW']!,
        reason: '现场核验发现承诺内容不实',
        applicationId: 'APP-TEST-2',
      }),
    );
    expect(res.records).toEqual([expect.objectContaining({ kind: 'false_commitment', severity: 'serious' })]);
  });
});

describe('breach consequences per jurisdiction', () => {
  it('鄂尔多斯 grades a false commitment by its social impact; 扎兰屯 blacklists it too; 义马 records a general one', async () => {
    const deps = t.app.deps;
    const cases = [
      {
        region: '150627',
        code: 'ORD9',
        impact: 'serious' as const,
        expect: [['false_commitment', 'serious']],
      },
      { region: '150627', code: 'ORD8', impact: undefined, expect: [['false_commitment', 'general']] },
      {
        region: '150783',
        code: 'ZLT8',
        impact: undefined,
        expect: [
          ['false_commitment', 'serious'],
          ['blacklist', 'serious'],
        ],
      },
      { region: '411281', code: 'YM9', impact: undefined, expect: [['false_commitment', 'general']] },
      { region: '321084', code: 'YZ9', impact: undefined, expect: [['false_commitment', 'serious']] },
    ];
    for (const c of cases) {
      const subject = enterprise();
      const item = await itemInRegion(t, c.code, c.region);
      const judged = await check(t, clerk, subject, item);
      const res = await runAction(deps, { actor: systemActor('监管反馈'), requestId: null }, (ctx) =>
        recordBreach(ctx, {
          subject,
          event: 'false_commitment',
          policyVersionId: judged.policy.id,
          decidingDepartmentId: depts['WSQ-WJW']!,
          reason: '承诺不实',
          applicationId: `APP-${c.code}`,
          ...(c.impact ? { impact: c.impact } : {}),
        }),
      );
      expect(
        res.records.map((r) => [r.kind, r.severity]),
        c.code,
      ).toEqual(c.expect);
      expect((await check(t, clerk, subject, item)).outcome, c.code).toBe('not_eligible');
    }
  });
});
