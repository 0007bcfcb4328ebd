import { approvalModeLabels, commitmentModes } from '../../../contracts/catalog';
import { creditRecordKindLabels } from '../../../contracts/credit';
import { type DocumentKind, documentKindLabels } from '../../../contracts/documents';
import { chinaClock, chineseDate } from '../../../domain/chinese-time';
import { DomainError } from '../../../domain/errors';
import type { ReadCtx } from '../../context';
import { cachedDepartment } from '../accounts/department-cache';
import {
  type ApplicationRow,
  type CommitmentRow,
  findApplication,
  findCommitment,
  type LicenseRow,
  listEvents,
} from '../applications/repository';
import { cachedVersion } from '../applications/shared';
import type { VersionRow } from '../catalog/repository';
import { findRecord, findRepair, findSubject } from '../credit/repository';
import type { Certificate, Letter, Para } from './layout';
import {
  type DocumentRow,
  findDecisionOf,
  findLicenseOf,
  findSettings,
  latestDocumentOf,
} from './repository';

export const DEFAULT_REVIEW_AUTHORITY = '本机关的本级人民政府';
export const DEFAULT_COURT = '有管辖权的人民法院';

/**
 * 复议/诉讼: a decision against the party names both channels and their time limits (行政复议法 第二十条:
 * sixty days; 行政诉讼法 第四十六条: six months).
 */
export const remedyText = (reviewAuthority: string, court: string, what: string): string =>
  `如不服本${what}，可以自收到本${what}之日起六十日内向${reviewAuthority}申请行政复议，也可以自收到本${what}之日起六个月内依法向${court}提起行政诉讼。`;

/**
 * The title of the certificate an item issues. The item states it; until then it follows from the item's
 * name as the licenses of the demo catalog are called (…许可 → …许可证, …登记 → …登记证).
 */
/** “自2026年11月23日至2031年11月22日”, or “自2026年11月23日起长期有效” for a license without end. */
const validityOf = (lic: LicenseRow): string =>
  lic.validUntil === null
    ? `自${chineseDate(lic.validFrom)}起长期有效`
    : `自${chineseDate(lic.validFrom)}至${chineseDate(lic.validUntil)}`;

export function licenseTitleOf(v: VersionRow, lic: LicenseRow): string {
  // The license's own name as issued, else the item version's (19.5); older rows have neither.
  const stated = lic.name ?? (v.issuance === 'license' ? v.licenseName : null);
  if (stated) return stated;
  const name = lic.itemName;
  if (/(许可|登记)$/.test(name)) return `${name}证`;
  if (/备案$/.test(name)) return `${name}证明`;
  return `${name}证书`;
}

export type DocumentCase = {
  doc: DocumentRow;
  authority: string;
  reviewAuthority: string;
  court: string;
  app: ApplicationRow | null;
  version: VersionRow | null;
  license: LicenseRow | null;
  /** For the public check: the name of the person or organisation the document concerns. */
  holder: { kind: string; name: string };
  itemName: string | null;
};

/** Reads what a document is rendered from: the document row, its issuer, and the case as it stands. */
export async function loadDocumentCase(
  ctx: Pick<ReadCtx, 'db' | 'caches'>,
  doc: DocumentRow,
): Promise<DocumentCase> {
  const dept = await cachedDepartment(ctx, doc.departmentId);
  const settings = await findSettings(ctx.db, doc.departmentId);
  const base = {
    doc,
    authority: dept?.name ?? '',
    reviewAuthority: settings?.reviewAuthority ?? DEFAULT_REVIEW_AUTHORITY,
    court: settings?.court ?? DEFAULT_COURT,
  };
  if (doc.applicationId) {
    const app = await findApplication(ctx.db, doc.applicationId);
    if (!app) throw new DomainError('NOT_FOUND', '文书不存在');
    const version = (await cachedVersion(ctx, app.itemVersionId)) ?? null;
    const license = (await findLicenseOf(ctx.db, app.id)) ?? null;
    return {
      ...base,
      app,
      version,
      license,
      holder: { kind: app.subjectKind, name: app.subjectName },
      itemName: version?.name ?? null,
    };
  }
  const repair = doc.repairRequestId ? await findRepair(ctx.db, doc.repairRequestId) : undefined;
  const subject = repair ? await findSubject(ctx.db, repair.subjectId) : undefined;
  return {
    ...base,
    app: null,
    version: null,
    license: null,
    holder: { kind: subject?.kind ?? 'enterprise', name: subject?.name ?? '' },
    itemName: null,
  };
}

