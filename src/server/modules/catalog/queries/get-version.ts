import type { ItemVersion } from '../../../../contracts/catalog';
import { DomainError } from '../../../../domain/errors';
import type { ReadCtx } from '../../../context';
import { presentVersions } from '../present';
import { getItemVersion, type VersionRow } from '../repository';

/** A version as staff see it; also what every catalog action answers with. */
export async function showVersion(ctx: Pick<ReadCtx, 'db'>, v: VersionRow): Promise<ItemVersion> {
  return (await presentVersions(ctx.db, [v]))[0]!;
}

export async function getVersion(ctx: ReadCtx, id: string): Promise<ItemVersion> {
  const v = await getItemVersion(ctx.db, id);
  if (!v) throw new DomainError('NOT_FOUND', '事项版本不存在');
  return showVersion(ctx, v);
}
