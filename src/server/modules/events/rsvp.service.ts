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
import { countsRoles, mayAdmit, promotions, type Entry } from './admission.ts';
import {
  findEvent,
  findUsersByIds,
  listHostIds,
  lockOccurrence,
  readsEventGroup,
  recountOccurrence,
} from './events.repo.ts';
import {
  countGoing,
  deleteRsvp,
  findRsvp,
  listHeldOccurrenceIds,
  listWaitlist,
  setRsvpStatus,
  upsertRsvp,
  waitlistPosition,
} from './rsvps.repo.ts';
import { limitsOf } from './events.views.ts';
import { findNamedUser, unknownUser } from './named-user.ts';
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
 *
 * A couple is two rows naming each other; each row's partner_confirmed says that dancer agreed (the
 * one who registers the couple agrees by doing so), and the couple is confirmed once both have.
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
    const theirs = row.partnerId ? await findRsvp(exec, occurrence.id, row.partnerId) : undefined;
    const [partner] = row.partnerId ? await findUsersByIds(exec, [row.partnerId]) : [];
    return {
      date: occurrence.date,
      status: row.status,
      role: row.role,
      ...(row.status === 'waitlisted'
        ? { position: await waitlistPosition(exec, occurrence.id, row.role, row.seq) }
        : {}),
      partner: partner ? toUserSummary(partner) : null,
      partnerConfirmed: row.partnerConfirmed && theirs?.partnerConfirmed === true,
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

  /**
   * Promotes whoever now fits from the waitlist, and tells them (in the organiser's name); those in
   * `quiet` are the dancers answering, who learn their status from the answer itself.
   */
  async function promote(
    tx: Transaction,
    emit: Emit,
    event: EventRow,
    occurrence: OccurrenceRow,
    quiet: readonly string[] = [],
  ) {
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
        if (!quiet.includes(userId))
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

  /** The partner named in an answer: someone else, who can see the event and is not in a block. */
  async function partnerOf(actor: Actor, event: EventRow, body: RsvpBody): Promise<string | null> {
    if (body.partner === undefined || body.status !== 'going') return null;
    if (body.role === undefined)
      throw errors.validation([{ path: 'body.role', message: 'A couple registers with roles' }]);
    const partner = await findNamedUser(users, body.partner);
    if (!partner) throw unknownUser('body.partner');
    if (partner.id === actor.userId)
      throw errors.validation([{ path: 'body.partner', message: 'Your partner is someone else' }]);
    if (
      (await relations.isBlockedEitherWay(actor.userId, partner.id)) ||
      !(await readsEventGroup(db, partner.id, event.groupId))
    )
      throw unknownUser('body.partner');
    return partner.id;
  }

  return {
    myRsvp,

    /**
     * Answers for one date. 'going' puts the dancer (or the couple) at the end of the waitlist and
     * promotes whoever fits in arrival order, so a newcomer never passes someone waiting who fits;
     * leaving frees places and promotes. A partner named by someone confirms by answering 'going'
     * (with or without naming them back); left out, the partner of a couple stays the same.
     */
    async answer(actor: Actor, seen: EventRow, occurrenceId: string, body: RsvpBody): Promise<MyRsvp> {
      const named = await partnerOf(actor, seen, body);

      return transact(db, events, async (tx, emit) => {
        const occurrence = await lockOccurrence(tx, occurrenceId);
        // Read again under the lock: limits changed since are then either seen here or applied by
        // the promotion that follows the change (it waits for this lock).
        const event = occurrence && (await findEvent(tx, occurrence.eventId));
        if (!occurrence || !event) throw errors.notFound('Event date');
        if (occurrence.cancelledAt !== null || event.cancelledAt !== null) throw errors.eventDateCancelled();
        if (occurrence.endsAt <= clock.now()) throw errors.eventDateOver();
        const mine = await findRsvp(tx, occurrence.id, actor.userId);
        const held = mine && holdsPlace(mine) ? mine : undefined;
        // Left out, the role is the one already registered with.
        const role = body.role ?? held?.role ?? null;
        if (body.status === 'going' && countsRoles(limitsOf(event)) && role === null)
          throw errors.validation([
            { path: 'body.role', message: 'This event counts leaders and followers: say which you dance' },
          ]);
        const settle = async (answering: string[], quiet = false) => {
          if (!quiet) await promote(tx, emit, event, occurrence, answering);
          await recountOccurrence(tx, occurrence.id);
          return (await myRsvp(tx, occurrence, actor.userId)) as MyRsvp;
        };

        if (body.status !== 'going') {
          if (held) await unpair(tx, occurrence.id, held);
          await upsertRsvp(tx, occurrence.id, actor.userId, {
            status: body.status,
            role: role ?? mine?.role ?? null,
            partnerId: null,
            partnerConfirmed: false,
          });
          return settle([actor.userId]);
        }

        // Already in a couple: confirm it, or swap its roles (which moves no count).
        const theirs = held?.partnerId ? await findRsvp(tx, occurrence.id, held.partnerId) : undefined;
        if (held && theirs?.partnerId === actor.userId && (named === null || named === theirs.userId)) {
          const swap = role !== null && role !== held.role;
          await upsertRsvp(tx, occurrence.id, actor.userId, {
            status: held.status,
            role: swap ? role : held.role,
            partnerId: theirs.userId,
            partnerConfirmed: true,
          });
          if (swap)
            await upsertRsvp(tx, occurrence.id, theirs.userId, {
              status: theirs.status,
              role: other(role),
              partnerId: actor.userId,
              partnerConfirmed: theirs.partnerConfirmed,
            });
          return (await myRsvp(tx, occurrence, actor.userId)) as MyRsvp;
        }
        // Already there as asked: nothing changes, the place is kept.
        if (held && held.role === role && named === null && held.partnerId === null)
          return (await myRsvp(tx, occurrence, actor.userId)) as MyRsvp;

        // Otherwise a new registration, at the end of the arrival order.
        if (held) await unpair(tx, occurrence.id, held);
        if (named !== null && role !== null) {
          const partnerRow = await findRsvp(tx, occurrence.id, named);
          if (holdsPlace(partnerRow)) throw errors.partnerAlreadyRegistered();
          await upsertRsvp(tx, occurrence.id, actor.userId, {
            status: 'waitlisted',
            role,
            partnerId: named,
            partnerConfirmed: true,
            seq: 'next',
          });
          await upsertRsvp(tx, occurrence.id, named, {
            status: 'waitlisted',
            role: other(role),
            partnerId: actor.userId,
            partnerConfirmed: false,
            seq: 'same',
          });
          await notifications.record(tx, emit, {
            userId: named,
            actorId: actor.userId,
            type: 'event_partner',
            eventId: event.id,
            eventDate: occurrence.date,
          });
        } else
          await upsertRsvp(tx, occurrence.id, actor.userId, {
            status: 'waitlisted',
            role,
            partnerId: null,
            partnerConfirmed: false,
            seq: 'next',
          });
        // Nothing else moved, and at rest no one waiting fits: unless the newcomers may come in, the
        // waitlist need not be read (on a full popular date, the common case).
        const stored = {
          leaders: occurrence.goingLeaders,
          followers: occurrence.goingFollowers,
          total: occurrence.goingTotal,
        };
        const entry = { roles: named !== null && role !== null ? [role, other(role)] : [role] };
        const answer = await settle(
          named === null ? [actor.userId] : [actor.userId, named],
          !held && !mayAdmit(limitsOf(event), stored, entry),
        );
        if (answer.status === 'going') await tellOrganisers(tx, emit, event, occurrence, actor.userId);
        return answer;
      });
    },

    /** After the limits change or places are freed by an organiser: promote whoever now fits. */
    async promoteAll(eventId: string, occurrenceIds: string[]): Promise<void> {
      for (const id of occurrenceIds)
        await transact(db, events, async (tx, emit) => {
          const occurrence = await lockOccurrence(tx, id);
          const event = await findEvent(tx, eventId);
          if (!occurrence || !event || occurrence.cancelledAt !== null || event.cancelledAt !== null) return;
          await promote(tx, emit, event, occurrence);
          await recountOccurrence(tx, id);
        });
    },

    /**
     * Before an account goes (account service hook): its places are given up as if it had answered
     * not going, so the counts stay right and whoever fits is promoted. The dates are locked in id
     * order, as RSVPs lock them one at a time. Promotions are recorded as notifications; the hook
     * runs without the bus, so they reach the dancers on their next read rather than pushed.
     */
    async forgetUser(tx: Transaction, userId: string): Promise<void> {
      const now = clock.now();
      for (const occurrenceId of await listHeldOccurrenceIds(tx, userId)) {
        const occurrence = await lockOccurrence(tx, occurrenceId);
        const mine = await findRsvp(tx, occurrenceId, userId);
        if (!occurrence || !mine) continue;
        await unpair(tx, occurrenceId, mine);
        await deleteRsvp(tx, occurrenceId, userId);
        const event = await findEvent(tx, occurrence.eventId);
        const open = occurrence.cancelledAt === null && occurrence.endsAt > now && !event?.cancelledAt;
        if (event && open && mine.status === 'going') await promote(tx, () => undefined, event, occurrence);
        await recountOccurrence(tx, occurrenceId);
      }
    },
  };
}

export type RsvpService = ReturnType<typeof createRsvpService>;
