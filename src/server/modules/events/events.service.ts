import { DateTime } from 'luxon';
import type {
  Attendees,
  CreateEventBody,
  InvitationsResult,
  InviteBody,
  MyRsvp,
  Occurrence,
  Registration,
  RsvpBody,
  TangoEvent,
  UpdateEventBody,
} from '../../../contract/events.ts';
import type { EventCreditRole, EventType, RsvpState } from '../../../contract/rules.ts';
import type { Database, Transaction } from '../../db/client.ts';
import type { EventRow, OccurrenceRow } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/authz.ts';
import type { Clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { transact, type Emit, type EventBus } from '../../lib/events.ts';
import { decodeCursor, encodeCursor, type Page, type PageQuery } from '../../lib/pagination.ts';
import type { GroupsService } from '../groups/groups.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { RelationsService } from '../relations/relations.service.ts';
import { toUserSummary, type UsersService } from '../users/users.service.ts';
import {
  acceptCredits,
  cancelFutureOccurrences,
  countGoing,
  deleteEventRow,
  findCity,
  findCityById,
  findEvent,
  findGroupName,
  findNextOccurrence,
  findOccurrence,
  findOccurrenceRow,
  findUsersByIds,
  inPrivateGroup,
  privateGroupIdsOf,
  insertEvent,
  listCredits,
  listFutureAttendeeIds,
  listFutureOccurrenceIds,
  listGoingUserIds,
  listHostIds,
  listMyOccurrencesQuery,
  listOccurrencesQuery,
  listRegistrations,
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
  type OccurrenceListFilter,
  type OccurrenceListRow,
} from './events.repo.ts';
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
import { createCalendarCache, type CalendarCache } from './calendar-cache.ts';

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
/** The widest window one calendar request may ask for. */
const MAX_RANGE_DAYS = 400;
const DEFAULT_RANGE_DAYS = 92;
const LAST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export interface EventWindow {
  from?: string | undefined;
  to?: string | undefined;
}

export interface EventListQuery extends PageQuery, EventWindow {
  city?: string | undefined;
  group?: string | undefined;
  type?: EventType | undefined;
}

/** Events and their dates: creating, changing and cancelling them, calendars, and who comes. */
export function createEventsService(deps: EventsServiceDeps) {
  const { db, events: bus, clock, notifications, users, groups } = deps;
  const calendarCache = deps.calendarCache ?? createCalendarCache(0);
  const calendarChanged = (emit: Emit, eventId: string) =>
    emit('calendar.changed', { eventId, groupId: null, at: clock.now() });
  const rsvps = createRsvpService(deps);
  const invitations = createInvitationsService(deps);

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

  /** A date from a body: the schema matched its pattern, this checks the calendar has it. */
  function realDate(date: string | undefined, path: string): string | undefined {
    if (date !== undefined && !isRealDate(date))
      throw errors.validation([{ path, message: 'Not a real date' }]);
    return date;
  }

  async function occurrenceOf(event: EventRow, date: string | undefined): Promise<OccurrenceRow> {
    const found =
      date === undefined
        ? await findNextOccurrence(db, event.id, clock.now())
        : await findOccurrence(db, event.id, date);
    if (!found) throw errors.notFound('Event date');
    return found;
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

  function rangeOf(query: EventWindow, days = DEFAULT_RANGE_DAYS): { from: Date; to: Date } {
    const from = query.from === undefined ? clock.now() : new Date(query.from);
    // Past the year 9999 (a default window, a negative offset) Postgres cannot read the instant.
    const to = new Date(
      Math.min(
        LAST_INSTANT,
        query.to === undefined
          ? DateTime.fromJSDate(from).plus({ days }).toMillis()
          : new Date(query.to).getTime(),
      ),
    );
    if (to <= from) throw errors.validation([{ path: 'query.to', message: 'Comes after from' }]);
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000)
      throw errors.validation([{ path: 'query.to', message: `At most ${MAX_RANGE_DAYS} days after from` }]);
    return { from, to };
  }

  function occurrencePage(rows: OccurrenceListRow[], limit: number): Page<Occurrence> {
    const hasMore = rows.length > limit;
    const items = hasMore ? rows.slice(0, limit) : rows;
    const last = items.at(-1);
    return {
      items: items.map(toOccurrence),
      meta: {
        hasMore,
        nextCursor: hasMore && last ? encodeCursor({ createdAt: last.startsAt, id: last.id }) : null,
      },
    };
  }

  return {
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
        calendarChanged(emit, eventId);
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
        calendarChanged(emit, eventId);
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
        calendarChanged(emit, eventId);
      });
    },

    /** Cancels one date, or the whole event; those registered are told. Idempotent. */
    async cancel(actor: Actor, eventId: string, date: string | undefined): Promise<TangoEvent> {
      realDate(date, 'body.date');
      const current = await visibleEvent(actor.userId, eventId);
      await assertManages(actor, current);
      await transact(db, bus, async (tx, emit) => {
        const now = clock.now();
        calendarChanged(emit, eventId);
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
        calendarChanged(emit, eventId);
        await tell(tx, emit, await listGoingUserIds(tx, occurrence.id), {
          actorId: actor.userId,
          type: 'event_changed',
          eventId,
          eventDate: date,
        });
      });
      return view(event, actor.userId, date);
    },

    /** Dates in a window, in time order, across events (a city's or a group's calendar). */
    async listOccurrences(viewerId: string | null, query: EventListQuery): Promise<Page<Occurrence>> {
      const { from, to } = rangeOf(query);
      let cityId: string | undefined;
      if (query.city !== undefined) {
        const slug = query.city;
        cityId = await calendarCache.cityId(slug, async () => (await findCity(db, slug))?.id);
        if (cityId === undefined)
          throw errors.validation([{ path: 'query.city', message: 'No city community has this slug' }]);
      }
      if (query.group !== undefined) await groups.assertCanRead(viewerId, query.group);
      const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const rowsFor = (filter: Pick<OccurrenceListFilter, 'viewerId' | 'groupIds'>) =>
        listOccurrencesQuery(db, {
          ...filter,
          cityId,
          groupId: query.group,
          type: query.type,
          from,
          to,
          after: cursor ? { startsAt: cursor.createdAt, id: cursor.id } : undefined,
          limit: query.limit,
        });
      // A window without `from` starts now, never the same twice: read, not kept.
      if (!calendarCache.enabled || query.from === undefined)
        return occurrencePage(await rowsFor({ viewerId }), query.limit);
      // Everyone reading a window shares the page of the dates everyone may see (within a group's own
      // calendar, all its readers see all its dates); a member of private groups gets the page with
      // their dates merged in, kept too and shared by the members of the same groups.
      const key = {
        cityId,
        groupId: query.group,
        type: query.type,
        from: from.toISOString(),
        to: to.toISOString(),
        cursor: query.cursor,
        limit: query.limit,
      };
      const shared = await calendarCache.read(key, async () => {
        const rows = await rowsFor({ viewerId: query.group === undefined ? null : viewerId });
        return { rows, page: occurrencePage(rows, query.limit) };
      });
      const mayHaveMore =
        viewerId !== null &&
        query.group === undefined &&
        (await calendarCache.inPrivateGroup(viewerId, () => inPrivateGroup(db, viewerId)));
      if (!mayHaveMore) return shared.page;
      // Which private groups is read afresh every time: one who has left or was banned sees none of them.
      const groupIds = await privateGroupIdsOf(db, viewerId);
      if (groupIds.length === 0) return shared.page;
      const theirs = await calendarCache.read({ ...key, groupIds }, async () => {
        const rows = await rowsFor({ viewerId, groupIds });
        const order = (a: OccurrenceListRow, b: OccurrenceListRow) =>
          a.startsAt.getTime() - b.startsAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
        // Theirs all come after the page (and the row past it): the shared page is theirs too.
        const past = shared.rows[query.limit];
        const first = rows[0];
        if (first === undefined || (past !== undefined && order(first, past) > 0)) return shared;
        const merged = [...shared.rows, ...rows].sort(order).slice(0, query.limit + 1);
        return { rows: merged, page: occurrencePage(merged, query.limit) };
      });
      return theirs.page;
    },

    /** One event's dates in a window (12 hours back by default, so tonight's is still there). */
    async listEventDates(viewerId: string | null, eventId: string, query: PageQuery & EventWindow) {
      await visibleEvent(viewerId, eventId);
      const twelveHoursAgo = new Date(clock.now().getTime() - 12 * 3_600_000).toISOString();
      const { from, to } = rangeOf({ from: query.from ?? twelveHoursAgo, to: query.to }, MAX_RANGE_DAYS);
      const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const rows = await listOccurrencesQuery(db, {
        viewerId,
        eventId,
        from,
        to,
        after: cursor ? { startsAt: cursor.createdAt, id: cursor.id } : undefined,
        limit: query.limit,
      });
      return occurrencePage(rows, query.limit);
    },

    /** The dates the actor goes to, is waitlisted for or is interested in, not yet over. */
    async listMyOccurrences(
      actor: Actor,
      query: PageQuery,
    ): Promise<Page<Occurrence & { myStatus: RsvpState }>> {
      const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const rows = await listMyOccurrencesQuery(db, {
        userId: actor.userId,
        from: clock.now(),
        after: cursor ? { startsAt: cursor.createdAt, id: cursor.id } : undefined,
        limit: query.limit,
      });
      const page = occurrencePage(rows, query.limit);
      return {
        items: page.items.map((o, i) => ({ ...o, myStatus: rows[i]?.myStatus ?? 'going' })),
        meta: page.meta,
      };
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

    /** Who comes on a date: counts for anyone who sees the event; names for organisers and those going. */
    async attendees(viewerId: string | null, eventId: string, date: string | undefined): Promise<Attendees> {
      const event = await visibleEvent(viewerId, eventId);
      const occurrence = await occurrenceOf(event, date);
      const rows = await listRegistrations(db, occurrence.id, ['going', 'waitlisted', 'interested']);
      const count = (status: RsvpState) => {
        const of = rows.filter((r) => r.status === status);
        return {
          leaders: of.filter((r) => r.role === 'leader').length,
          followers: of.filter((r) => r.role === 'follower').length,
          total: of.length,
        };
      };
      const mine = rows.find((r) => r.userId === viewerId);
      const allowed =
        viewerId !== null && (mine?.status === 'going' || (await hostsOf(event)).includes(viewerId));
      let dancers: Attendees['dancers'] = null;
      if (allowed && viewerId !== null) {
        const going = rows.filter((r) => r.status === 'going');
        const hidden = new Set<string>();
        for (const r of going)
          if (await deps.relations.isBlockedEitherWay(viewerId, r.userId)) hidden.add(r.userId);
        dancers = going
          .filter((r) => !hidden.has(r.userId))
          .map((r) => ({
            user: toUserSummary({ id: r.userId, username: r.username, displayName: r.displayName }),
            role: r.role,
          }));
      }
      return {
        date: occurrence.date,
        going: count('going'),
        waitlisted: count('waitlisted'),
        interested: count('interested').total,
        dancers,
      };
    },

    /** Every registration of a date in arrival order, with waitlist positions (organisers). */
    async registrations(
      actor: Actor,
      eventId: string,
      date: string | undefined,
    ): Promise<{ date: string; items: Registration[] }> {
      const event = await visibleEvent(actor.userId, eventId);
      await assertManages(actor, event);
      const occurrence = await occurrenceOf(event, date);
      const rows = await listRegistrations(db, occurrence.id, [
        'going',
        'waitlisted',
        'interested',
        'not_going',
      ]);
      const names = new Map(rows.map((r) => [r.userId, r]));
      const partnersMissing = rows.flatMap((r) =>
        r.partnerId && !names.has(r.partnerId) ? [r.partnerId] : [],
      );
      const partners = new Map(
        [...rows.map((r) => ({ id: r.userId, username: r.username, displayName: r.displayName }))]
          .concat(await findUsersByIds(db, partnersMissing))
          .map((u) => [u.id, u]),
      );
      const waiting: { seq: number; role: string | null }[] = [];
      const items = rows.map((r): Registration => {
        let position: number | null = null;
        if (r.status === 'waitlisted') {
          const before = waiting.filter(
            (w) => w.seq < r.seq && (r.role === null || w.role === null || w.role === r.role),
          );
          position = new Set(before.map((w) => w.seq)).size + 1;
          waiting.push({ seq: r.seq, role: r.role });
        }
        const partner = r.partnerId ? partners.get(r.partnerId) : undefined;
        return {
          user: toUserSummary({ id: r.userId, username: r.username, displayName: r.displayName }),
          status: r.status,
          role: r.role,
          position,
          partner: partner ? toUserSummary(partner) : null,
          // Each row says whether its dancer agreed; the couple stands once both have.
          partnerConfirmed:
            r.partnerConfirmed && r.partnerId !== null && names.get(r.partnerId)?.partnerConfirmed === true,
          registeredAt: r.createdAt.toISOString(),
        };
      });
      return { date: occurrence.date, items };
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
