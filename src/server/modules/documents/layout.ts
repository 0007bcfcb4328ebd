import pdfmake from 'pdfmake';
import QRCode from 'qrcode';
import { fontRuns, loadDocumentFonts } from './fonts';

/** A paragraph of a letter: body text indented two characters, as GB/T 9704 sets it. */
export type Para =
  | string
  | {
      text: string;
      indent?: boolean;
      small?: boolean;
      heading?: boolean;
      align?: 'left' | 'right' | 'center';
    };

/** A letter (通知书, 决定书, 承诺书): everything printed, already worded. */
export type Letter = {
  /** 发文机关标志 and 署名; null for the applicant's own letter (承诺书). */
  authority: string | null;
  number: string;
  numberLabel?: string;
  title: string;
  /** 主送: the party, followed by a colon. */
  addressee: string | null;
  body: Para[];
  /** Signature lines at the right: the authority and date, or the committer and date. */
  signature: string[];
  /** Leave room for a seal over the signature (and stamp there when a seal provider is configured). */
  sealed: boolean;
  verifyUrl: string | null;
  /** Small print after the signature: how to verify, notes. */
  notes: string[];
};

/** The license in a certificate layout. */
export type Certificate = {
  title: string;
  number: string;
  rows: [string, string][];
  authority: string;
  date: string;
  verifyUrl: string;
  notes: string[];
};

/** Where the seal goes: page (1-based) and a square in PDF points from the page's top left. */
export type SealPlacement = { page: number; x: number; y: number; size: number };
export type Rendered = { pdf: Buffer; seal: SealPlacement | null };

// GB/T 9704-2012: A4, 版心 156 × 225 mm, top margin 37 mm, left 28 mm; body in 3号 (16 pt), title 2号 (22 pt).
const MM = 72 / 25.4;
const MARGINS: [number, number, number, number] = [28 * MM, 37 * MM, 26 * MM, 35 * MM];
const TEXT_WIDTH = (210 - 28 - 26) * MM;
const RED = '#c8161d';
/** 42 mm, the common diameter of an official round seal. */
const SEAL_SIZE = 42 * MM;

const inline = (text: string, base: 'Serif' | 'SerifBold' = 'Serif') =>
  fontRuns(text, base).map((r) => ({ text: r.text, font: r.font }));

const qrDataUrl = (url: string) => QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 1, scale: 6 });

function footer(currentPage: number) {
  // 页码: 4号 half-width digits with a dash each side; odd pages at the right, even at the left, one
  // character in from the edge of the text block.
  return {
    text: `— ${currentPage} —`,
    font: 'Serif',
    fontSize: 14,
    alignment: currentPage % 2 === 1 ? 'right' : 'left',
    margin: [MARGINS[0] + 14, 7 * MM + 6, MARGINS[2] + 14, 0],
  };
}

type Position = { pageNumber: number; left: number; top: number };

/**
 * Renders, and finds where the signature block landed: the seal is centred over the signature and the
 * date (GB/T 9704: 印章端正、居中下压发文机关署名和成文日期).
 */
async function render(
  doc: Record<string, unknown>,
  anchor: { id: string; lines: string[]; fontSize: number; rightInset: number; pageWidth: number } | null,
): Promise<Rendered> {
  loadDocumentFonts();
  let seal: SealPlacement | null = null;
  const pdf = await pdfmake
    .createPdf({
      ...doc,
      // Called for every node on each layout pass; the last pass gives the signature's final place.
      pageBreakBefore: (node: { id?: string; startPosition?: Position }) => {
        if (anchor && node.id === anchor.id && node.startPosition) {
          const p = node.startPosition;
          const width = Math.max(...anchor.lines.map((l) => [...l].length)) * anchor.fontSize;
          const cx = anchor.pageWidth - anchor.rightInset - width / 2;
          const cy = p.top + (anchor.lines.length * anchor.fontSize * 1.3) / 2;
          seal = { page: p.pageNumber, x: cx - SEAL_SIZE / 2, y: cy - SEAL_SIZE / 2, size: SEAL_SIZE };
        }
        return false;
      },
    })
    .getBuffer();
  return { pdf, seal };
}

function paragraph(p: Para) {
  const o = typeof p === 'string' ? { text: p, indent: true } : { indent: true, ...p };
  if (o.heading) {
    return { text: inline(o.text, 'SerifBold'), margin: [0, 6, 0, 2], leadingIndent: 32 };
  }
  return {
    text: inline(o.text),
    ...(o.indent && !o.align ? { leadingIndent: 32 } : {}),
    ...(o.align ? { alignment: o.align } : {}),
    ...(o.small ? { fontSize: 12, lineHeight: 1.2 } : {}),
    margin: [0, 0, 0, 2],
  };
}

