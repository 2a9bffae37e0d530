import type { Database } from '../../db/client.ts';
import type { EventRow, OccurrenceRow } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/authz.ts';
import type { Clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import {
  findEvent,
  findNextOccurrence,
  findOccurrence,
  listHostIds,
  readsEventGroup,
} from './events.repo.ts';

export type EventAccess = ReturnType<typeof createEventAccess>;

/** Who sees and who manages an event, and which of its dates a request means: for the events services. */
export function createEventAccess({ db, clock }: { db: Database; clock: Clock }) {
  async function visibleEvent(viewerId: string | null, eventId: string): Promise<EventRow> {
    const event = await findEvent(db, eventId);
    if (!event || !(await readsEventGroup(db, viewerId, event.groupId))) throw errors.notFound('Event');
    return event;
  }

  async function hostsOf(event: EventRow): Promise<string[]> {
    return [event.organiserId, ...(await listHostIds(db, event.id))];
  }

  async function assertManages(actor: Actor, event: EventRow): Promise<void> {
    if (!(await hostsOf(event)).includes(actor.userId))
      throw errors.forbidden('Only its organisers change an event.');
  }

  async function occurrenceOf(event: EventRow, date: string | undefined): Promise<OccurrenceRow> {
    const found =
      date === undefined
        ? await findNextOccurrence(db, event.id, clock.now())
        : await findOccurrence(db, event.id, date);
    if (!found) throw errors.notFound('Event date');
    return found;
  }

  return { visibleEvent, hostsOf, assertManages, occurrenceOf };
}
