import type { InvitationsResult } from '../../../contract/events.ts';
import type { EventRow, OccurrenceRow } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/authz.ts';
import { errors } from '../../lib/errors.ts';
import { transact } from '../../lib/events.ts';
import { readsEventGroup } from './events.repo.ts';
import { findRsvp } from './rsvps.repo.ts';
import { insertInvitations, listPlaceHolderIds } from './invitations.repo.ts';
import type { RsvpServiceDeps } from './rsvp.service.ts';
import { findNamedUser, unknownUser } from './named-user.ts';

/** The same collaborators as RSVPs: both answer for a date under its rules. */
export type InvitationsServiceDeps = RsvpServiceDeps;

interface Invitee {
  id: string;
  username: string;
}

/** Invitations to one date: each dancer is told once, whoever invites them again. */
export function createInvitationsService({
  db,
  events,
  clock,
  notifications,
  users,
  relations,
}: InvitationsServiceDeps) {
  /**
   * The dancers named, once each. Unknown and blocked (either way) answer the same 404, as a partner
   * does; for a private group's event, only its members may be invited.
   */
  async function inviteesOf(actor: Actor, event: EventRow, usernames: string[]): Promise<Invitee[]> {
    const found = new Map<string, Invitee>();
    for (const [i, username] of usernames.entries()) {
      const path = `body.usernames.${i}`;
      const user = await findNamedUser(users, username);
      if (!user || (await relations.isBlockedEitherWay(actor.userId, user.id))) throw unknownUser(path);
      if (user.id === actor.userId)
        throw errors.validation([{ path, message: 'You cannot invite yourself' }]);
      if (!(await readsEventGroup(db, user.id, event.groupId)))
        throw errors.validation([{ path, message: 'Not a member of the group' }]);
      found.set(user.id, { id: user.id, username: user.username });
    }
    return [...found.values()];
  }

  return {
    /**
     * Invites dancers to a date, for its organisers (`hostIds`) and the dancers going. Those already
     * invited to it, or holding a place, are skipped rather than told again.
     */
    async invite(
      actor: Actor,
      event: EventRow,
      occurrence: OccurrenceRow,
      hostIds: string[],
      usernames: string[],
    ): Promise<InvitationsResult> {
      if (!hostIds.includes(actor.userId)) {
        const mine = await findRsvp(db, occurrence.id, actor.userId);
        if (mine?.status !== 'going')
          throw errors.forbidden('Only its organisers and the dancers going invite others.');
      }
      if (occurrence.cancelledAt !== null || event.cancelledAt !== null) throw errors.eventDateCancelled();
      if (occurrence.endsAt <= clock.now()) throw errors.eventDateOver();
      const invitees = await inviteesOf(actor, event, usernames);

      return transact(db, events, async (tx, emit) => {
        const ids = invitees.map((u) => u.id);
        const holding = new Set(await listPlaceHolderIds(tx, occurrence.id, ids));
        const fresh = new Set(
          await insertInvitations(
            tx,
            occurrence.id,
            actor.userId,
            ids.filter((id) => !holding.has(id)),
          ),
        );
        for (const userId of fresh)
          await notifications.record(tx, emit, {
            userId,
            actorId: actor.userId,
            type: 'event_invited',
            eventId: event.id,
            eventDate: occurrence.date,
          });
        return {
          date: occurrence.date,
          invited: invitees.filter((u) => fresh.has(u.id)).map((u) => u.username),
          skipped: invitees.filter((u) => !fresh.has(u.id)).map((u) => u.username),
        };
      });
    },
  };
}

export type InvitationsService = ReturnType<typeof createInvitationsService>;
