import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkitModule from 'fontkit';
import pdfmake from 'pdfmake';

/**
 * The fonts official documents are set in. All from the npm registry under the SIL Open Font License, so a
 * fresh `npm install` prints the same letters on any machine: Noto Serif SC (a Song-style serif; its bold
 * stands in for the 小标宋 of titles) and Noto Sans Mongolian for names in Mongolian script. No font on the
 * registry covers CJK Extension B (𠮷 and the like): for those the fonts found among
 * DOCUMENT_FALLBACK_FONTS (by default Debian's fonts-hanazono, HanaMinB and HanaMinA) are used; without one, such a
 * character is printed as its code point 〔U+20BB7〕, never as an empty box.
 */
type FontkitFont = { hasGlyphForCodePoint(cp: number): boolean; postscriptName: string };
const fontkit = ((fontkitModule as unknown as { default?: unknown }).default ?? fontkitModule) as {
  create(bytes: Buffer): FontkitFont | { fonts: FontkitFont[] };
};

export const DEFAULT_FALLBACK_FONTS = [
  '/usr/share/fonts/truetype/hanazono/HanaMinB.ttf',
  '/usr/share/fonts/truetype/hanazono/HanaMinA.ttf',
];

export type FontFamily = 'Serif' | 'SerifBold' | 'Mongolian' | `Fallback${number}`;
type Loaded = { family: FontFamily; font: FontkitFont }[];

let loaded: Loaded | null = null;
let fallbacksInUse: string[] = [];

const MONGOLIAN = (cp: number) => (cp >= 0x1800 && cp <= 0x18af) || (cp >= 0x11660 && cp <= 0x1167f);
/** Joiners and the narrow no-break space belong to the Mongolian word they stand in. */
const MONGOLIAN_JOINERS = new Set([0x202f, 0x200c, 0x200d, 0x180e]);

function register(name: string, file: string, patch?: (b: Buffer) => void): FontkitFont {
  const bytes = readFileSync(file);
  patch?.(bytes);
  pdfmake.virtualfs.writeFileSync(name, bytes);
  const f = fontkit.create(bytes);
  return 'fonts' in f ? f.fonts[0]! : f;
}

/**
 * fontkit 2.0.4 (under pdfmake) cannot read GSUB lookups of type 8 (reverse chaining single substitution)
 * and stops shaping altogether. Noto Sans Mongolian uses a few for rare contextual forms; they are emptied
 * in this in-memory copy (no subtables, no mark filtering set), so words still join letter to letter.
 */
export function dropReverseChainingLookups(b: Buffer): number {
  const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let gsub = -1;
  for (let i = 0; i < d.getUint16(4); i++) {
    if (b.toString('latin1', 12 + 16 * i, 16 + 16 * i) === 'GSUB') gsub = d.getUint32(12 + 16 * i + 8);
  }
  if (gsub < 0) return 0;
  const list = gsub + d.getUint16(gsub + 8);
  let dropped = 0;
  for (let i = 0; i < d.getUint16(list); i++) {
    const lookup = list + d.getUint16(list + 2 + 2 * i);
    if (d.getUint16(lookup) !== 8) continue;
    d.setUint16(lookup + 2, d.getUint16(lookup + 2) & ~0x10);
    d.setUint16(lookup + 4, 0);
    dropped++;
  }
  return dropped;
}

let configured: readonly string[] = DEFAULT_FALLBACK_FONTS;

const usable = (files: readonly string[]) => files.filter((f) => /\.(ttf|otf)$/i.test(f) && existsSync(f));

/** Sets the fallback fonts (DOCUMENT_FALLBACK_FONTS) and says which of them exist, for the start-up log. */
export function documentFallbacksFound(files: readonly string[]): string[] {
  configured = files;
  return usable(files);
}

/** Loads the fonts once per process (about half a second: the CJK fonts are 15 MB each). */
export function loadDocumentFonts(): string[] {
  if (loaded) return fallbacksInUse;
  const fallbackFiles = configured;
  const require = createRequire(import.meta.url);
  const serifFile = require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf');
  const boldFile = require.resolve('@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf');
  const mongolianFile = require.resolve(
    '@expo-google-fonts/noto-sans-mongolian/400Regular/NotoSansMongolian_400Regular.ttf',
  );
  const fonts: Loaded = [
    { family: 'Serif', font: register('NotoSerifSC-Regular.ttf', serifFile) },
    { family: 'SerifBold', font: register('NotoSerifSC-Bold.ttf', boldFile) },
    {
      family: 'Mongolian',
      font: register('NotoSansMongolian-Regular.ttf', mongolianFile, dropReverseChainingLookups),
    },
  ];
  const families: Record<string, { normal: string; bold: string; italics: string; bolditalics: string }> = {
    Serif: both('NotoSerifSC-Regular.ttf', 'NotoSerifSC-Bold.ttf'),
    SerifBold: both('NotoSerifSC-Bold.ttf', 'NotoSerifSC-Bold.ttf'),
    Mongolian: both('NotoSansMongolian-Regular.ttf', 'NotoSansMongolian-Regular.ttf'),
  };
  const found = usable(fallbackFiles);
  found.forEach((file, i) => {
    const family = `Fallback${i}` as const;
    fonts.push({ family, font: register(`${family}.ttf`, file) });
    families[family] = both(`${family}.ttf`, `${family}.ttf`);
  });
  pdfmake.addFonts(families);
  // Nothing in a document may make the renderer read a file or fetch a URL.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  loaded = fonts;
  fallbacksInUse = found;
  return found;
}

const both = (normal: string, bold: string) => ({ normal, bold, italics: normal, bolditalics: bold });

export type Run = { text: string; font: FontFamily };

/**
 * Splits text into runs each set in a font that has every glyph of it: the base serif first, Mongolian
 * script in Noto Sans Mongolian, then the fallback; a character no font has is written as its code point.
 */
export function fontRuns(text: string, base: 'Serif' | 'SerifBold' = 'Serif'): Run[] {
  loadDocumentFonts();
  const fonts = loaded!;
  const baseFont = fonts.find((f) => f.family === base)!.font;
  const mongolian = fonts.find((f) => f.family === 'Mongolian')!.font;
  const fallbacks = fonts.filter((f) => f.family.startsWith('Fallback'));
  const runs: Run[] = [];
  const push = (s: string, font: FontFamily) => {
    const last = runs[runs.length - 1];
    if (last && last.font === font) last.text += s;
    else runs.push({ text: s, font });
  };
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const prev = runs[runs.length - 1]?.font;
    if (MONGOLIAN(cp) || (MONGOLIAN_JOINERS.has(cp) && prev === 'Mongolian')) {
      if (mongolian.hasGlyphForCodePoint(cp)) {
        push(ch, 'Mongolian');
        continue;
      }
    }
    if (cp < 0x80 || baseFont.hasGlyphForCodePoint(cp)) push(ch, base);
    else if (mongolian.hasGlyphForCodePoint(cp)) push(ch, 'Mongolian');
    else {
      const f = fallbacks.find((x) => x.font.hasGlyphForCodePoint(cp));
      if (f) push(ch, f.family);
      else push(`〔U+${cp.toString(16).toUpperCase().padStart(4, '0')}〕`, base);
    }
  }
  return runs;
}
