import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  numeric,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  DANCE_ROLES,
  EVENT_CREDIT_ROLES,
  EVENT_LEVELS,
  EVENT_TYPES,
  RSVP_STATES,
  type DanceRole,
  type EventCreditRole,
  type EventType,
  type RsvpState,
} from '../../../contract/rules.ts';
import { cities } from './cities.ts';
import { createdAt, idColumn, updatedAt } from './columns.ts';
import { groups } from './groups.ts';
import { users } from './users.ts';

const listOf = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));
const instant = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });
const wallClock = (name: string) => timestamp(name, { withTimezone: false, precision: 0, mode: 'string' });
const limitColumn = (name: string) => integer(name);

/**
 * Events (modules/events). starts_local/ends_local are the first date's wall-clock times at the venue
 * in time_zone; a series repeats them by its RRULE. Its dates live in event_occurrences.
 */
export const events = pgTable(
  'events',
  {
    id: idColumn(),
    organiserId: uuid('organiser_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text('type').$type<EventType>().notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    timeZone: text('time_zone').notNull(),
    startsLocal: wallClock('starts_local').notNull(),
    endsLocal: wallClock('ends_local').notNull(),
    recurrence: text('recurrence'),
    venueName: text('venue_name').notNull(),
    venueAddress: text('venue_address').notNull().default(''),
    cityId: uuid('city_id').references(() => cities.id, { onDelete: 'set null' }),
    groupId: uuid('group_id').references(() => groups.id, { onDelete: 'cascade' }),
    level: text('level').notNull().default('all'),
    dressCode: text('dress_code').notNull().default(''),
    priceAmount: numeric('price_amount', { precision: 12, scale: 2 }),
    priceCurrency: text('price_currency'),
    capacity: limitColumn('capacity'),
    leaderCap: limitColumn('leader_cap'),
    followerCap: limitColumn('follower_cap'),
    balanceWithin: limitColumn('balance_within'),
    cancelledAt: instant('cancelled_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('events_organiser_idx').on(t.organiserId),
    index('events_city_idx').on(t.cityId),
    index('events_group_idx').on(t.groupId),
    check('events_type_check', sql`${t.type} in (${listOf(EVENT_TYPES)})`),
    check('events_level_check', sql`${t.level} in (${listOf(EVENT_LEVELS)})`),
    check('events_ends_after_start', sql`${t.endsLocal} > ${t.startsLocal}`),
    check('events_price_whole', sql`(${t.priceAmount} is null) = (${t.priceCurrency} is null)`),
  ],
);

/**
 * One date of an event. city, group and type are copied from the event so a calendar reads one
 * index range; the going counts are kept by the RSVP transaction, which holds this row's lock.
 */
export const eventOccurrences = pgTable(
  'event_occurrences',
  {
    id: idColumn(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    date: date('date', { mode: 'string' }).notNull(),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    // The same instants as the venue's clock shows them ("2026-12-05T21:00:00-03:00"), made once when
    // the date is written: a calendar page then does no time-zone work per date.
    startsIso: text('starts_iso').notNull().default(''),
    endsIso: text('ends_iso').notNull().default(''),
    cityId: uuid('city_id').references(() => cities.id, { onDelete: 'set null' }),
    groupId: uuid('group_id').references(() => groups.id, { onDelete: 'cascade' }),
    type: text('type').$type<EventType>().notNull(),
    // Moved away from the series' time by an organiser (kept when the series is re-expanded).
    moved: boolean('moved').notNull().default(false),
    cancelledAt: instant('cancelled_at'),
    goingLeaders: integer('going_leaders').notNull().default(0),
    goingFollowers: integer('going_followers').notNull().default(0),
    goingTotal: integer('going_total').notNull().default(0),
    waitlisted: integer('waitlisted').notNull().default(0),
  },
  (t) => [
    uniqueIndex('event_occurrences_event_date_key').on(t.eventId, t.date),
    // A city's calendar (GET /events?city=&from=&to=), and everyone's.
    index('event_occurrences_city_starts_idx').on(t.cityId, t.startsAt, t.id),
    index('event_occurrences_starts_idx').on(t.startsAt, t.id),
    index('event_occurrences_group_starts_idx')
      .on(t.groupId, t.startsAt, t.id)
      .where(sql`${t.groupId} is not null`),
    check('event_occurrences_type_check', sql`${t.type} in (${listOf(EVENT_TYPES)})`),
  ],
);

/** Co-organisers: they manage the event as its organiser does, but cannot delete it. */
export const eventHosts = pgTable(
  'event_hosts',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ name: 'event_hosts_pkey', columns: [t.eventId, t.userId] }),
    index('event_hosts_user_idx').on(t.userId),
  ],
);

/** Teachers, DJs, performers, musicians, organisers: shown on the résumé once accepted. */
export const eventCredits = pgTable(
  'event_credits',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').$type<EventCreditRole>().notNull(),
    position: integer('position').notNull().default(0),
    acceptedAt: instant('accepted_at'),
  },
  (t) => [
    primaryKey({ name: 'event_credits_pkey', columns: [t.eventId, t.userId, t.role] }),
    index('event_credits_user_accepted_idx')
      .on(t.userId)
      .where(sql`${t.acceptedAt} is not null`),
    check('event_credits_role_check', sql`${t.role} in (${listOf(EVENT_CREDIT_ROLES)})`),
  ],
);

/** Arrival order of registrations: the waitlist promotes by it. */
export const eventRsvpSeq = pgSequence('event_rsvp_seq');

/**
 * A dancer's answer for one date. A couple is two rows naming each other (partner_id) with the same
 * seq: they are admitted, waitlisted and promoted together.
 */
export const eventRsvps = pgTable(
  'event_rsvps',
  {
    occurrenceId: uuid('occurrence_id')
      .notNull()
      .references(() => eventOccurrences.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status').$type<RsvpState>().notNull(),
    role: text('role').$type<DanceRole>(),
    partnerId: uuid('partner_id').references(() => users.id, { onDelete: 'set null' }),
    partnerConfirmed: boolean('partner_confirmed').notNull().default(false),
    seq: bigint('seq', { mode: 'number' })
      .notNull()
      .default(sql`nextval('event_rsvp_seq')`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: 'event_rsvps_pkey', columns: [t.occurrenceId, t.userId] }),
    index('event_rsvps_occurrence_status_idx').on(t.occurrenceId, t.status, t.seq),
    index('event_rsvps_user_idx').on(t.userId, t.status),
    index('event_rsvps_partner_idx')
      .on(t.partnerId)
      .where(sql`${t.partnerId} is not null`),
    check('event_rsvps_status_check', sql`${t.status} in (${listOf(RSVP_STATES)})`),
    check('event_rsvps_role_check', sql`${t.role} in (${listOf(DANCE_ROLES)})`),
  ],
);

/** Who was invited to a date, so a second invitation tells no one again. */
export const eventInvitations = pgTable(
  'event_invitations',
  {
    occurrenceId: uuid('occurrence_id')
      .notNull()
      .references(() => eventOccurrences.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    invitedBy: uuid('invited_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'event_invitations_pkey', columns: [t.occurrenceId, t.userId] }),
    // An account's deletion cascades through both.
    index('event_invitations_user_idx').on(t.userId),
    index('event_invitations_invited_by_idx').on(t.invitedBy),
  ],
);

export type EventRow = typeof events.$inferSelect;
export type OccurrenceRow = typeof eventOccurrences.$inferSelect;
export type RsvpRow = typeof eventRsvps.$inferSelect;
