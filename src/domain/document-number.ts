/**
 * 文号 patterns. A department writes its pattern with three placeholders: {字} the series word of the
 * document kind (准字, 受字, …), {年} the year and {号} the serial, e.g. 乌交许{字}〔{年}〕第{号}号 gives
 * 乌交许准字〔2026〕第12号. Serials count per department, kind and year, so a department that changes its
 * pattern mid-year carries on with the next serial and never prints the same number twice.
 */

const PLACEHOLDERS = ['{字}', '{年}', '{号}'] as const;

/** The pattern of a department that has set none: its full name stands where an abbreviation would. */
export const defaultNumberPattern = (departmentName: string): string =>
  `${departmentName}{字}〔{年}〕第{号}号`;

/** Every reason the pattern cannot be used, in Chinese; empty when it can. */
export function numberPatternProblems(pattern: string): string[] {
  const problems: string[] = [];
  for (const p of PLACEHOLDERS) {
    const n = pattern.split(p).length - 1;
    if (n !== 1) problems.push(`文号格式须包含且只包含一个 ${p}（现有 ${n} 个）`);
  }
  const stray = pattern.replaceAll(/\{字\}|\{年\}|\{号\}/g, '').match(/[{}]/);
  if (stray) problems.push('文号格式中只能使用 {字}、{年}、{号} 三个占位符');
  const i = pattern.indexOf('{号}');
  if (i >= 0) {
    // The serial must stand apart from any other digits, or 第1{号} at 2 would read as 第12 of another
    // pattern: the characters around it must be written out and not be digits.
    const before = pattern.slice(0, i);
    const after = pattern.slice(i + 3);
    if (!before || /[0-9０-９}]$/.test(before)) problems.push('{号} 前须是文字（不能是数字或其他占位符）');
    if (after && /^[0-9０-９{]/.test(after)) problems.push('{号} 后须是文字（不能是数字或其他占位符）');
  }
  if (/[\r\n\t]/.test(pattern)) problems.push('文号格式不能包含换行或制表符');
  return problems;
}

export function formatDocumentNumber(pattern: string, word: string, year: number, serial: number): string {
  return pattern.replace('{字}', word).replace('{年}', String(year)).replace('{号}', String(serial));
}
