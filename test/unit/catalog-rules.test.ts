import { describe, expect, it } from 'vitest';
import { commitmentModes, exclusionTags, type ItemContent, type Material } from '../../src/contracts/catalog';
import {
  applicantMaterials,
  checkItemRules,
  commitmentExclusions,
  missingMaterialsExclusions,
  missingSections,
  normalizeContent,
  verificationFor,
} from '../../src/domain/catalog';

const material = (o: Partial<Material> = {}): Material => ({
  name: '申请书',
  required: true,
  replaceableByCommitment: false,
  replacesCertificate: null,
  tolerableMissing: false,
  supplyDeadlineDays: null,
  fromSharedData: false,
  ...o,
});

const content = (o: Partial<ItemContent> = {}): ItemContent => ({
  name: '测试事项',
  kind: 'administrative_license',
  legalBasis: '《某条例》第一条',
  legalTimeLimitDays: 20,
  promisedTimeLimitDays: 5,
  modes: ['license_commitment'],
  exclusionTags: [],
  proxyAllowed: false,
  withdrawalAllowed: true,
  supervisingDepartmentId: null,
  verification: { method: 'data_check', deadlineDays: null, byGrade: [] },
  materials: [material()],
  notice: {
    proofContent: '许可条件',
    commitmentMethod: '书面承诺',
    civilLiability: '民事',
    administrativeLiability: '行政',
    criminalLiability: '刑事',
  },
  commitment: { informed: '知晓', meetsConditions: '符合', acceptsLiability: '承担', truthful: '真实' },
  ...o,
});

describe('exclusions', () => {
  it('every commitment-excluding tag blocks every commitment mode, naming both', () => {
    for (const tag of commitmentExclusions) {
      for (const mode of commitmentModes) {
        const extra =
          mode === 'certificate_commitment'
            ? { materials: [material({ replaceableByCommitment: true, replacesCertificate: '某证明' })] }
            : {};
        const problems = checkItemRules(
          normalizeContent(content({ modes: [mode], exclusionTags: [tag], ...extra })),
        );
        const p = problems.find((x) => x.tag === tag && x.mode === mode);
        expect(p, `${tag} × ${mode}`).toBeDefined();
        expect(p!.message).toMatch(/事项涉及“.+”，不得适用“.+”/);
      }
    }
  });

  it('energy saving alone does not block commitment but blocks 容缺', () => {
    expect(commitmentExclusions).not.toContain('energy_saving');
    expect(checkItemRules(content({ exclusionTags: ['energy_saving'] }))).toEqual([]);
    const withMissing = content({
      exclusionTags: ['energy_saving'],
      modes: ['license_commitment', 'missing_materials'],
      materials: [material({ tolerableMissing: true, supplyDeadlineDays: 5 })],
    });
    const problems = checkItemRules(withMissing);
    expect(problems.some((p) => p.mode === 'missing_materials' && p.tag === 'energy_saving')).toBe(true);
    expect(problems.some((p) => p.field === 'materials[0].tolerableMissing')).toBe(true);
  });

  it('容缺 is refused exactly for the tags of seed 002', () => {
    for (const tag of exclusionTags) {
      const c = content({
        modes: ['missing_materials'],
        exclusionTags: [tag],
        materials: [material({ tolerableMissing: true, supplyDeadlineDays: 5 })],
      });
      const blocked = checkItemRules(c).some((p) => p.mode === 'missing_materials');
      expect(blocked, tag).toBe(missingMaterialsExclusions.includes(tag));
    }
  });

  it('the standard procedure is always allowed, even for an excluded item', () => {
    const c = normalizeContent(content({ modes: [], exclusionTags: ['national_security'] }));
    expect(c.modes).toEqual(['standard']);
    expect(checkItemRules(c)).toEqual([]);
  });
});

describe('materials and modes', () => {
  it('tolerable-missing needs a deadline, the 容缺 mode, and is pointless for shared data', () => {
    const c = content({ materials: [material({ tolerableMissing: true, fromSharedData: true })] });
    const fields = checkItemRules(c).map((p) => p.field);
    expect(fields).toContain('materials[0].supplyDeadlineDays');
    expect(fields.filter((f) => f === 'materials[0].tolerableMissing')).toHaveLength(2);
  });

  it('certificate commitment names the certificate a commitment replaces', () => {
    expect(checkItemRules(content({ modes: ['certificate_commitment'] })).map((p) => p.field)).toContain(
      'materials',
    );
    const ok = content({
      modes: ['certificate_commitment'],
      materials: [material({ replaceableByCommitment: true, replacesCertificate: '户籍证明' })],
    });
    expect(checkItemRules(ok)).toEqual([]);
  });

  it('promised limit may not exceed the legal one', () => {
    expect(checkItemRules(content({ promisedTimeLimitDays: 21 }))[0]!.field).toBe('promisedTimeLimitDays');
  });

  it('shared-data materials are never asked of the applicant', () => {
    const list = [material(), material({ name: '营业执照', fromSharedData: true })];
    expect(applicantMaterials(list).map((m) => m.name)).toEqual(['申请书']);
  });

  it('先入后验 defaults to 10 working days; an item may set its own', () => {
    expect(normalizeContent(content({ modes: ['enter_then_verify'] })).verification.deadlineDays).toBe(10);
    const own = content({
      modes: ['enter_then_verify'],
      verification: { method: 'on_site', deadlineDays: 5, byGrade: [] },
    });
    expect(normalizeContent(own).verification.deadlineDays).toBe(5);
    expect(normalizeContent(content()).verification.deadlineDays).toBeNull();
  });

  it('the credit grade sets the intensity of verification', () => {
    const plan = {
      method: 'on_site' as const,
      deadlineDays: 10,
      byGrade: [{ grade: 'A' as const, method: 'sampling' as const, samplingPercent: 5 }],
    };
    expect(verificationFor(plan, 'A')).toEqual({ method: 'sampling', samplingPercent: 5, deadlineDays: 10 });
    expect(verificationFor(plan, 'C')).toEqual({
      method: 'on_site',
      samplingPercent: null,
      deadlineDays: 10,
    });
    expect(verificationFor(plan, null).method).toBe('on_site');
  });
});

describe('mandatory sections', () => {
  it('names each empty section of the notice and the letter', () => {
    expect(missingSections(content())).toEqual([]);
    const c = content({
      notice: { ...content().notice, criminalLiability: ' ' },
      commitment: { ...content().commitment, truthful: '' },
    });
    expect(missingSections(c).map((s) => s.field)).toEqual([
      'notice.criminalLiability',
      'commitment.truthful',
    ]);
  });

  it('an item in the standard procedure only needs its name and legal basis', () => {
    const c = content({
      modes: ['standard'],
      notice: { ...content().notice, proofContent: '' },
      legalBasis: '',
    });
    expect(missingSections(c).map((s) => s.field)).toEqual(['legalBasis']);
  });
});
