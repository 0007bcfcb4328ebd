import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import {
  approvalModeLabels,
  type CatalogDocument,
  catalogDocumentLabels,
  type DocumentFill,
  verificationMethodLabels,
} from '../../../contracts/catalog';
import { applicantMaterials } from '../../../domain/catalog';
import type { VersionRow } from './repository';

/** A document as headed paragraphs; rendered the same way to HTML and to PDF. */
type Block = { heading: string | null; paragraphs: string[] };
export type DocModel = { title: string; lines: string[]; blocks: Block[]; closing: string[] };

const BLANK = '＿＿＿＿＿＿＿＿＿＿＿＿';

export type Filler = Omit<DocumentFill, 'format'>;

function header(fill: Filler): string[] {
  const lines = [
    `申请人：${fill.applicantName?.trim() || BLANK}`,
    `统一社会信用代码／公民身份号码：${fill.applicantCode?.trim() || BLANK}`,
  ];
  if (fill.agentName?.trim()) lines.push(`代理人：${fill.agentName.trim()}（凭申请人授权委托书代为承诺）`);
  return lines;
}

const materialLine = (m: VersionRow['materials'][number], i: number): string => {
  const notes = [m.required ? '必要' : '非必要'];
  if (m.replaceableByCommitment) {
    notes.push(m.replacesCertificate ? `可以承诺替代“${m.replacesCertificate}”` : '可以承诺替代');
  }
  if (m.tolerableMissing) notes.push(`可容缺，受理后${m.supplyDeadlineDays}个工作日内补正`);
  return `${i + 1}. ${m.name}（${notes.join('；')}）`;
};

export function noticeModel(v: VersionRow, departmentName: string, fill: Filler): DocModel {
  const asked = applicantMaterials(v.materials);
  const shared = v.materials.filter((m) => m.fromSharedData);
  const modes = v.modes.map((m) => approvalModeLabels[m]).join('、');
  const plan = v.verification;
  const verify = [
    `核查方式：${verificationMethodLabels[plan.method]}`,
    plan.deadlineDays ? `承诺后${plan.deadlineDays}个工作日内核查` : null,
    ...plan.byGrade.map(
      (g) =>
        `信用等级${g.grade}：${verificationMethodLabels[g.method]}${g.samplingPercent ? `（抽查比例${g.samplingPercent}%）` : ''}`,
    ),
  ].filter((x): x is string => !!x);
  return {
    title: `${v.name}告知书`,
    lines: header(fill),
    blocks: [
      {
        heading: '一、办理事项名称',
        paragraphs: [`${v.name}（事项编码：${v.code}；实施部门：${departmentName}）`],
      },
      { heading: '二、设定依据', paragraphs: [v.legalBasis] },
      {
        heading: '三、证明的内容或许可条件和材料要求',
        paragraphs: [
          v.notice.proofContent,
          ...(asked.length ? ['申请材料：', ...asked.map(materialLine)] : []),
          ...(shared.length
            ? [
                `以下材料由本部门通过数据共享或电子证照获取，申请人无需提交：${shared.map((m) => m.name).join('、')}`,
              ]
            : []),
        ],
      },
      {
        heading: '四、承诺的方式',
        paragraphs: [
          v.notice.commitmentMethod,
          `本事项可选择的办理方式：${modes}。申请人不愿承诺或者无法承诺的，可以提交相关证明材料，按一般程序办理。`,
          v.proxyAllowed
            ? '可以由他人代为承诺，代为承诺的须提交申请人的授权委托书。'
            : '本事项不适用代为承诺。',
          `法定办结时限${v.legalTimeLimitDays}个工作日，承诺办结时限${v.promisedTimeLimitDays === 0 ? '为即审即办' : `${v.promisedTimeLimitDays}个工作日`}。`,
        ],
      },
      { heading: '五、事中事后核查', paragraphs: verify },
      {
        heading: '六、虚假承诺的法律责任',
        paragraphs: [
          `（一）民事责任：${v.notice.civilLiability}`,
          `（二）行政责任：${v.notice.administrativeLiability}`,
          `（三）刑事责任：${v.notice.criminalLiability}`,
        ],
      },
    ],
    closing: [`告知机关：${departmentName}（盖章）`, '日期：    年  月  日'],
  };
}

