import { execFileSync } from 'node:child_process';
import jsQR from 'jsqr';
import { PDFParse } from 'pdf-parse';
import { PNG } from 'pngjs';

const hasPdftoppm = (() => {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * Prints the pages as pictures and reads the QR code off it, as a phone would: with poppler's
 * pdftoppm where installed (fast), else by rendering with pdf.js (pdf-parse, about ten seconds).
 */
export async function decodeQr(pdf: Buffer): Promise<string | null> {
  // A letter prints its code after the signature, on the last page; look at the first three.
  for (let page = 1; page <= 3; page++) {
    const found = await decodeQrOnPage(pdf, page);
    if (found) return found;
  }
  return null;
}

async function decodeQrOnPage(pdf: Buffer, page: number): Promise<string | null> {
  let rgba: Uint8ClampedArray;
  let width: number;
  let height: number;
  if (hasPdftoppm) {
    const pgm = execFileSync(
      'pdftoppm',
      ['-r', '150', '-gray', '-f', String(page), '-l', String(page), '-'],
      {
        input: pdf,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'));
    if (!header) return null; // no such page
    width = Number(header[1]);
    height = Number(header[2]);
    const off = header[0].length;
    rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      const g = pgm[off + i]!;
      rgba[i * 4] = g;
      rgba[i * 4 + 1] = g;
      rgba[i * 4 + 2] = g;
      rgba[i * 4 + 3] = 255;
    }
  } else {
    const shot = await new PDFParse({ data: new Uint8Array(pdf) }).getScreenshot({
      partial: [page],
      scale: 2,
      imageDataUrl: false,
    });
    if (!shot.pages[0]) return null;
    const png = PNG.sync.read(Buffer.from(shot.pages[0].data));
    ({ width, height } = png);
    rgba = new Uint8ClampedArray(png.data);
  }
  return jsQR(rgba, width, height)?.data ?? null;
}

/** The text of a PDF as extracted (what a search index or a screen reader gets). */
export async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

/** How many pages were printed: a certificate must fit on one sheet. */
export async function pdfPageCount(pdf: Buffer): Promise<number> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getInfo()).total;
  } finally {
    await parser.destroy();
  }
}