type Missing = { name: string; dueDate: string }[];

const partyLines = (app: ApplicationRow): Para[] => {
  const person = app.subjectKind === 'individual';
  const lines: Para[] = [
    { text: `申请人：${app.subjectName}`, indent: false },
    { text: `${person ? '公民身份号码' : '统一社会信用代码'}：${app.subjectCodeShown}`, indent: false },
  ];
  if (app.legalRepresentative) {
    lines.push({
      text: `${app.subjectKind === 'individual_business' ? '经营者' : '法定代表人'}：${app.legalRepresentative}`,
      indent: false,
    });
  }
  if (app.agentName) lines.push({ text: `委托代理人：${app.agentName}`, indent: false });
  return lines;
};

const materialList = (items: Missing): Para[] =>
  items.map((m, i) => `${i + 1}. ${m.name}（补正期限：${chineseDate(m.dueDate)}前）`);

/** Builds the printed text of a document of a case. */
export async function documentModel(
  ctx: ReadCtx,
  c: DocumentCase,
  verifyUrl: string,
): Promise<{ letter: Letter } | { certificate: Certificate }> {
  const { doc } = c;
  const facts = doc.facts as Record<string, unknown>;
  const title = documentKindLabels[doc.kind];
  const issued = chineseDate(doc.issuedAt);
  const signature = [c.authority, issued];
  const letter = (l: Partial<Letter> & Pick<Letter, 'body'>): { letter: Letter } => ({
    letter: {
      authority: c.authority,
      number: doc.number,
      title,
      addressee: c.app ? `${c.app.subjectName}：` : null,
      signature,
      sealed: true,
      verifyUrl,
      notes: [],
      ...l,
    },
  });
  if (doc.kind === 'repair') return repairModel(ctx, c, verifyUrl, letter);
  const app = c.app!;
  const v = c.version!;
  const you = app.subjectKind === 'individual' ? '你' : '你单位';
  const events = await listEvents(ctx.db, app.id);
  const at = (e: string) => events.find((x) => x.event === e)?.at ?? null;
  const submitted = chineseDate(app.submittedAt ?? app.createdAt);
  const applied = `${you}于${submitted}提出的“${v.name}”申请（办件编号：${app.number}）`;
  const remedy = (what = '决定') => remedyText(c.reviewAuthority, c.court, what);
  const lic = c.license;
  const acceptedOn = at('accept') ?? at('submit_missing') ?? at('submit_instant') ?? app.submittedAt;

  switch (doc.kind) {
    case 'acceptance':
      return letter({
        body: [
          `${applied}，申请材料齐全、符合法定形式。根据《中华人民共和国行政许可法》第三十二条第一款第（五）项的规定，本机关决定予以受理。`,
          `本机关将自受理之日起${app.legalTimeLimitDays}个工作日内作出决定${facts.legalDeadline ? `，法定办结期限至${chineseDate(String(facts.legalDeadline))}` : ''}（按工作日计算，法定节假日不计）。办理进度可登录信易批查询，或凭办件编号向综合受理窗口查询。`,
          `设定依据：${v.legalBasis}。`,
        ],
      });
    case 'non_acceptance':
      return letter({
        body: [
          `${applied}，经审查：${String(facts.reason ?? '')}。根据《中华人民共和国行政许可法》第三十二条第一款的规定，本机关决定不予受理。`,
          remedy('通知书'),
        ],
      });
    case 'missing_acceptance':
      return letter({
        body: [
          `${applied}，主要申请材料齐全、符合法定形式，部分次要材料尚有欠缺，${you}已书面承诺在规定期限内补正。根据容缺受理的有关规定，本机关决定予以容缺受理，并同步审查。`,
          '请于下列期限内补正以下材料：',
          ...materialList((facts.materials as Missing) ?? []),
          '材料补齐后即时办结。逾期未补正的，本机关将予以催告；经催告仍未补正的，终止办理，并依照信用承诺制度记入信用记录。',
          `设定依据：${v.legalBasis}。`,
        ],
      });
    case 'correction':
      return letter({
        body: [
          `${applied}已于${chineseDate(acceptedOn ?? app.createdAt)}容缺受理。下列材料尚未补正，补正期限即将届满：`,
          ...materialList((facts.materials as Missing) ?? []),
          '请在补正期限届满前通过信易批提交，或到综合受理窗口提交。逾期未补正的，本机关将予以催告；经催告仍未补正的，终止办理，并依照信用承诺制度记入信用记录。',
        ],
      });
    case 'reminder':
      return letter({
        body: [
          `${applied}已于${chineseDate(acceptedOn ?? app.createdAt)}容缺受理。${you}承诺在期限内补正的下列材料，至今逾期未补正：`,
          ...materialList((facts.materials as Missing) ?? []),
          `现予催告：请于${chineseDate(String(facts.finalDueDate))}前补齐上述材料。逾期仍未补正的，本机关将终止办理，并依照信用承诺制度记入信用记录。`,
        ],
      });
    case 'approval': {
      const committed = app.mode && (commitmentModes as readonly string[]).includes(app.mode);
      const commitmentDoc = committed ? await latestDocumentOf(ctx.db, app.id, ['commitment']) : undefined;
      const body: Para[] = [
        ...partyLines(app),
        `${applied}，本机关已于${chineseDate(acceptedOn ?? app.createdAt)}受理。${
          committed
            ? `${you}以“${approvalModeLabels[app.mode!]}”方式作出书面承诺${commitmentDoc ? `（承诺书编号：${commitmentDoc.number}）` : ''}，经审查，申请符合法定条件、标准。`
            : `经审查，${you}的申请符合法定条件、标准。`
        }`,
        `根据《中华人民共和国行政许可法》第三十八条第一款和${v.legalBasis}的规定，本机关决定准予行政许可。`,
      ];
      if (lic) {
        body.push(
          `许可内容：${lic.scope}。`,
          `核发${licenseTitleOf(v, lic)}（编号：${lic.number}），有效期${validityOf(lic)}。`,
        );
      } else {
        body.push('本决定不颁发许可证件。');
      }
      if (committed) {
        body.push(
          `本决定依据${you}作出的承诺作出。本机关将依法对承诺内容进行核查；发现实际情况与承诺内容不符的，将责令限期整改，逾期未整改、整改后仍不符合条件或者承诺虚假的，依法撤销本决定，并记入信用记录。`,
        );
      }
      return letter({ addressee: null, body });
    }
    case 'rejection': {
      return letter({
        addressee: null,
        body: [
          ...partyLines(app),
          `${applied}，本机关已于${chineseDate(acceptedOn ?? app.createdAt)}受理。经审查：${String(facts.reason ?? '')}，不符合法定条件、标准。`,
          `根据《中华人民共和国行政许可法》第三十八条第二款和${v.legalBasis}的规定，本机关决定不予行政许可。`,
          remedy(),
        ],
      });
    }
    case 'revocation': {
      const approval = await latestDocumentOf(ctx.db, app.id, ['approval']);
      const decided = await findDecisionOf(ctx.db, app.id);
      const licTitle = lic ? licenseTitleOf(v, lic) : null;
      return letter({
        addressee: null,
        body: [
          ...partyLines(app),
          `本机关于${chineseDate(decided?.decidedAt ?? app.decidedAt ?? app.createdAt)}对${you}的“${v.name}”申请（办件编号：${app.number}）作出准予行政许可决定${approval ? `（${approval.number}）` : ''}${lic ? `，核发${licTitle}（编号：${lic.number}）` : ''}。`,
          `经事中事后核查：${String(facts.reason ?? '')}。`,
          `根据《中华人民共和国行政许可法》第六十九条和《国务院办公厅关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见》（国办发〔2020〕42号）的规定，本机关决定撤销上述准予行政许可决定${lic ? `，${licTitle}（编号：${lic.number}）同时撤销，自本决定作出之日起失效` : ''}。`,
          `该失信行为将依照信用承诺制度记入${you}的信用记录，并推送信用信息共享平台。`,
          remedy(),
        ],
      });
    }
    case 'commitment':
      return commitmentModel(ctx, c, verifyUrl);
    case 'license': {
      if (!lic) throw new DomainError('NOT_FOUND', '文书不存在');
      const person = app.subjectKind === 'individual';
      const rows: [string, string][] = [
        [person ? '持证人' : '持证单位', app.subjectName],
        [person ? '公民身份号码' : '统一社会信用代码', app.subjectCodeShown],
      ];
      if (app.legalRepresentative) {
        rows.push([
          app.subjectKind === 'individual_business' ? '经营者' : '法定代表人',
          app.legalRepresentative,
        ]);
      }
      const approval = await latestDocumentOf(ctx.db, app.id, ['approval']);
      rows.push(['许可事项', v.name], ['许可内容', lic.scope], ['有效期限', validityOf(lic)]);
      if (approval) rows.push(['许可决定文号', approval.number]);
      return {
        certificate: {
          title: licenseTitleOf(v, lic),
          number: lic.number,
          rows,
          authority: c.authority,
          date: chineseDate(lic.issuedAt),
          verifyUrl,
          notes: [`本证依据${v.legalBasis}核发。证照是否有效，以扫描二维码或在信易批核验的结果为准。`],
        },
      };
    }
    case 'defence_notice': {
      // Facts given by the revocation procedure when it informs the party: what was found, what the
      // department means to decide, and until when the party may state its case.
      const f = facts as { findings?: string; intended?: string; deadline?: string; hearing?: boolean };
      const body: Para[] = [
        ...partyLines(app),
        `${applied}，本机关已作出准予行政许可决定。经事中事后核查：${f.findings ?? ''}。`,
        `本机关拟作出如下决定：${f.intended ?? '撤销上述准予行政许可决定'}。`,
        `根据《中华人民共和国行政许可法》第七条的规定，${you}享有陈述权、申辩权。${you}可以自收到本告知书之日起至${f.deadline ? chineseDate(f.deadline) : '规定期限届满'}前，通过信易批或以书面形式向本机关提出陈述和申辩；逾期未提出的，视为放弃陈述和申辩的权利。本机关将对${you}提出的事实、理由和证据进行复核，成立的予以采纳，不因${you}陈述和申辩而加重处理。`,
      ];
      if (f.hearing) {
        body.push(
          `根据《中华人民共和国行政许可法》第四十七条的规定，${you}有权要求听证，请在上述期限内提出；逾期未提出的，视为放弃听证。`,
        );
      }
      return letter({ addressee: null, body });
    }
    default: {
      const never: never = doc.kind;
      return never;
    }
  }
}

