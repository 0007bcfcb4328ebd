import type { DocumentCheck } from '../../../contracts/documents';

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const COLORS = { valid: '#1a7f37', revoked: '#c8161d', expired: '#9a6700', superseded: '#9a6700' } as const;

/** The page a scanned QR code opens: the status first, then the minimum a checker needs. */
export function verifyPage(c: DocumentCheck): string {
  const rows: [string, string | null][] = [
    ['文书', c.title],
    ['编号', c.number],
    ['当事人', c.holderName],
    ['事项', c.itemName],
    ['出具机关', c.issuedBy],
    ['出具日期', c.issuedOn],
    ['有效期', c.validFrom && c.validUntil ? `${c.validFrom} 至 ${c.validUntil}` : null],
    ['撤销时间', c.revokedAt ? c.revokedAt.slice(0, 10) : null],
    ['撤销理由', c.revocationReason],
  ];
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>文书核验：${esc(c.statusLabel)}</title>
<style>body{font-family:"Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:32em;margin:1.5em auto;padding:0 1em;line-height:1.7}
.status{font-size:1.6em;font-weight:bold;color:${COLORS[c.status]};border:2px solid ${COLORS[c.status]};border-radius:.4em;padding:.3em .6em;text-align:center}
th{text-align:left;padding-right:1em;color:#555;font-weight:normal;vertical-align:top}small{color:#777}</style></head><body>
<h1>信易批 文书核验</h1>
<div class="status">${esc(c.statusLabel)}</div>
<table>${rows
    .filter((r): r is [string, string] => r[1] !== null)
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`)
    .join('')}</table>
<p><small>核验时间：${esc(c.checkedAt)}。本页只显示核验所需的最少信息，自然人姓名已脱敏。</small></p>
</body></html>
`;
}
