import type {
  CreateEventBody,
  InvitationsResult,
  InviteBody,
  MyRsvp,
  RsvpBody,
  TangoEvent,
  UpdateEventBody,
} from '../../../contract/events.ts';
import type { EventCreditRole } from '../../../contract/rules.ts';
import type { Database, Transaction } from '../../db/client.ts';
import type { EventRow } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/authz.ts';
import type { Clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { transact, type Emit, type EventBus } from '../../lib/events.ts';
import type { GroupsService } from '../groups/groups.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { RelationsService } from '../relations/relations.service.ts';
import { toUserSummary, type UsersService } from '../users/users.service.ts';
import {
  acceptCredits,
  cancelFutureOccurrences,
  deleteEventRow,
  findCity,
  findCityById,
  findGroupName,
  findNextOccurrence,
  findOccurrence,
  findOccurrenceRow,
  findUsersByIds,
  insertEvent,
  listCredits,
  listFutureOccurrenceIds,
  listHostIds,
  lockEvent,
  moveOccurrence,
  readsEventGroup,
  replaceCredits,
  replaceHosts,
  setOccurrenceCancelled,
  syncOccurrences,
  updateEventRow,
  type CreditInput,
  type NewEvent,
} from './events.repo.ts';
import { countGoing, listFutureAttendeeIds, listGoingUserIds } from './rsvps.repo.ts';
import { isRealDate, limitsOf, toOccurrence } from './events.views.ts';
import {
  expandOccurrences,
  inZone,
  isoWithOffset,
  parseLocal,
  RecurrenceError,
  toStoredTimes,
} from './recurrence.ts';
import { createInvitationsService } from './invitations.service.ts';
import { createRsvpService } from './rsvp.service.ts';
import type { CalendarCache } from './calendar-cache.ts';
import { createAttendanceService } from './attendance.service.ts';
import { createEventAccess } from './event-access.ts';
import { createEventDatesService } from './event-dates.service.ts';

export interface EventsServiceDeps {
  db: Database;
  events: EventBus;
  clock: Clock;
  notifications: Pick<NotificationsService, 'record'>;
  users: Pick<UsersService, 'resolveUser'>;
  relations: Pick<RelationsService, 'isBlockedEitherWay'>;
  groups: Pick<GroupsService, 'assertCanRead'>;
  /** Calendar pages everyone may see, kept a few seconds (none when absent). */
  calendarCache?: CalendarCache | undefined;
}

export type EventsService = ReturnType<typeof createEventsService>;

/** The longest a single date may last (a marathon or festival weekend). */
const MAX_DURATION_DAYS = 14;

/** Events and their dates: creating, changing and cancelling them, calendars, and who comes. */
export function createEventsService(deps: EventsServiceDeps) {
  const { db, events: bus, clock, notifications, users, groups } = deps;
  /** Calendars of the event's cities (before and after a change) are read afresh; null: it has none. */
  const calendarChanged = (emit: Emit, eventId: string, ...cities: (string | null | undefined)[]) =>
    emit('calendar.changed', {
      eventId,
      groupId: null,
      cityIds: [...new Set(cities.filter((c): c is string => typeof c === 'string'))],
      at: clock.now(),
    });
  const rsvps = createRsvpService(deps);
  const invitations = createInvitationsService(deps);
  const access = createEventAccess(deps);
  const { visibleEvent, hostsOf, assertManages, occurrenceOf } = access;
  const dates = createEventDatesService({ ...deps, access });
  const attendance = createAttendanceService({ ...deps, access });

  /** A date from a body: the schema matched its pattern, this checks the calendar has it. */
  function realDate(date: string | undefined, path: string): string | undefined {
    if (date !== undefined && !isRealDate(date))
      throw errors.validation([{ path, message: 'Not a real date' }]);
    return date;
  }

  /** The dancers named in a list; each must exist and, for a private group's event, belong to it. */
  async function userIdsOf(usernames: string[], path: string, groupId: string | null): Promise<string[]> {
    const ids: string[] = [];
    for (const [i, username] of usernames.entries()) {
      const user = await users.resolveUser(username).catch(() => undefined);
      if (!user) throw errors.validation([{ path: `${path}.${i}`, message: 'No dancer has this username' }]);
      // Told of the event, they would learn of it from outside the group.
      if (!(await readsEventGroup(db, user.id, groupId)))
        throw errors.validation([{ path: `${path}.${i}`, message: 'Not a member of the group' }]);
      ids.push(user.id);
    }
    return ids;
  }

  async function creditsOf(
    credits: { username: string; role: EventCreditRole }[],
    groupId: string | null,
  ): Promise<CreditInput[]> {
    const ids = await userIdsOf(
      credits.map((c) => c.username),
      'body.credits',
      groupId,
    );
    return credits.map((c, i) => ({ userId: ids[i] ?? '', role: c.role }));
  }

  /** Checks the times and the rule, and lists the dates they make. */
  function schedule(values: Pick<EventRow, 'startsLocal' | 'endsLocal' | 'timeZone' | 'recurrence'>) {
    const startsAt = parseLocal(values.startsLocal);
    const endsAt = parseLocal(values.endsLocal);
    if (!startsAt) throw errors.validation([{ path: 'body.startsAt', message: 'Not a real date and time' }]);
    if (!endsAt) throw errors.validation([{ path: 'body.endsAt', message: 'Not a real date and time' }]);
    if (endsAt <= startsAt)
      throw errors.validation([{ path: 'body.endsAt', message: 'Ends after it starts' }]);
    if (endsAt.diff(startsAt, 'days').days > MAX_DURATION_DAYS)
      throw errors.validation([
        { path: 'body.endsAt', message: `One date lasts at most ${MAX_DURATION_DAYS} days` },
      ]);
    try {
      const dates = expandOccurrences({
        startsAt,
        endsAt,
        timeZone: values.timeZone,
        recurrence: values.recurrence,
        now: clock.now(),
      });
      if (dates.length === 0) throw new RecurrenceError('The rule makes no dates from the start on');
      return dates.map(toStoredTimes);
    } catch (error) {
      if (error instanceof RecurrenceError)
        throw errors.validation([{ path: 'body.recurrence', message: error.message }]);
      throw error;
    }
  }

  async function tell(
    tx: Transaction,
    emit: Emit,
    userIds: string[],
    input: {
      actorId: string;
      type: 'event_changed' | 'event_cancelled';
      eventId: string;
      eventDate?: string;
    },
  ) {
    for (const userId of new Set(userIds))
      await notifications.record(tx, emit, {
        userId,
        ...input,
        groupKey: `${input.type}:${input.eventId}:${input.eventDate ?? ''}`,
      });
  }

  async function tellCredited(
    tx: Transaction,
    emit: Emit,
    actorId: string,
    eventId: string,
    credits: CreditInput[],
  ) {
    for (const userId of new Set(credits.map((c) => c.userId)))
      if (userId === actorId) await acceptCredits(tx, eventId, userId, clock.now());
      else await notifications.record(tx, emit, { userId, actorId, type: 'event_credit', eventId });
  }

  async function view(event: EventRow, viewerId: string | null, date?: string): Promise<TangoEvent> {
    const [city, group, hostIds, credits] = await Promise.all([
      findCityById(db, event.cityId),
      findGroupName(db, event.groupId),
      listHostIds(db, event.id),
      listCredits(db, event.id),
    ]);
    const people = new Map((await findUsersByIds(db, [event.organiserId, ...hostIds])).map((u) => [u.id, u]));
    const organiser = people.get(event.organiserId);
    if (!organiser) throw errors.notFound('Event');
    const occurrence =
      date === undefined
        ? await findNextOccurrence(db, event.id, clock.now())
        : await findOccurrence(db, event.id, date);
    if (date !== undefined && !occurrence) throw errors.notFound('Event date');
    const row = occurrence ? await findOccurrenceRow(db, occurrence.id) : undefined;
    const mine = occurrence && viewerId !== null ? await rsvps.myRsvp(db, occurrence, viewerId) : null;
    const startsAt = parseLocal(event.startsLocal);
    const endsAt = parseLocal(event.endsLocal);
    return {
      id: event.id,
      type: event.type,
      title: event.title,
      description: event.description,
      timeZone: event.timeZone,
      startsAt: startsAt ? isoWithOffset(inZone(startsAt, event.timeZone)) : '',
      endsAt: endsAt ? isoWithOffset(inZone(endsAt, event.timeZone)) : '',
      recurrence: event.recurrence,
      venue: { name: event.venueName, address: event.venueAddress },
      city: city ?? null,
      group: group ?? null,
      level: event.level as TangoEvent['level'],
      dressCode: event.dressCode,
      price:
        event.priceAmount !== null && event.priceCurrency !== null
          ? { amount: Number(event.priceAmount), currency: event.priceCurrency }
          : null,
      ...limitsOf(event),
      organiser: toUserSummary(organiser),
      coOrganisers: hostIds.flatMap((id) => {
        const user = people.get(id);
        return user ? [toUserSummary(user)] : [];
      }),
      credits: credits.map((c) => ({
        user: toUserSummary(c),
        role: c.role,
        accepted: c.acceptedAt !== null,
      })),
      cancelled: event.cancelledAt !== null,
      next: row ? toOccurrence(row) : null,
      myRsvp: mine,
      canManage: viewerId !== null && [event.organiserId, ...hostIds].includes(viewerId),
      createdAt: event.createdAt.toISOString(),
    };
  }

  return {
    ...dates,
    ...attendance,

    /** Creates an event (and the dates of its series); its creator is its organiser. */
    async createEvent(actor: Actor, body: CreateEventBody): Promise<TangoEvent> {
      const city = body.city === undefined ? undefined : await findCity(db, body.city);
      if (body.city !== undefined && !city)
        throw errors.validation([{ path: 'body.city', message: 'No city community has this slug' }]);
      if (body.groupId !== undefined) {
        const { role } = await groups.assertCanRead(actor.userId, body.groupId);
        if (role === null) throw errors.forbidden('Only its members post events in a group.');
      }
      const values: NewEvent = {
        organiserId: actor.userId,
        type: body.type,
        title: body.title,
        description: body.description ?? '',
        timeZone: body.timeZone,
        startsLocal: body.startsAt,
        endsLocal: body.endsAt,
        recurrence: body.recurrence ?? null,
        venueName: body.venue.name,
        venueAddress: body.venue.address ?? '',
        cityId: city?.id ?? null,
        groupId: body.groupId ?? null,
        level: body.level ?? 'all',
        dressCode: body.dressCode ?? '',
        priceAmount: body.price ? body.price.amount.toFixed(2) : null,
        priceCurrency: body.price ? body.price.currency : null,
        capacity: body.capacity ?? null,
        leaderCap: body.leaderCap ?? null,
        followerCap: body.followerCap ?? null,
        balanceWithin: body.balanceWithin ?? null,
      };
      const dates = schedule({ ...values, recurrence: values.recurrence ?? null });
      const hostIds = (
        await userIdsOf(body.coOrganisers ?? [], 'body.coOrganisers', values.groupId ?? null)
      ).filter((id) => id !== actor.userId);
      const credits = await creditsOf(body.credits ?? [], values.groupId ?? null);
      const id = await transact(db, bus, async (tx, emit) => {
        const eventId = await insertEvent(tx, values);
        await replaceHosts(tx, eventId, hostIds);
        const fresh = await replaceCredits(tx, eventId, credits);
        await syncOccurrences(
          tx,
          { id: eventId, cityId: values.cityId ?? null, groupId: values.groupId ?? null, type: values.type },
          dates,
          { keepMissing: true, now: clock.now() },
        );
        await tellCredited(tx, emit, actor.userId, eventId, fresh);
        calendarChanged(emit, eventId, values.cityId);
        return eventId;
      });
      return view(await visibleEvent(actor.userId, id), actor.userId);
    },

    /** An event with its next (or asked) date and the viewer's answer for it. */
    async getEvent(viewerId: string | null, eventId: string, date?: string): Promise<TangoEvent> {
      return view(await visibleEvent(viewerId, eventId), viewerId, date);
    },

    /**
     * Changes an event (organisers). New times or a new rule re-make the dates: dates that no longer
     * exist go with their registrations; new limits promote whoever now fits. Those going are told.
     */
    async updateEvent(actor: Actor, eventId: string, changes: UpdateEventBody): Promise<TangoEvent> {
      const current = await visibleEvent(actor.userId, eventId);
      await assertManages(actor, current);
      const values: Partial<NewEvent> = {};
      if (changes.type !== undefined) values.type = changes.type;
      if (changes.title !== undefined) values.title = changes.title;
      if (changes.description !== undefined) values.description = changes.description;
      if (changes.startsAt !== undefined) values.startsLocal = changes.startsAt;
      if (changes.endsAt !== undefined) values.endsLocal = changes.endsAt;
      if (changes.timeZone !== undefined) values.timeZone = changes.timeZone;
      if (changes.recurrence !== undefined) values.recurrence = changes.recurrence;
      if (changes.venue !== undefined) {
        values.venueName = changes.venue.name;
        values.venueAddress = changes.venue.address ?? '';
      }
      if (changes.city !== undefined) {
        const city = changes.city === null ? null : await findCity(db, changes.city);
        if (city === undefined)
          throw errors.validation([{ path: 'body.city', message: 'No city community has this slug' }]);
        values.cityId = city?.id ?? null;
      }
      if (changes.level !== undefined) values.level = changes.level;
      if (changes.dressCode !== undefined) values.dressCode = changes.dressCode;
      if (changes.price !== undefined) {
        values.priceAmount = changes.price ? changes.price.amount.toFixed(2) : null;
        values.priceCurrency = changes.price ? changes.price.currency : null;
      }
      for (const key of ['capacity', 'leaderCap', 'followerCap', 'balanceWithin'] as const)
        if (changes[key] !== undefined) values[key] = changes[key];
      const next = { ...current, ...values };
      const reschedule = ['startsLocal', 'endsLocal', 'timeZone', 'recurrence'].some((k) => k in values);
      const dates = reschedule ? schedule(next) : undefined;
      const hostIds =
        changes.coOrganisers === undefined
          ? undefined
          : (await userIdsOf(changes.coOrganisers, 'body.coOrganisers', current.groupId)).filter(
              (id) => id !== current.organiserId,
            );
      const credits =
        changes.credits === undefined ? undefined : await creditsOf(changes.credits, current.groupId);
      await transact(db, bus, async (tx, emit) => {
        const event = await lockEvent(tx, eventId);
        if (!event) throw errors.notFound('Event');
        const attendees = await listFutureAttendeeIds(tx, eventId, clock.now());
        if (Object.keys(values).length > 0) await updateEventRow(tx, eventId, values);
        if (hostIds !== undefined) await replaceHosts(tx, eventId, hostIds);
        if (credits !== undefined)
          await tellCredited(tx, emit, actor.userId, eventId, await replaceCredits(tx, eventId, credits));
        await syncOccurrences(tx, next, dates ?? [], { keepMissing: dates === undefined, now: clock.now() });
        const told = Object.keys(values).filter(
          (k) => !['capacity', 'leaderCap', 'followerCap', 'balanceWithin'].includes(k),
        );
        if (told.length > 0)
          await tell(tx, emit, attendees, { actorId: actor.userId, type: 'event_changed', eventId });
        calendarChanged(emit, eventId, event.cityId, next.cityId);
      });
      const updated = await visibleEvent(actor.userId, eventId);
      if (['capacity', 'leaderCap', 'followerCap', 'balanceWithin'].some((k) => k in values))
        await rsvps.promoteAll(eventId, await listFutureOccurrenceIds(db, eventId, clock.now()));
      return view(updated, actor.userId);
    },

    /** Deletes an event with its dates and registrations (its organiser only). */
    async deleteEvent(actor: Actor, eventId: string): Promise<void> {
      const event = await visibleEvent(actor.userId, eventId);
      if (event.organiserId !== actor.userId) throw errors.forbidden('Only its organiser deletes an event.');
      await transact(db, bus, async (tx, emit) => {
        await deleteEventRow(tx, eventId);
        calendarChanged(emit, eventId, event.cityId);
      });
    },

    /** Cancels one date, or the whole event; those registered are told. Idempotent. */
    async cancel(actor: Actor, eventId: string, date: string | undefined): Promise<TangoEvent> {
      realDate(date, 'body.date');
      const current = await visibleEvent(actor.userId, eventId);
      await assertManages(actor, current);
      await transact(db, bus, async (tx, emit) => {
        const now = clock.now();
        calendarChanged(emit, eventId, current.cityId);
        if (date === undefined) {
          if (current.cancelledAt !== null) return;
          const attendees = await listFutureAttendeeIds(tx, eventId, now);
          await updateEventRow(tx, eventId, { cancelledAt: now });
          await cancelFutureOccurrences(tx, eventId, now);
          await tell(tx, emit, attendees, { actorId: actor.userId, type: 'event_cancelled', eventId });
          return;
        }
        const occurrence = await findOccurrence(tx, eventId, date);
        if (!occurrence) throw errors.notFound('Event date');
        if (occurrence.cancelledAt !== null) return;
        await setOccurrenceCancelled(tx, occurrence.id, now);
        await tell(tx, emit, await listGoingUserIds(tx, occurrence.id), {
          actorId: actor.userId,
          type: 'event_cancelled',
          eventId,
          eventDate: date,
        });
      });
      return view(await visibleEvent(actor.userId, eventId), actor.userId, date);
    },

    /** Moves one date of a series to other times (an exception); those registered are told. */
    async moveDate(
      actor: Actor,
      eventId: string,
      date: string,
      times: { startsAt: string; endsAt: string },
    ): Promise<TangoEvent> {
      const event = await visibleEvent(actor.userId, eventId);
      await assertManages(actor, event);
      const [moved] = schedule({
        startsLocal: times.startsAt,
        endsLocal: times.endsAt,
        timeZone: event.timeZone,
        recurrence: null,
      });
      if (!moved) throw errors.validation([{ path: 'body.startsAt', message: 'Not a real date and time' }]);
      await transact(db, bus, async (tx, emit) => {
        const occurrence = await findOccurrence(tx, eventId, date);
        if (!occurrence) throw errors.notFound('Event date');
        await moveOccurrence(tx, occurrence.id, moved);
        calendarChanged(emit, eventId, event.cityId);
        await tell(tx, emit, await listGoingUserIds(tx, occurrence.id), {
          actorId: actor.userId,
          type: 'event_changed',
          eventId,
          eventDate: date,
        });
      });
      return view(event, actor.userId, date);
    },

    /** Answers for one date (the next one unless asked). */
    async rsvp(actor: Actor, eventId: string, body: RsvpBody): Promise<MyRsvp> {
      const event = await visibleEvent(actor.userId, eventId);
      const occurrence = await occurrenceOf(event, realDate(body.date, 'body.date'));
      return rsvps.answer(actor, event, occurrence.id, body);
    },

    /** Invites dancers to a date (the next one unless asked): for its organisers and the dancers going. */
    async invite(actor: Actor, eventId: string, body: InviteBody): Promise<InvitationsResult> {
      const event = await visibleEvent(actor.userId, eventId);
      const occurrence = await occurrenceOf(event, realDate(body.date, 'body.date'));
      return invitations.invite(actor, event, occurrence, await hostsOf(event), body.usernames);
    },

    /** A credited dancer accepts: the event then shows on their résumé. */
    async acceptCredit(actor: Actor, eventId: string): Promise<TangoEvent> {
      const event = await visibleEvent(actor.userId, eventId);
      if ((await acceptCredits(db, eventId, actor.userId, clock.now())) === 0)
        throw errors.notFound('Credit');
      return view(event, actor.userId);
    },

    /** Before an account goes (account service hook): its places are released and the waitlists move. */
    forgetUser: (tx: Transaction, userId: string) => rsvps.forgetUser(tx, userId),

    /** Going counts of a date, for tests and the organiser page. */
    async goingCounts(eventId: string, date: string) {
      const occurrence = await findOccurrence(db, eventId, date);
      if (!occurrence) throw errors.notFound('Event date');
      return countGoing(db, occurrence.id);
    },
  };
}