const group = (hex: string | null, size = 8): string =>
  hex ? (hex.match(new RegExp(`.{1,${size}}`, 'g')) ?? []).join(' ') : '（无）';

async function commitmentModel(
  ctx: ReadCtx,
  c: DocumentCase,
  verifyUrl: string,
): Promise<{ letter: Letter }> {
  const app = c.app!;
  const signed: CommitmentRow | undefined = await findCommitment(ctx.db, app.id);
  if (!signed) throw new DomainError('NOT_FOUND', '文书不存在');
  const [title, ...rest] = signed.text.split('\n');
  const body: Para[] = rest.map((line) => ({ text: line || ' ', indent: false }));
  const electronic = signed.signatureKind === 'electronic';
  body.push({ text: '签署信息', heading: true });
  body.push(
    { text: `签署方式：${electronic ? '电子签名（SM2）' : '手写签名，由综合受理窗口记录'}`, indent: false },
    { text: `签署人：${signed.signerName}`, indent: false },
    {
      text: `签署时间：${chineseDate(signed.signedAt)} ${chinaClock(signed.signedAt)}（北京时间）`,
      indent: false,
    },
    { text: `正文摘要（SM3）：${group(signed.digest)}`, indent: false, small: true },
  );
  if (electronic) {
    body.push(
      { text: `签名值：${group(signed.signature)}`, indent: false, small: true },
      { text: `签名公钥：${group(signed.publicKey)}`, indent: false, small: true },
    );
  }
  const notes = [
    `验证方法：承诺书正文为自标题“${title}”起至日期行止的各行，以换行符连接，按 UTF-8 编码计算 SM3 摘要，应与上列摘要一致（分组空格不计）。${
      electronic
        ? '再以上列公钥按 GM/T 0003 验证 SM2 签名值（用户标识 1234567812345678，对摘要签名），验证通过即证明正文自签署后未被改动。'
        : '手写签名的原件或扫描件由受理部门存档。'
    }有权查看本办件的人员也可通过信易批“验证承诺书”（GET /api/applications/${app.id}/commitment/verification）自动验证，任何人可扫描二维码核验本承诺书的编号和状态。`,
  ];
  return {
    letter: {
      authority: null,
      number: c.doc.number,
      numberLabel: '承诺书编号',
      title: title ?? '承诺书',
      addressee: null,
      body,
      signature: [],
      sealed: false,
      verifyUrl,
      notes,
    },
  };
}