export function commitmentModel(v: VersionRow, fill: Filler): DocModel {
  const c = v.commitment;
  return {
    title: `${v.name}承诺书`,
    lines: header(fill),
    blocks: [
      {
        heading: null,
        paragraphs: [`本人（本单位）申请办理“${v.name}”（事项编码：${v.code}），现郑重承诺：`],
      },
      {
        heading: null,
        paragraphs: [
          `一、${c.informed}`,
          `二、${c.meetsConditions}`,
          `三、${c.acceptsLiability}`,
          `四、${c.truthful}`,
        ],
      },
    ],
    closing: ['承诺人（签字或盖章）：', '日期：    年  月  日'],
  };
}

export function documentModel(
  doc: CatalogDocument,
  v: VersionRow,
  departmentName: string,
  fill: Filler,
): DocModel {
  switch (doc) {
    case 'notice':
      return noticeModel(v, departmentName, fill);
    case 'commitment':
      return commitmentModel(v, fill);
    default: {
      const never: never = doc;
      return never;
    }
  }
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderHtml(m: DocModel): string {
  const p = (s: string) => `<p>${escapeHtml(s)}</p>`;
  const blocks = m.blocks
    .map((b) => `${b.heading ? `<h2>${escapeHtml(b.heading)}</h2>` : ''}${b.paragraphs.map(p).join('')}`)
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(m.title)}</title>
<style>body{font-family:"Noto Sans SC","Microsoft YaHei",sans-serif;max-width:48em;margin:2em auto;line-height:1.8}
h1{text-align:center;font-size:1.5em}h2{font-size:1.1em;margin-top:1.2em}.closing{text-align:right;margin-top:2em}</style>
</head><body>
<h1>${escapeHtml(m.title)}</h1>
<div class="parties">${m.lines.map(p).join('')}</div>
${blocks}
<div class="closing">${m.closing.map(p).join('')}</div>
</body></html>
`;
}

let fontsReady = false;

/**
 * Noto Sans SC (SIL OFL) comes with the npm package @expo-google-fonts/noto-sans-sc, so PDFs need no system
 * fonts; pdfmake embeds only the glyphs used. Network and file access from document content is refused.
 */
function ensureFonts(): void {
  if (fontsReady) return;
  const require = createRequire(import.meta.url);
  const file = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
  pdfmake.virtualfs.writeFileSync('NotoSansSC-Regular.ttf', readFileSync(file));
  const f = 'NotoSansSC-Regular.ttf';
  pdfmake.addFonts({ NotoSansSC: { normal: f, bold: f, italics: f, bolditalics: f } });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  fontsReady = true;
}

export async function renderPdf(m: DocModel): Promise<Buffer> {
  ensureFonts();
  const content: unknown[] = [
    { text: m.title, fontSize: 18, alignment: 'center', margin: [0, 0, 0, 16] },
    ...m.lines.map((text) => ({ text, margin: [0, 0, 0, 4] })),
  ];
  for (const b of m.blocks) {
    if (b.heading) content.push({ text: b.heading, fontSize: 13, margin: [0, 10, 0, 4] });
    for (const text of b.paragraphs) content.push({ text, margin: [0, 0, 0, 4], lineHeight: 1.4 });
  }
  content.push({ text: '', margin: [0, 20, 0, 0] });
  for (const text of m.closing) content.push({ text, alignment: 'right', margin: [0, 4, 0, 0] });
  const doc = pdfmake.createPdf({
    info: { title: m.title, creator: '信易批' },
    pageSize: 'A4',
    pageMargins: [56, 56, 56, 56],
    defaultStyle: { font: 'NotoSansSC', fontSize: 11 },
    content,
  });
  return doc.getBuffer();
}

export const documentFileName = (v: VersionRow, doc: CatalogDocument, ext: string): string =>
  `${v.code}-${catalogDocumentLabels[doc]}-v${v.versionNo}.${ext}`;
