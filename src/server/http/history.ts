/**
 * One step of a status history (`transition()` and `actor()` columns, db/schema/columns.ts) as the API
 * answers it, with the event's label: an application's and a catalog version's history read alike.
 */
export const presentStep = <Event extends string, Status extends string>(
  step: {
    seq: number;
    event: Event;
    fromStatus: Status | null;
    toStatus: Status;
    actorName: string | null;
    comment: string | null;
    at: Date;
  },
  labels: Record<Event, string>,
) => ({
  seq: step.seq,
  event: step.event,
  eventLabel: labels[step.event],
  fromStatus: step.fromStatus,
  toStatus: step.toStatus,
  actorName: step.actorName,
  comment: step.comment,
  at: step.at.toISOString(),
});