async function repairModel(
  ctx: ReadCtx,
  c: DocumentCase,
  _verifyUrl: string,
  letter: (l: Partial<Letter> & Pick<Letter, 'body'>) => { letter: Letter },
): Promise<{ letter: Letter }> {
  const facts = c.doc.facts as { approved?: boolean; note?: string | null };
  const repair = c.doc.repairRequestId ? await findRepair(ctx.db, c.doc.repairRequestId) : undefined;
  if (!repair) throw new DomainError('NOT_FOUND', '文书不存在');
  const record = await findRecord(ctx.db, repair.recordId);
  const subject = await findSubject(ctx.db, repair.subjectId);
  const person = subject?.kind === 'individual';
  const you = person ? '你' : '你单位';
  const code = person ? (subject?.residentIdMasked ?? '') : (subject?.uscc ?? '');
  const basis =
    '根据《失信行为纠正后的信用信息修复管理办法（试行）》（国家发展和改革委员会令2023年第58号）的规定';
  const body: Para[] = [
    { text: `申请人：${subject?.name ?? ''}`, indent: false },
    { text: `${person ? '公民身份号码' : '统一社会信用代码'}：${code}`, indent: false },
    `${you}于${chineseDate(repair.requestedAt)}提出信用修复申请，申请修复的信用记录为：${record ? `${creditRecordKindLabels[record.kind]}（认定机关：${record.authority}；认定日期：${chineseDate(record.decidedOn)}；事由：${record.summary}）` : ''}。`,
  ];
  if (facts.approved) {
    body.push(
      `经审核，${you}已纠正失信行为、履行相关义务并作出信用修复承诺，最短公示期已满，符合信用修复条件。${basis}，本机关决定予以信用修复。`,
      `自本决定作出之日起，该记录停止公示；自下一次信用核查起，不再影响${you}以告知承诺方式办理事项。已作出的信用核查结论不因本决定改变。`,
    );
    if (facts.note) body.push(`审核意见：${facts.note}。`);
  } else {
    body.push(
      `经审核：${facts.note ?? ''}，不符合信用修复条件。${basis}，本机关决定不予信用修复。`,
      remedyText(c.reviewAuthority, c.court, '决定'),
    );
  }
  return letter({ addressee: null, body, title: facts.approved ? '信用修复决定书' : '不予信用修复决定书' });
}

export const documentTitle = (kind: DocumentKind, facts: Record<string, unknown>): string =>
  kind === 'repair' && facts.approved === false ? '不予信用修复决定书' : documentKindLabels[kind];
