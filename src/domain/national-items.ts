import { checkResidentId, checkUscc, maskResidentId } from './codes';
import { DomainError } from './errors';

/**
 * The national data items pushed to the supervising department and the credit platform: 信用承诺
 * (the credit-commitment data standard) and the 双公示 行政许可 items. Keys are the data-item names of
 * the standards, so the receiving system needs no mapping table of ours.
 */

export const committerCategories = ['法人及非法人组织', '自然人', '个体工商户'] as const;
export type CommitterCategory = (typeof committerCategories)[number];

/** 承诺人类别 / 行政相对人类别 of a credit subject kind. */
export const committerCategoryOf = (kind: string): CommitterCategory =>
  kind === 'individual' ? '自然人' : kind === 'individual_business' ? '个体工商户' : '法人及非法人组织';

export const commitmentTypes = [
  '审批替代型',
  '容缺受理型',
  '证明事项型',
  '信用修复型',
  '行业自律型',
  '主动型',
  '其他',
] as const;
export type CommitmentType = (typeof commitmentTypes)[number];

export const fulfilmentStatuses = ['全部履行', '部分履行', '全部未履行'] as const;
export type FulfilmentStatus = (typeof fulfilmentStatuses)[number];

export const disclosureTypes = ['社会公开', '政务共享', '授权查询'] as const;
export type DisclosureType = (typeof disclosureTypes)[number];

/** Who the items are for: a public copy never carries a full resident ID. */
export type Audience = 'government' | 'public';

/** 承诺编码: region (6) + yyyymmdd (8) + serial (6). */
export const COMMITMENT_CODE = /^\d{6}\d{8}\d{6}$/;

export function formatCommitmentCode(regionCode: string, day: string, serial: number): string {
  if (!/^\d{6}$/.test(regionCode)) {
    throw new DomainError('VALIDATION', `行政区划代码应为6位数字：${regionCode}`);
  }
  if (!/^\d{8}$/.test(day)) throw new DomainError('VALIDATION', `日期应为8位数字（年月日）：${day}`);
  if (!Number.isInteger(serial) || serial < 1 || serial > 999_999) {
    throw new DomainError(
      'CONFLICT',
      `行政区划 ${regionCode} 在 ${day} 的承诺编码流水号已用尽（最多999999个）`,
    );
  }
  return `${regionCode}${day}${String(serial).padStart(6, '0')}`;
}

export type CommitmentSource = {
  code: string;
  committer: { name: string; category: CommitterCategory; code: string };
  type: CommitmentType;
  reason: string;
  content: string;
  liability: string;
  /** YYYY-MM-DD */
  madeOn: string;
  fulfilment: {
    status: FulfilmentStatus;
    unfulfilledContent?: string | null;
    accountability?: string | null;
  };
  acceptingUnit: { name: string; uscc: string };
  disclosure: DisclosureType;
};

export type CommitmentDataItems = {
  承诺编码: string;
  承诺人名称: string;
  承诺人类别: CommitterCategory;
  承诺人代码: string;
  承诺类型: CommitmentType;
  承诺事由: string;
  承诺内容: string;
  违诺责任: string;
  承诺作出日期: string;
  承诺履行状态: FulfilmentStatus;
  未履行的承诺内容: string | null;
  违诺责任追究内容: string | null;
  承诺受理单位: string;
  承诺受理单位代码: string;
  公开类型: DisclosureType;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const blank = (v: string | null | undefined): boolean => v === undefined || v === null || v.trim() === '';

class Problems {
  readonly list: string[] = [];
  required(field: string, value: string | null | undefined): void {
    if (blank(value)) this.list.push(`${field}不能为空`);
  }
  oneOf(field: string, value: string, allowed: readonly string[]): void {
    if (!allowed.includes(value)) this.list.push(`${field}应为 ${allowed.join(' / ')} 之一`);
  }
  date(field: string, value: string | null | undefined): void {
    if (!blank(value) && !(DATE.test(value!) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)))) {
      this.list.push(`${field}应为 YYYY-MM-DD 格式的日期`);
    }
  }
  throwIfAny(what: string): void {
    if (this.list.length) {
      throw new DomainError('VALIDATION', `${what}数据项不完整：${this.list.join('；')}`, {
        problems: this.list,
      });
    }
  }
}

/** Checks the subject's code against its category: USCC for organisations and 个体工商户, resident ID for persons. */
function subjectCode(p: Problems, field: string, category: string, code: string, today: string): void {
  if (blank(code)) {
    p.required(field, code);
    return;
  }
  const check = category === '自然人' ? checkResidentId(code, today) : checkUscc(code);
  if (!check.ok) p.list.push(`${field}有误：${check.reason}`);
}

