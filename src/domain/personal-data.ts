import { maskPhone, maskResidentId, residentIdCheckChar } from './codes';

/**
 * Finding personal data in free text: a resident ID (GB 11643-1999: 17 digits with a plausible birth
 * date, and its check character) or a mobile number, standing alone (not inside a longer run of letters
 * and digits, so that hashes, serial numbers and USCCs are not taken for one).
 */
const RESIDENT_ID_RUN =
  /(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g;
const MOBILE_RUN = /(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![0-9A-Za-z])/g;

const validResidentId = (candidate: string): boolean =>
  residentIdCheckChar(candidate.slice(0, 17)) === candidate[17]!.toUpperCase();

/** Every resident ID in the text whose check character is right, as written. */
export function residentIdsIn(text: string): string[] {
  return [...text.matchAll(RESIDENT_ID_RUN)].map((m) => m[0]).filter(validResidentId);
}

/** Replaces each resident ID in the text by what `by` gives for it. */
export function replaceResidentIds(text: string, by: (id: string) => string): string {
  return text.replace(RESIDENT_ID_RUN, (m) => (validResidentId(m) ? by(m.toUpperCase()) : m));
}

/** Mobile numbers in the text (11 digits from 13x–19x, with or without +86 and separators). */
export function mobileNumbersIn(text: string): string[] {
  return [...text.matchAll(MOBILE_RUN)].map((m) => m[0]);
}

export type PersonalDataFound = { kind: 'resident_id' | 'mobile'; shown: string };

/** What personal data the text holds, each shown masked (the refusal must not repeat it in clear). */
export function personalDataIn(text: string): PersonalDataFound[] {
  return [
    ...residentIdsIn(text).map((id) => ({ kind: 'resident_id' as const, shown: maskResidentId(id) })),
    ...mobileNumbersIn(text).map((m) => ({
      kind: 'mobile' as const,
      shown: maskPhone(m.replace(/\D/g, '').slice(-11)),
    })),
  ];
}

/**
 * The refusal for text about to be published, in the words a clerk reads: which field, what was found
 * (masked), and what to do. Null when the text holds none.
 */
export function publicTextProblem(label: string, text: string | null | undefined): string | null {
  if (!text) return null;
  const found = personalDataIn(text);
  if (!found.length) return null;
  const words = found.map((f) => `${f.kind === 'resident_id' ? '公民身份号码' : '手机号码'}${f.shown}`);
  return `${label}将向社会公开，其中含有个人信息（${words.join('、')}），请删除或改为脱敏形式后再提交`;
}
