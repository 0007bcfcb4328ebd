import { maskPersonName } from '../../../../domain/codes';
import type { PublicReadCtx } from '../../../http/route';
import { listPublishedCommitments } from '../repository';
import { cachedVersion } from '../shared';

/**
 * The letters applicants agreed to publish. A person's name is masked in the heading and in the text, and
 * an agent's name always: the agent is a person whatever the principal is.
 */
export async function publicCommitments(ctx: PublicReadCtx, query: { page: number; pageSize: number }) {
  const { page, pageSize } = query;
  const rows = await listPublishedCommitments(ctx.db, pageSize, (page - 1) * pageSize);
  const versionIds = [...new Set(rows.map((r) => r.itemVersionId))];
  const versions = await Promise.all(versionIds.map((id) => cachedVersion(ctx, id)));
  const itemNames = new Map(versionIds.map((id, i) => [id, versions[i]?.name ?? '']));
  return {
    items: rows.map((r) => {
      const person = r.subjectKind === 'individual';
      const names = [...(person ? [r.subjectName] : []), ...(r.agentName ? [r.agentName] : [])];
      return {
        applicationNumber: r.number,
        itemName: itemNames.get(r.itemVersionId) ?? '',
        committerName: person ? maskPersonName(r.subjectName) : r.subjectName,
        // A person's letter carries the masked number already; the names are masked here as well.
        text: names.reduce((text, name) => text.replaceAll(name, maskPersonName(name)), r.text),
        signedAt: r.signedAt.toISOString(),
      };
    }),
  };
}