/** Maps a commitment to the 信用承诺 data items; throws VALIDATION naming every missing or bad item. */
export function toCommitmentDataItems(
  src: CommitmentSource,
  opts: { audience: Audience; today: string },
): CommitmentDataItems {
  const p = new Problems();
  if (!COMMITMENT_CODE.test(src.code))
    p.list.push('承诺编码应为20位数字（行政区划代码6位+日期8位+流水号6位）');
  p.required('承诺人名称', src.committer.name);
  p.oneOf('承诺人类别', src.committer.category, committerCategories);
  subjectCode(p, '承诺人代码', src.committer.category, src.committer.code, opts.today);
  p.oneOf('承诺类型', src.type, commitmentTypes);
  p.required('承诺事由', src.reason);
  p.required('承诺内容', src.content);
  p.required('违诺责任', src.liability);
  p.required('承诺作出日期', src.madeOn);
  p.date('承诺作出日期', src.madeOn);
  p.oneOf('承诺履行状态', src.fulfilment.status, fulfilmentStatuses);
  // The standard makes both required whenever the commitment was not wholly kept.
  if (src.fulfilment.status !== '全部履行') {
    if (blank(src.fulfilment.unfulfilledContent)) {
      p.list.push(`承诺履行状态为“${src.fulfilment.status}”时，未履行的承诺内容不能为空`);
    }
    if (blank(src.fulfilment.accountability)) {
      p.list.push(`承诺履行状态为“${src.fulfilment.status}”时，违诺责任追究内容不能为空`);
    }
  }
  p.required('承诺受理单位', src.acceptingUnit.name);
  if (blank(src.acceptingUnit.uscc)) p.required('承诺受理单位代码', src.acceptingUnit.uscc);
  else if (!checkUscc(src.acceptingUnit.uscc).ok) p.list.push('承诺受理单位代码不是有效的统一社会信用代码');
  p.oneOf('公开类型', src.disclosure, disclosureTypes);
  p.throwIfAny('信用承诺');

  const kept = src.fulfilment.status === '全部履行';
  return {
    承诺编码: src.code,
    承诺人名称: src.committer.name.trim(),
    承诺人类别: src.committer.category,
    承诺人代码:
      src.committer.category === '自然人' && opts.audience === 'public'
        ? maskResidentId(src.committer.code)
        : src.committer.code,
    承诺类型: src.type,
    承诺事由: src.reason.trim(),
    承诺内容: src.content.trim(),
    违诺责任: src.liability.trim(),
    承诺作出日期: src.madeOn,
    承诺履行状态: src.fulfilment.status,
    未履行的承诺内容: kept ? null : src.fulfilment.unfulfilledContent!.trim(),
    违诺责任追究内容: kept ? null : src.fulfilment.accountability!.trim(),
    承诺受理单位: src.acceptingUnit.name.trim(),
    承诺受理单位代码: src.acceptingUnit.uscc,
    公开类型: src.disclosure,
  };
}

// ---------------------------------------------------------------- 双公示：行政许可

export const licenseCategories = ['普通', '特许', '认可', '核准', '登记', '其他'] as const;
export type LicenseCategory = (typeof licenseCategories)[number];

export const idDocumentTypes = [
  '身份证',
  '护照号',
  '港澳居民来往内地通行证',
  '台湾居民来往大陆通行证',
  '外国人永久居留身份证',
] as const;
export type IdDocumentType = (typeof idDocumentTypes)[number];

/** 有效期至 for a license with no end date, as the 双公示 standard writes it. */
export const NO_EXPIRY = '2099-12-31';

export type LicenseSource = {
  holder: {
    name: string;
    category: CommitterCategory;
    /** 统一社会信用代码: organisations and 个体工商户. */
    uscc?: string | null;
    /** 法定代表人 (经营者 for 个体工商户). */
    legalRepresentative?: string | null;
    /** For 自然人: the holder's own document. */
    idType?: IdDocumentType | null;
    idNumber?: string | null;
  };
  decisionDocumentName: string;
  decisionDocumentNumber: string;
  category: LicenseCategory;
  certificateName?: string | null;
  licenseNumber?: string | null;
  content: string;
  decidedOn: string;
  validFrom: string;
  /** null for a license without an end date (written 2099-12-31). */
  validTo: string | null;
  authority: { name: string; uscc: string };
  dataSource: { name: string; uscc: string };
  remarks?: string | null;
};

