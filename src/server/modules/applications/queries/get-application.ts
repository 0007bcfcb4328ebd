import type { ApplicationView } from '../../../../contracts/applications';
import type { ReadCtx } from '../../../context';
import { showApplication } from '../present';
import type { ApplicationRow } from '../repository';
import { assertMayRead, requireApplication } from '../shared';

/** A case for the applicant who follows it and the staff who may see it; to anyone else it does not exist. */
export async function getApplication(ctx: ReadCtx, id: string): Promise<ApplicationView> {
  const row = await requireApplication(ctx, id);
  assertMayRead(ctx.actor, row);
  return showApplication(ctx, row);
}

export type { ApplicationRow };
