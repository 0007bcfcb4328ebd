import { DomainError } from '../../../../domain/errors';
import type { ReadCtx } from '../../../context';
import { sm3 } from '../../../security/crypto';
import { verifyText } from '../../../security/signature';
import { findCommitment } from '../repository';
import { assertMayRead, requireApplication } from '../shared';

/** Checks the stored letter against its SM3 digest and, when signed electronically, its SM2 signature. */
export async function verifyCommitment(ctx: ReadCtx, applicationId: string) {
  const app = await requireApplication(ctx, applicationId);
  assertMayRead(ctx.actor, app);
  const c = await findCommitment(ctx.db, applicationId);
  if (!c) throw new DomainError('NOT_FOUND', '本办件没有承诺书');
  const digestMatches = sm3(Buffer.from(c.text, 'utf8')) === c.digest;
  const signatureValid =
    c.signatureKind === 'electronic' ? verifyText(c.text, c.signature ?? '', c.publicKey ?? '') : null;
  const message =
    c.signatureKind === 'handwritten'
      ? digestMatches
        ? '手写签名承诺书，存档文本未被改动'
        : '存档文本与摘要不符，承诺书可能被篡改'
      : digestMatches && signatureValid
        ? '电子签名有效，承诺书文本未被改动'
        : '电子签名验证失败，承诺书可能被篡改';
  return { digestMatches, signatureValid, signatureKind: c.signatureKind, message };
}
