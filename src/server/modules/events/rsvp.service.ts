import type { MyRsvp, RsvpBody } from '../../../contract/events.ts';
import type { DanceRole } from '../../../contract/rules.ts';
import type { Database, Transaction } from '../../db/client.ts';
import type { EventRow, OccurrenceRow } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/authz.ts';
import type { Clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { transact, type Emit, type EventBus } from '../../lib/events.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { RelationsService } from '../relations/relations.service.ts';
import type { UsersService } from '../users/users.service.ts';
import { countsRoles, fits, promotions, type Entry } from './admission.ts';
import {
  countGoing,
  findRsvp,
  findUsersByIds,
  listHostIds,
  listWaitlist,
  lockOccurrence,
  recountOccurrence,
  setRsvpStatus,
  upsertRsvp,
  waitlistPosition,
} from './events.repo.ts';
import { limitsOf } from './events.views.ts';
import { toUserSummary } from '../users/users.service.ts';

export interface RsvpServiceDeps {
  db: Database;
  events: EventBus;
  clock: Clock;
  notifications: Pick<NotificationsService, 'record'>;
  users: Pick<UsersService, 'resolveUser'>;
  relations: Pick<RelationsService, 'isBlockedEitherWay'>;
}

const other = (role: DanceRole): DanceRole => (role === 'leader' ? 'follower' : 'leader');

type RsvpRow = NonNullable<Awaited<ReturnType<typeof findRsvp>>>;
const holdsPlace = (row: RsvpRow | undefined) => row?.status === 'going' || row?.status === 'waitlisted';

/**
 * Registrations for one date. Every change runs under the date's row lock, so concurrent RSVPs
 * queue in arrival order: none overbooks, and the waitlist (seq order) promotes fairly.
 */
export function createRsvpService({ db, events, clock, notifications, users, relations }: RsvpServiceDeps) {
  /** A dancer's answer for a date, as the API shows it. */
  async function myRsvp(
    exec: Transaction | Database,
    occurrence: OccurrenceRow,
    userId: string,
  ): Promise<MyRsvp | null> {
    const row = await findRsvp(exec, occurrence.id, userId);
    if (!row) return null;
    const [partner] = row.partnerId ? await findUsersByIds(exec, [row.partnerId]) : [];
    return {
      date: occurrence.date,
      status: row.status,
      role: row.role,
      ...(row.status === 'waitlisted'
        ? { position: await waitlistPosition(exec, occurrence.id, row.role, row.seq) }
        : {}),
      partner: partner ? toUserSummary(partner) : null,
      partnerConfirmed: row.partnerConfirmed,
    };
  }

  /** Leaves a couple: the partner stays registered alone, in their own place. */
  async function unpair(tx: Transaction, occurrenceId: string, row: RsvpRow): Promise<void> {
    if (!row.partnerId) return;
    const partner = await findRsvp(tx, occurrenceId, row.partnerId);
    if (partner && partner.partnerId === row.userId)
      await upsertRsvp(tx, occurrenceId, partner.userId, {
        status: partner.status,
        role: partner.role,
        partnerId: null,
        partnerConfirmed: false,
      });
  }

  /** Promotes whoever now fits from the waitlist, and tells them (in the organiser's name). */
  async function promote(tx: Transaction, emit: Emit, event: EventRow, occurrence: OccurrenceRow) {
    const waitlist = await listWaitlist(tx, occurrence.id);
    const entries = new Map<number, Entry & { userIds: string[] }>();
    for (const row of waitlist) {
      const entry = entries.get(row.seq) ?? { roles: [], userIds: [] };
      entry.roles.push(row.role);
      entry.userIds.push(row.userId);
      entries.set(row.seq, entry);
    }
    const going = await countGoing(tx, occurrence.id);
    const promoted = promotions(limitsOf(event), going, [...entries.values()]);
    for (const entry of promoted) {
      await setRsvpStatus(tx, occurrence.id, entry.userIds, 'going');
      for (const userId of entry.userIds)
        await notifications.record(tx, emit, {
          userId,
          actorId: event.organiserId,
          type: 'event_promoted',
          eventId: event.id,
          eventDate: occurrence.date,
        });
    }
  }

  /** Tells the organisers that someone is going (folded per date: "Ana and 3 others are going"). */
  async function tellOrganisers(
    tx: Transaction,
    emit: Emit,
    event: EventRow,
    occurrence: OccurrenceRow,
    actorId: string,
  ) {
    const hosts = [event.organiserId, ...(await listHostIds(tx, event.id))];
    for (const userId of hosts)
      await notifications.record(tx, emit, {
        userId,
        actorId,
        type: 'event_rsvp',
        eventId: event.id,
        eventDate: occurrence.date,
        groupKey: `event_rsvp:${occurrence.id}`,
      });
  }

  return {
    myRsvp,

    /**
     * Answers for one date. 'going' admits the dancer (or the couple) if every limit holds, else
     * waitlists them for their role; leaving frees places and promotes from the waitlist. A partner
     * named by someone confirms by answering 'going' (with or without naming them back).
     */
    async answer(actor: Actor, event: EventRow, occurrenceId: string, body: RsvpBody): Promise<MyRsvp> {
      const limits = limitsOf(event);
      let partnerId: string | null = null;
      if (body.partner !== undefined && body.status === 'going') {
        if (body.role === undefined)
          throw errors.validation([{ path: 'body.role', message: 'A couple registers with roles' }]);
        const partner = await users.resolveUser(body.partner);
        if (partner.id === actor.userId)
          throw errors.validation([{ path: 'body.partner', message: 'Your partner is someone else' }]);
        if (await relations.isBlockedEitherWay(actor.userId, partner.id)) throw errors.notFound('User');
        partnerId = partner.id;
      }

      return transact(db, events, async (tx, emit) => {
        const occurrence = await lockOccurrence(tx, occurrenceId);
        if (!occurrence) throw errors.notFound('Event date');
        if (occurrence.cancelledAt !== null || event.cancelledAt !== null)
          throw errors.conflict('This date is cancelled.');
        if (occurrence.endsAt <= clock.now()) throw errors.conflict('This date is over.');
        const mine = await findRsvp(tx, occurrence.id, actor.userId);
        // Left out, the role is the one already registered with.
        const role = body.role ?? (holdsPlace(mine) ? (mine?.role ?? null) : null);
        if (body.status === 'going' && countsRoles(limits) && role === null)
          throw errors.validation([
            { path: 'body.role', message: 'This event counts leaders and followers: say which you dance' },
          ]);

        if (body.status !== 'going') {
          const freed = mine?.status === 'going';
          if (mine && holdsPlace(mine)) await unpair(tx, occurrence.id, mine);
          await upsertRsvp(tx, occurrence.id, actor.userId, {
            status: body.status,
            role: role ?? mine?.role ?? null,
            partnerId: null,
            partnerConfirmed: false,
          });
          if (freed) await promote(tx, emit, event, occurrence);
          await recountOccurrence(tx, occurrence.id);
          return (await myRsvp(tx, occurrence, actor.userId)) as MyRsvp;
        }

        // A partner confirming the couple someone registered them in.
        if (
          mine &&
          holdsPlace(mine) &&
          mine.partnerId &&
          !mine.partnerConfirmed &&
          (partnerId === null || partnerId === mine.partnerId)
        ) {
          const theirs = await findRsvp(tx, occurrence.id, mine.partnerId);
          if (theirs?.partnerId === actor.userId) {
            for (const row of [mine, theirs])
              await upsertRsvp(tx, occurrence.id, row.userId, {
                status: row.status,
                role: row.role,
                partnerId: row.partnerId,
                partnerConfirmed: true,
              });
            return (await myRsvp(tx, occurrence, actor.userId)) as MyRsvp;
          }
        }
        // Already there as asked: nothing changes, the place is kept.
        if (mine && holdsPlace(mine) && mine.role === role && mine.partnerId === partnerId)
          return (await myRsvp(tx, occurrence, actor.userId)) as MyRsvp;

        let freed = false;
        if (mine && holdsPlace(mine)) {
          freed = mine.status === 'going';
          await unpair(tx, occurrence.id, mine);
          await upsertRsvp(tx, occurrence.id, actor.userId, {
            status: 'not_going',
            role: mine.role,
            partnerId: null,
            partnerConfirmed: false,
          });
        }
        if (freed) await promote(tx, emit, event, occurrence);

        if (partnerId !== null && role !== null) {
          const theirs = await findRsvp(tx, occurrence.id, partnerId);
          if (holdsPlace(theirs)) throw errors.conflict('Your partner is already registered for this date.');
          const entry: Entry = { roles: [role, other(role)] };
          const status = fits(limits, await countGoing(tx, occurrence.id), entry) ? 'going' : 'waitlisted';
          await upsertRsvp(tx, occurrence.id, actor.userId, {
            status,
            role,
            partnerId,
            partnerConfirmed: false,
            seq: 'next',
          });
          await upsertRsvp(tx, occurrence.id, partnerId, {
            status,
            role: other(role),
            partnerId: actor.userId,
            partnerConfirmed: false,
            seq: 'same',
          });
          await notifications.record(tx, emit, {
            userId: partnerId,
            actorId: actor.userId,
            type: 'event_partner',
            eventId: event.id,
            eventDate: occurrence.date,
          });
        } else {
          const status = fits(limits, await countGoing(tx, occurrence.id), { roles: [role] })
            ? 'going'
            : 'waitlisted';
          await upsertRsvp(tx, occurrence.id, actor.userId, {
            status,
            role,
            partnerId: null,
            partnerConfirmed: false,
            seq: 'next',
          });
        }
        await recountOccurrence(tx, occurrence.id);
        const answer = (await myRsvp(tx, occurrence, actor.userId)) as MyRsvp;
        if (answer.status === 'going') await tellOrganisers(tx, emit, event, occurrence, actor.userId);
        return answer;
      });
    },

    /** After the limits change or places are freed by an organiser: promote whoever now fits. */
    async promoteAll(event: EventRow, occurrenceIds: string[]): Promise<void> {
      for (const id of occurrenceIds)
        await transact(db, events, async (tx, emit) => {
          const occurrence = await lockOccurrence(tx, id);
          if (!occurrence || occurrence.cancelledAt !== null) return;
          await promote(tx, emit, event, occurrence);
          await recountOccurrence(tx, id);
        });
    },
  };
}

export type RsvpService = ReturnType<typeof createRsvpService>;
