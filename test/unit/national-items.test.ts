import { describe, expect, it } from 'vitest';
import { completeResidentId, completeUscc } from '../../src/domain/codes';
import {
  type CommitmentSource,
  formatCommitmentCode,
  type LicenseSource,
  toCommitmentDataItems,
  toLicenseDataItems,
} from '../../src/domain/national-items';

const enterprise = completeUscc('91150626', 'MA0N7X2K');
const unit = completeUscc('11150626', '01150001');
const person = completeResidentId('15062619850317002');
const today = '2026-11-23';

const commitment = (over: Partial<CommitmentSource> = {}): CommitmentSource => ({
  code: formatCommitmentCode('150626', '20261123', 1),
  committer: { name: '乌审旗草原明珠餐饮有限公司', category: '法人及非法人组织', code: enterprise },
  type: '审批替代型',
  reason: '申请食品经营许可',
  content: '本单位已符合食品经营许可条件，所填信息真实。',
  liability: '承诺不实的，依法撤销许可并记入信用记录。',
  madeOn: '2026-11-23',
  fulfilment: { status: '全部履行' },
  acceptingUnit: { name: '乌审旗市场监督管理局', uscc: unit },
  disclosure: '社会公开',
  ...over,
});

describe('信用承诺 data items', () => {
  it('maps a commitment, with a 20-character code', () => {
    const items = toCommitmentDataItems(commitment(), { audience: 'government', today });
    expect(items.承诺编码).toBe('15062620261123000001');
    expect(items).toMatchObject({
      承诺人类别: '法人及非法人组织',
      承诺人代码: enterprise,
      承诺类型: '审批替代型',
      承诺履行状态: '全部履行',
      未履行的承诺内容: null,
      违诺责任追究内容: null,
      承诺受理单位代码: unit,
      公开类型: '社会公开',
    });
    expect(() => formatCommitmentCode('150626', '20261123', 1_000_000)).toThrow('流水号已用尽');
  });

  it('requires what was not kept and how it was pursued unless wholly kept', () => {
    expect(() =>
      toCommitmentDataItems(commitment({ fulfilment: { status: '部分履行' } }), {
        audience: 'government',
        today,
      }),
    ).toThrow(/承诺履行状态为“部分履行”时，未履行的承诺内容不能为空.*违诺责任追究内容不能为空/);
    const ok = toCommitmentDataItems(
      commitment({
        fulfilment: {
          status: '全部未履行',
          unfulfilledContent: '未取得消防验收',
          accountability: '撤销许可，记入失信记录',
        },
      }),
      { audience: 'government', today },
    );
    expect(ok.未履行的承诺内容).toBe('未取得消防验收');
  });

  it('names every missing or bad item in Chinese', () => {
    try {
      toCommitmentDataItems(
        commitment({
          code: '123',
          reason: ' ',
          type: '别的' as never,
          acceptingUnit: { name: '', uscc: 'X' },
        }),
        { audience: 'government', today },
      );
      expect.unreachable();
    } catch (e) {
      const problems = (e as { details: { problems: string[] } }).details.problems;
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringContaining('承诺编码应为20位'),
          '承诺事由不能为空',
          expect.stringContaining('承诺类型应为'),
          '承诺受理单位不能为空',
          '承诺受理单位代码不是有效的统一社会信用代码',
        ]),
      );
    }
  });

  it('a natural person is checked by resident ID and masked in the public copy', () => {
    const src = commitment({ committer: { name: '白音其其格', category: '自然人', code: person } });
    expect(toCommitmentDataItems(src, { audience: 'government', today }).承诺人代码).toBe(person);
    const pub = toCommitmentDataItems(src, { audience: 'public', today }).承诺人代码;
    expect(pub).not.toBe(person);
    expect(pub).toBe(`${person.slice(0, 3)}***********${person.slice(-4)}`);
    expect(() =>
      toCommitmentDataItems(commitment({ committer: { name: 'x', category: '自然人', code: enterprise } }), {
        audience: 'government',
        today,
      }),
    ).toThrow('承诺人代码有误');
  });
});

const license = (over: Partial<LicenseSource> = {}): LicenseSource => ({
  holder: {
    name: '乌审旗草原明珠餐饮有限公司',
    category: '法人及非法人组织',
    uscc: enterprise,
    legalRepresentative: '张三',
  },
  decisionDocumentName: '食品经营许可决定书',
  decisionDocumentNumber: '乌市监食许〔2026〕118号',
  category: '普通',
  certificateName: '食品经营许可证',
  licenseNumber: 'JY11506260012345',
  content: '热食类食品制售',
  decidedOn: '2026-11-23',
  validFrom: '2026-11-23',
  validTo: '2031-11-22',
  authority: { name: '乌审旗市场监督管理局', uscc: unit },
  dataSource: { name: '乌审旗市场监督管理局', uscc: unit },
  ...over,
});

describe('双公示 行政许可 data items', () => {
  it('maps an organisation with its USCC and legal representative', () => {
    const items = toLicenseDataItems(license(), { audience: 'public', today });
    expect(items).toMatchObject({
      行政相对人类别: '法人及非法人组织',
      统一社会信用代码: enterprise,
      法定代表人: '张三',
      证件类型: null,
      证件号码: null,
      许可类别: '普通',
      有效期至: '2031-11-22',
      当前状态: '有效',
    });
    expect(toLicenseDataItems(license({ validTo: null }), { audience: 'public', today }).有效期至).toBe(
      '2099-12-31',
    );
  });

  it('a natural person carries a document that the public copy masks', () => {
    const src = license({
      holder: { name: '白音其其格', category: '自然人', idType: '身份证', idNumber: person },
    });
    expect(toLicenseDataItems(src, { audience: 'government', today }).证件号码).toBe(person);
    const pub = toLicenseDataItems(src, { audience: 'public', today });
    expect(pub.证件号码).not.toContain(person.slice(6, 14));
    expect(pub.统一社会信用代码).toBeNull();
    expect(() =>
      toLicenseDataItems(license({ holder: { name: '某人', category: '自然人' } }), {
        audience: 'public',
        today,
      }),
    ).toThrow(/证件类型不能为空.*证件号码不能为空/);
  });

  it('rejects inverted validity and a missing legal representative', () => {
    expect(() =>
      toLicenseDataItems(license({ validTo: '2026-01-01' }), { audience: 'public', today }),
    ).toThrow('有效期至不能早于有效期自');
    expect(() =>
      toLicenseDataItems(
        license({
          holder: { name: '个体户', category: '个体工商户', uscc: enterprise, legalRepresentative: null },
        }),
        { audience: 'public', today },
      ),
    ).toThrow('法定代表人（经营者）不能为空');
  });
});