export async function renderLetterPdf(m: Letter, info: { title: string }): Promise<Rendered> {
  const content: unknown[] = [];
  if (m.authority) {
    // 发文机关标志 in red over a red rule, then the number at the right (信函格式).
    content.push({
      text: inline(m.authority, 'SerifBold'),
      fontSize: 26,
      color: RED,
      alignment: 'center',
      characterSpacing: 1,
      margin: [0, -12 * MM, 0, 4],
    });
    content.push({
      canvas: [
        { type: 'line', x1: 0, y1: 2, x2: TEXT_WIDTH, y2: 2, lineWidth: 2, lineColor: RED },
        { type: 'line', x1: 0, y1: 6, x2: TEXT_WIDTH, y2: 6, lineWidth: 0.6, lineColor: RED },
      ],
      margin: [0, 0, 0, 6],
    });
  }
  content.push({
    text: inline(`${m.numberLabel ? `${m.numberLabel}：` : ''}${m.number}`),
    alignment: 'right',
    margin: [0, 0, 0, 18],
  });
  content.push({
    text: inline(m.title, 'SerifBold'),
    fontSize: 22,
    alignment: 'center',
    lineHeight: 1.3,
    margin: [0, 0, 0, 18],
  });
  if (m.addressee) content.push({ text: inline(m.addressee), margin: [0, 0, 0, 2] });
  for (const p of m.body) content.push(paragraph(p));

  const sign = {
    id: 'signature',
    stack: m.signature.map((line) => ({ text: inline(line), alignment: 'right' })),
    // 成文日期右空四字; the seal sits over the signature and date, so leave its height free above them.
    margin: [0, m.sealed ? 30 : 18, 4 * 16, 0],
  };
  if (m.verifyUrl) {
    content.push({
      columns: [
        {
          width: 96,
          stack: [
            { image: await qrDataUrl(m.verifyUrl), width: 84, margin: [0, m.sealed ? 24 : 12, 0, 2] },
            { text: inline('扫码核验'), fontSize: 10, alignment: 'center', width: 84 },
          ],
        },
        { width: '*', ...sign },
      ],
      unbreakable: true,
    });
  } else {
    content.push({ ...sign, unbreakable: true });
  }
  if (m.notes.length) {
    content.push({ text: '', margin: [0, 12, 0, 0] });
    for (const n of m.notes) content.push(paragraph({ text: n, small: true, indent: false }));
  }
  return render(
    {
      info: { title: info.title, creator: '信易批', producer: '信易批' },
      pageSize: 'A4',
      pageMargins: MARGINS,
      defaultStyle: { font: 'Serif', fontSize: 16, lineHeight: 1.3 },
      footer,
      content,
    },
    m.sealed
      ? {
          id: 'signature',
          lines: m.signature,
          fontSize: 16,
          rightInset: MARGINS[2] + 4 * 16,
          pageWidth: 210 * MM,
        }
      : null,
  );
}

