import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approvalModes, type Material } from '../../src/contracts/catalog';
import { planMaterials } from '../../src/domain/application-materials';
import { DomainError } from '../../src/domain/errors';

const mat = (name: string, o: Partial<Material> = {}): Material => ({
  name,
  required: true,
  replaceableByCommitment: false,
  replacesCertificate: null,
  tolerableMissing: false,
  supplyDeadlineDays: null,
  fromSharedData: false,
  ...o,
});

const materials = [
  mat('申请表'),
  mat('营业执照', { fromSharedData: true }),
  mat('检测报告', { replaceableByCommitment: true, replacesCertificate: '检测合格证明' }),
  mat('管理制度', { tolerableMissing: true, supplyDeadlineDays: 10 }),
  mat('平面图', { required: false }),
];
const none = { provided: new Map<string, string>(), missing: [], form: {} };
const problemsOf = (f: () => unknown): string[] => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return ((e as DomainError).details?.problems as string[]) ?? [];
  }
  return [];
};

describe('materials by mode', () => {
  it('a commitment mode: shared fetched, replaceable committed, the rest handed in', () => {
    const plan = planMaterials(materials, {
      ...none,
      mode: 'license_commitment',
      provided: new Map([
        ['申请表', 'f1'],
        ['管理制度', 'f2'],
      ]),
    });
    expect(plan.map((p) => [p.name, p.state])).toEqual([
      ['申请表', 'provided'],
      ['营业执照', 'shared'],
      ['检测报告', 'committed'],
      ['管理制度', 'provided'],
      ['平面图', 'not_provided'],
    ]);
  });

  it('the standard procedure: the certificate must be handed in, shared data is still never asked', () => {
    const problems = problemsOf(() =>
      planMaterials(materials, { ...none, mode: 'standard', provided: new Map([['申请表', 'f1']]) }),
    );
    expect(problems).toEqual(['缺少必要材料“检测报告”', '缺少必要材料“管理制度”']);
  });

  it('one-form entry takes the rest as entries of the form', () => {
    const plan = planMaterials(materials, {
      ...none,
      mode: 'one_form',
      form: { 申请表: '项目信息', 管理制度: '制度要点' },
    });
    expect(plan.map((p) => p.state)).toEqual(['in_form', 'shared', 'committed', 'in_form', 'not_provided']);
    expect(
      problemsOf(() => planMaterials(materials, { ...none, mode: 'one_form', form: { 申请表: ' ' } })),
    ).toContain('请在申请承诺表中填报“申请表”');
  });

  it('missing materials: only tolerable ones, with their deadline; at least one', () => {
    const plan = planMaterials(materials, {
      ...none,
      mode: 'missing_materials',
      provided: new Map([['申请表', 'f1']]),
      missing: ['管理制度'],
    });
    expect(plan.find((p) => p.name === '管理制度')).toMatchObject({
      state: 'missing',
      supplyDeadlineDays: 10,
    });
    expect(
      problemsOf(() =>
        planMaterials(materials, { ...none, mode: 'missing_materials', missing: ['申请表', '管理制度'] }),
      ),
    ).toContain('“申请表”不可容缺，必须在受理时提交');
    expect(
      problemsOf(() =>
        planMaterials(materials, {
          ...none,
          mode: 'missing_materials',
          provided: new Map([
            ['申请表', 'f1'],
            ['管理制度', 'f2'],
          ]),
        }),
      )[0],
    ).toContain('至少一项容缺材料');
  });

  it('other modes take no missing material, and unknown names are refused', () => {
    expect(
      problemsOf(() =>
        planMaterials(materials, {
          ...none,
          mode: 'commit_entry',
          provided: new Map([['申请表', 'f1']]),
          missing: ['管理制度'],
        }),
      )[0],
    ).toContain('不接受容缺');
    expect(
      problemsOf(() =>
        planMaterials(materials, { ...none, mode: 'standard', provided: new Map([['伪造材料', 'f']]) }),
      )[0],
    ).toBe('“伪造材料”不是本事项的申请材料');
  });

  it('never lets a non-tolerable material be missing, whatever is asked', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...approvalModes),
        fc.subarray(materials.map((m) => m.name)),
        fc.subarray(materials.map((m) => m.name)),
        (mode, provided, missing) => {
          try {
            const plan = planMaterials(materials, {
              mode,
              provided: new Map(provided.map((n) => [n, `f-${n}`])),
              missing,
              form: {},
            });
            for (const p of plan) {
              const m = materials.find((x) => x.name === p.name)!;
              if (p.state === 'missing')
                expect(m.tolerableMissing && mode === 'missing_materials').toBe(true);
              if (p.state === 'committed')
                expect(m.replaceableByCommitment && mode !== 'standard').toBe(true);
              if (m.fromSharedData) expect(p.state).toBe('shared');
              if (m.required && !m.fromSharedData) expect(p.state).not.toBe('not_provided');
            }
          } catch (e) {
            expect(e).toBeInstanceOf(DomainError);
          }
        },
      ),
    );
  });
});
