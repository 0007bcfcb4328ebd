import { versionEventLabels } from '../../../../contracts/catalog';
import { DomainError } from '../../../../domain/errors';
import type { ReadCtx } from '../../../context';
import { presentStep } from '../../../http/history';
import { getItemVersion, listEvents } from '../repository';

export async function versionHistory(ctx: ReadCtx, id: string) {
  if (!(await getItemVersion(ctx.db, id))) throw new DomainError('NOT_FOUND', '事项版本不存在');
  const rows = await listEvents(ctx.db, id);
  return {
    items: rows.map((e) => presentStep(e, versionEventLabels)),
  };
}