export async function renderCertificatePdf(c: Certificate): Promise<Rendered> {
  const W = 297 * MM;
  const H = 210 * MM;
  const M = 20 * MM;
  const rows = c.rows.map(([label, value]) => [
    { text: inline(label), alignment: 'justify', margin: [0, 2, 0, 2] },
    { text: inline(value), margin: [0, 2, 0, 2] },
  ]);
  return render(
    {
      info: { title: c.title, creator: '信易批', producer: '信易批' },
      pageSize: 'A4',
      pageOrientation: 'landscape',
      pageMargins: [M + 24, M + 20, M + 24, M + 16],
      defaultStyle: { font: 'Serif', fontSize: 14, lineHeight: 1.25 },
      background: () => ({
        canvas: [
          {
            type: 'rect',
            x: M - 8,
            y: M - 8,
            w: W - 2 * M + 16,
            h: H - 2 * M + 16,
            lineWidth: 3,
            lineColor: '#9c7a2b',
          },
          { type: 'rect', x: M, y: M, w: W - 2 * M, h: H - 2 * M, lineWidth: 0.8, lineColor: '#9c7a2b' },
        ],
      }),
      content: [
        {
          text: inline(c.title, 'SerifBold'),
          fontSize: 30,
          alignment: 'center',
          characterSpacing: 4,
          margin: [0, 0, 0, 6],
        },
        { text: inline(`编号：${c.number}`), alignment: 'right', fontSize: 12, margin: [0, 0, 0, 10] },
        {
          columns: [
            {
              width: '*',
              // 统一社会信用代码, the longest label, on one line: the sheet has no room for a wrapped one.
              table: { widths: [8 * 14 + 8, '*'], body: rows },
              layout: 'noBorders',
            },
            {
              width: 150,
              stack: [
                { image: await qrDataUrl(c.verifyUrl), width: 110, alignment: 'center' },
                { text: inline('扫码核验真伪及状态'), fontSize: 10, alignment: 'center' },
              ],
            },
          ],
          columnGap: 16,
        },
        {
          id: 'signature',
          stack: [
            { text: inline(`发证机关：${c.authority}`), alignment: 'right' },
            { text: inline(c.date), alignment: 'right' },
          ],
          margin: [0, 12, 48, 0],
          unbreakable: true,
        },
        ...c.notes.map((n) => ({ text: inline(n), fontSize: 10, margin: [0, 8, 0, 0] })),
      ],
    },
    {
      id: 'signature',
      lines: [`发证机关：${c.authority}`, c.date],
      fontSize: 14,
      rightInset: M + 24 + 48,
      pageWidth: W,
    },
  );
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const HTML_STYLE = `body{font-family:"Noto Serif SC","Source Han Serif SC","Songti SC","SimSun",serif;max-width:42em;margin:2em auto;line-height:1.8;font-size:16px;color:#111}
.authority{color:${RED};text-align:center;font-size:2em;font-weight:bold;border-bottom:3px double ${RED};padding-bottom:.2em}
.number{text-align:right}h1{text-align:center;font-size:1.6em}.indent{text-indent:2em}.small{font-size:.8em}
.sign{text-align:right;margin:2.5em 4em 0 0}.qr{float:left}.qr img{width:7em}table{border-collapse:collapse}td{padding:.3em .8em}
.cert{border:6px double #9c7a2b;padding:2em}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>${HTML_STYLE}</style></head><body>
${body}
</body></html>
`;
}

export async function renderLetterHtml(m: Letter): Promise<string> {
  const p = (x: Para) => {
    const o = typeof x === 'string' ? { text: x, indent: true } : { indent: true, ...x };
    if (o.heading) return `<h2 class="indent">${escapeHtml(o.text)}</h2>`;
    const cls = [o.indent && !o.align ? 'indent' : '', o.small ? 'small' : ''].filter(Boolean).join(' ');
    return `<p${cls ? ` class="${cls}"` : ''}${o.align ? ` style="text-align:${o.align}"` : ''}>${escapeHtml(o.text)}</p>`;
  };
  const qr = m.verifyUrl
    ? `<div class="qr"><img alt="扫码核验" src="${await qrDataUrl(m.verifyUrl)}"><br><a href="${escapeHtml(m.verifyUrl)}">扫码核验</a></div>`
    : '';
  return page(
    m.title,
    `${m.authority ? `<div class="authority">${escapeHtml(m.authority)}</div>` : ''}
<p class="number">${escapeHtml(`${m.numberLabel ? `${m.numberLabel}：` : ''}${m.number}`)}</p>
<h1>${escapeHtml(m.title)}</h1>
${m.addressee ? `<p>${escapeHtml(m.addressee)}</p>` : ''}
${m.body.map(p).join('\n')}
${qr}<div class="sign">${m.signature.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</div>
${m.notes.map((n) => p({ text: n, small: true, indent: false })).join('\n')}`,
  );
}

export async function renderCertificateHtml(c: Certificate): Promise<string> {
  return page(
    c.title,
    `<div class="cert"><h1>${escapeHtml(c.title)}</h1><p class="number">编号：${escapeHtml(c.number)}</p>
<div class="qr" style="float:right"><img alt="扫码核验" src="${await qrDataUrl(c.verifyUrl)}"><br><a href="${escapeHtml(c.verifyUrl)}">扫码核验真伪及状态</a></div>
<table>${c.rows.map(([l, v]) => `<tr><td>${escapeHtml(l)}</td><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
<div class="sign"><p>发证机关：${escapeHtml(c.authority)}</p><p>${escapeHtml(c.date)}</p></div>
${c.notes.map((n) => `<p class="small">${escapeHtml(n)}</p>`).join('')}</div>`,
  );
}
