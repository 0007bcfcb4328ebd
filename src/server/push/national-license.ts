import { isDomainError } from '../../domain/errors';
import { committerCategoryOf, type LicenseDataItems, toLicenseDataItems } from '../../domain/national-items';
import { chinaDate } from '../../domain/working-days';
import type { Ctx } from '../context';
import type { application, license } from '../db/schema';
import { cachedDepartment } from '../modules/accounts/department-cache';
import { writeOutbox } from '../outbox/outbox';

export type LicenseFacts = {
  licenseId: string;
  /** The deciding department: the license goes to subscriptions covering it. */
  departmentId: string;
  licenseNumber: string;
  decisionNumber: string;
  itemName: string;
  certificateName: string;
  scope: string;
  holder: { kind: string; name: string; code: string; legalRepresentative: string | null };
  decidedAt: Date;
  validFrom: string;
  validUntil: string | null;
  authority: { name: string; uscc: string | null };
  /** Ended: revoked, or replaced by a later license (延续、变更), with the words the remark carries. */
  revoked?: { reason: string; superseded?: boolean } | null;
};

/**
 * Pushes a license in the 双公示 行政许可 data items. Where the case lacks an item the standard requires
 * (an organisation's 法定代表人 not given at the start), the license still goes out — the receiving
 * platform must learn of it — with the items that are known and the problems named, never invented.
 */
/**
 * Pushes a license as issued, or as revoked with its reason, with the holder's code given in clear (the
 * application stores it encrypted) and the deciding department as authority.
 */
export async function pushLicenseOf(
  ctx: Ctx,
  lic: typeof license.$inferSelect,
  app: Pick<
    typeof application.$inferSelect,
    'number' | 'subjectKind' | 'legalRepresentative' | 'departmentId'
  >,
  holderCode: string,
  revoked?: { reason: string; superseded?: boolean },
): Promise<void> {
  const dept = await cachedDepartment(ctx, app.departmentId);
  pushLicense(ctx, {
    licenseId: lic.id,
    departmentId: app.departmentId,
    licenseNumber: lic.number,
    decisionNumber: app.number,
    itemName: lic.itemName,
    certificateName: lic.name ?? lic.itemName,
    scope: lic.scope,
    holder: {
      kind: app.subjectKind,
      name: lic.holderName,
      code: holderCode,
      legalRepresentative: app.legalRepresentative,
    },
    decidedAt: lic.issuedAt,
    validFrom: lic.validFrom,
    validUntil: lic.validUntil,
    authority: { name: dept?.name ?? '', uscc: dept?.uscc ?? null },
    revoked: revoked ?? null,
  });
}

function pushLicense(ctx: Ctx, f: LicenseFacts): void {
  const today = chinaDate(ctx.now);
  const person = f.holder.kind === 'individual';
  let payload: LicenseDataItems | Record<string, unknown>;
  try {
    payload = toLicenseDataItems(
      {
        holder: {
          name: f.holder.name,
          category: committerCategoryOf(f.holder.kind),
          uscc: person ? null : f.holder.code,
          legalRepresentative: f.holder.legalRepresentative,
          idType: person ? '身份证' : null,
          idNumber: person ? f.holder.code : null,
        },
        decisionDocumentName: `${f.itemName}准予行政许可决定书`,
        decisionDocumentNumber: f.decisionNumber,
        category: '普通',
        certificateName: f.certificateName,
        licenseNumber: f.licenseNumber,
        content: f.scope,
        decidedOn: chinaDate(f.decidedAt),
        validFrom: f.validFrom,
        validTo: f.validUntil,
        authority: { name: f.authority.name, uscc: f.authority.uscc ?? '' },
        dataSource: { name: f.authority.name, uscc: f.authority.uscc ?? '' },
        remarks: f.revoked ? (f.revoked.superseded ? f.revoked.reason : `已撤销：${f.revoked.reason}`) : null,
      },
      { audience: 'government', today },
    );
    if (f.revoked) payload = { ...payload, 当前状态: '无效' };
  } catch (e) {
    if (!isDomainError(e) || e.code !== 'VALIDATION') throw e;
    payload = {
      行政相对人名称: f.holder.name,
      行政相对人类别: committerCategoryOf(f.holder.kind),
      // The holder is identified whatever else is missing: the receiving platform files licenses by it.
      ...(person
        ? { 证件类型: '身份证', 证件号码: f.holder.code }
        : { 统一社会信用代码: f.holder.code, 法定代表人: f.holder.legalRepresentative?.trim() || null }),
      行政许可决定文书名称: `${f.itemName}准予行政许可决定书`,
      行政许可决定文书号: f.decisionNumber,
      许可证书名称: f.itemName,
      许可编号: f.licenseNumber,
      许可内容: f.scope,
      许可决定日期: chinaDate(f.decidedAt),
      有效期自: f.validFrom,
      有效期至: f.validUntil,
      许可机关: f.authority.name,
      当前状态: f.revoked ? '无效' : '有效',
      数据项问题: (e.details?.problems as string[] | undefined) ?? [e.message],
    };
  }
  writeOutbox(ctx, {
    topic: 'license',
    aggregateType: 'license',
    aggregateId: f.licenseId,
    departmentIds: [f.departmentId],
    idempotencyKey: `license:${f.licenseId}:${f.revoked ? (f.revoked.superseded ? 'superseded' : 'revoked') : 'issued'}`,
    payload,
  });
}
