import { DomainError } from './errors';

/**
 * Identity codes checked at every boundary: the unified social credit code (GB 32100-2015, whose
 * characters 9–17 are an organisation code per GB 11714) and the resident ID number (GB 11643-1999).
 * Each check returns the first thing wrong, in words a clerk can act on.
 */
export type CodeCheck = { ok: true; value: string } | { ok: false; reason: string };

// GB 32100-2015 excludes I, O, S, V and Z to avoid confusion with digits.
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const REGISTRATION_AUTHORITIES = '123456789ABCDEFGNY';

const orgCharValue = (c: string): number =>
  c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55;

/** The GB 11714 check character for an eight-character organisation code body. */
export function orgCodeCheckChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgCharValue(body[i]!) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** The GB 32100 check character for the first seventeen characters of a code. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

export function checkUscc(input: string): CodeCheck {
  const value = input.trim().toUpperCase();
  if (value.length !== 18) return { ok: false, reason: `统一社会信用代码应为18位，实际为${value.length}位` };
  for (let i = 0; i < 18; i++) {
    if (!USCC_CHARS.includes(value[i]!)) {
      return {
        ok: false,
        reason: `第${i + 1}位字符“${value[i]}”不在统一社会信用代码字符集中（不使用I、O、S、V、Z）`,
      };
    }
  }
  if (!REGISTRATION_AUTHORITIES.includes(value[0]!)) {
    return { ok: false, reason: `第1位登记管理部门代码“${value[0]}”无效` };
  }
  if (!/^\d{6}$/.test(value.slice(2, 8)))
    return { ok: false, reason: '第3至8位登记管理机关行政区划码应为6位数字' };
  const org = value.slice(8, 17);
  const orgCheck = orgCodeCheckChar(org.slice(0, 8));
  if (org[8] !== orgCheck) {
    return { ok: false, reason: `第9至17位组织机构代码校验码错误（第17位应为“${orgCheck}”）` };
  }
  const check = usccCheckChar(value.slice(0, 17));
  if (value[17] !== check) return { ok: false, reason: `校验码错误（第18位应为“${check}”）` };
  return { ok: true, value };
}

// Province-level prefixes of GB/T 2260 (including Taiwan, Hong Kong and Macao).
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** `today` (YYYY-MM-DD) bounds the birth date, so the check is pure and testable. */
export function checkResidentId(input: string, today: string): CodeCheck {
  const value = input.trim().toUpperCase();
  if (value.length !== 18) return { ok: false, reason: `公民身份号码应为18位，实际为${value.length}位` };
  if (!/^\d{17}[\dX]$/.test(value))
    return { ok: false, reason: '公民身份号码前17位应为数字，第18位为数字或X' };
  if (!PROVINCES.has(value.slice(0, 2)))
    return { ok: false, reason: `前2位省级行政区划码“${value.slice(0, 2)}”无效` };
  const birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  const d = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== birth || birth < '1900-01-01') {
    return { ok: false, reason: `第7至14位出生日期“${value.slice(6, 14)}”不是有效日期` };
  }
  if (birth > today) return { ok: false, reason: `出生日期${birth}晚于今天` };
  const check = residentIdCheckChar(value.slice(0, 17));
  if (value[17] !== check) return { ok: false, reason: `校验码错误（第18位应为“${check}”）` };
  return { ok: true, value };
}

/** Shows the first three and last four characters, as departments outside the case see it. */
export const maskResidentId = (id: string): string =>
  id.length < 8 ? '*'.repeat(id.length) : `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;

export const maskPhone = (phone: string): string =>
  phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone.replace(/\d(?=\d{4})/g, '*');

/** A person's name partly hidden: 张三 → 张*, 欧阳娜娜 → 欧**娜. */
export function maskPersonName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** Boundary helpers: a bad code becomes a VALIDATION error naming the field and what is wrong. */
export function requireUscc(value: string | undefined, field: string): string {
  if (!value) throw new DomainError('VALIDATION', '请填写统一社会信用代码', { field });
  const r = checkUscc(value);
  if (!r.ok)
    throw new DomainError('VALIDATION', `统一社会信用代码有误：${r.reason}`, { field, reason: r.reason });
  return r.value;
}

export function requireResidentId(value: string | undefined, field: string, today: string): string {
  if (!value) throw new DomainError('VALIDATION', '请填写公民身份号码', { field });
  const r = checkResidentId(value, today);
  if (!r.ok)
    throw new DomainError('VALIDATION', `公民身份号码有误：${r.reason}`, { field, reason: r.reason });
  return r.value;
}

/** Builds a valid code from its first eight characters and an organisation-code body (for seeds and tests). */
export function completeUscc(prefix8: string, orgBody8: string): string {
  const first17 = `${prefix8}${orgBody8}${orgCodeCheckChar(orgBody8)}`;
  return `${first17}${usccCheckChar(first17)}`;
}

export const completeResidentId = (first17: string): string => `${first17}${residentIdCheckChar(first17)}`;
