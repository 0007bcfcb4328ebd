import { describe, expect, it } from 'vitest';
import {
  defaultNumberPattern,
  formatDocumentNumber,
  numberPatternProblems,
} from '../../src/domain/document-number';

describe('文号 patterns', () => {
  it('formats the series word, the year and the serial', () => {
    expect(formatDocumentNumber('乌交许{字}〔{年}〕第{号}号', '准字', 2026, 12)).toBe(
      '乌交许准字〔2026〕第12号',
    );
    expect(formatDocumentNumber(defaultNumberPattern('乌审旗民政局'), '受字', 2027, 1)).toBe(
      '乌审旗民政局受字〔2027〕第1号',
    );
  });

  it('accepts the usual forms', () => {
    for (const p of [
      '乌交许{字}〔{年}〕第{号}号',
      '{字}〔{年}〕{号}号',
      '乌卫{年}{字}第{号}',
      defaultNumberPattern('某局'),
    ]) {
      expect(numberPatternProblems(p), p).toEqual([]);
    }
  });

  it('refuses a pattern whose numbers could collide or that lacks a part', () => {
    expect(numberPatternProblems('乌交〔{年}〕第{号}号')).toEqual([
      '文号格式须包含且只包含一个 {字}（现有 0 个）',
    ]);
    expect(numberPatternProblems('乌交{字}{年}年{号}号{号}')).toContain(
      '文号格式须包含且只包含一个 {号}（现有 2 个）',
    );
    // 第1{号} at serial 2 would print 第12号, the 12th of the plain series.
    expect(numberPatternProblems('乌交{字}〔{年}〕第1{号}号')).toContain(
      '{号} 前须是文字（不能是数字或其他占位符）',
    );
    expect(numberPatternProblems('乌交{字}〔{年}〕第{号}0号')).toContain(
      '{号} 后须是文字（不能是数字或其他占位符）',
    );
    expect(numberPatternProblems('乌交{字}{年}{号}号')).toContain(
      '{号} 前须是文字（不能是数字或其他占位符）',
    );
    expect(numberPatternProblems('乌交{字}〔{年}〕第{号}号{月}')).toContain(
      '文号格式中只能使用 {字}、{年}、{号} 三个占位符',
    );
  });
});
