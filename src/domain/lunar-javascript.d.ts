// lunar-javascript ships no type declarations; this is the part of its API the statutory holidays use.
declare module 'lunar-javascript' {
  type Solar = { toYmd(): string };
  type Lunar = { getSolar(): Solar; next(days: number): Lunar; getJieQiTable(): Record<string, Solar> };
  const lunar: {
    Lunar: { fromYmd(year: number, month: number, day: number): Lunar };
    Solar: { fromYmd(year: number, month: number, day: number): { getLunar(): Lunar } };
  };
  export default lunar;
}