export type LicenseDataItems = {
  行政相对人名称: string;
  行政相对人类别: CommitterCategory;
  统一社会信用代码: string | null;
  法定代表人: string | null;
  证件类型: IdDocumentType | null;
  证件号码: string | null;
  行政许可决定文书名称: string;
  行政许可决定文书号: string;
  许可类别: LicenseCategory;
  许可证书名称: string | null;
  许可编号: string | null;
  许可内容: string;
  许可决定日期: string;
  有效期自: string;
  有效期至: string;
  许可机关: string;
  许可机关统一社会信用代码: string;
  当前状态: '有效' | '无效';
  数据来源单位: string;
  数据来源单位统一社会信用代码: string;
  备注: string | null;
};

/**
 * Maps a license decision to the 双公示 行政许可 items. Organisations carry 统一社会信用代码 and
 * 法定代表人; a natural person carries 证件类型 and 证件号码, which the public copy masks.
 */
export function toLicenseDataItems(
  src: LicenseSource,
  opts: { audience: Audience; today: string },
): LicenseDataItems {
  const p = new Problems();
  const h = src.holder;
  p.required('行政相对人名称', h.name);
  p.oneOf('行政相对人类别', h.category, committerCategories);
  const person = h.category === '自然人';
  if (person) {
    p.required('证件类型', h.idType ?? null);
    if (h.idType) p.oneOf('证件类型', h.idType, idDocumentTypes);
    p.required('证件号码', h.idNumber ?? null);
    if (h.idType === '身份证' && !blank(h.idNumber)) {
      const c = checkResidentId(h.idNumber!, opts.today);
      if (!c.ok) p.list.push(`证件号码有误：${c.reason}`);
    }
  } else {
    subjectCode(p, '统一社会信用代码', h.category, h.uscc ?? '', opts.today);
    p.required(
      h.category === '个体工商户' ? '法定代表人（经营者）' : '法定代表人',
      h.legalRepresentative ?? null,
    );
  }
  p.required('行政许可决定文书名称', src.decisionDocumentName);
  p.required('行政许可决定文书号', src.decisionDocumentNumber);
  p.oneOf('许可类别', src.category, licenseCategories);
  p.required('许可内容', src.content);
  for (const [f, v] of [
    ['许可决定日期', src.decidedOn],
    ['有效期自', src.validFrom],
  ] as const) {
    p.required(f, v);
    p.date(f, v);
  }
  p.date('有效期至', src.validTo);
  const validTo = src.validTo ?? NO_EXPIRY;
  if (DATE.test(src.validFrom) && DATE.test(validTo) && validTo < src.validFrom) {
    p.list.push('有效期至不能早于有效期自');
  }
  if (DATE.test(src.decidedOn) && DATE.test(src.validFrom) && src.validFrom < src.decidedOn) {
    p.list.push('有效期自不能早于许可决定日期');
  }
  p.required('许可机关', src.authority.name);
  if (!checkUscc(src.authority.uscc ?? '').ok) p.list.push('许可机关统一社会信用代码无效');
  p.required('数据来源单位', src.dataSource.name);
  if (!checkUscc(src.dataSource.uscc ?? '').ok) p.list.push('数据来源单位统一社会信用代码无效');
  p.throwIfAny('行政许可');

  const idNumber =
    person && h.idNumber
      ? opts.audience === 'public' && h.idType === '身份证'
        ? maskResidentId(h.idNumber)
        : opts.audience === 'public'
          ? maskOther(h.idNumber)
          : h.idNumber
      : null;
  return {
    行政相对人名称: h.name.trim(),
    行政相对人类别: h.category,
    统一社会信用代码: person ? null : h.uscc!,
    法定代表人: person ? null : h.legalRepresentative!.trim(),
    证件类型: person ? h.idType! : null,
    证件号码: idNumber,
    行政许可决定文书名称: src.decisionDocumentName.trim(),
    行政许可决定文书号: src.decisionDocumentNumber.trim(),
    许可类别: src.category,
    许可证书名称: src.certificateName?.trim() || null,
    许可编号: src.licenseNumber?.trim() || null,
    许可内容: src.content.trim(),
    许可决定日期: src.decidedOn,
    有效期自: src.validFrom,
    有效期至: validTo,
    许可机关: src.authority.name.trim(),
    许可机关统一社会信用代码: src.authority.uscc,
    当前状态: validTo >= opts.today ? '有效' : '无效',
    数据来源单位: src.dataSource.name.trim(),
    数据来源单位统一社会信用代码: src.dataSource.uscc,
    备注: src.remarks?.trim() || null,
  };
}

/** Other documents: keep the first and last two characters only. */
const maskOther = (v: string): string =>
  v.length <= 4 ? '*'.repeat(v.length) : `${v.slice(0, 2)}${'*'.repeat(v.length - 4)}${v.slice(-2)}`;
