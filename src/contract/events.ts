import { z } from 'zod';
import {
  DANCE_ROLES,
  EVENT_CO_ORGANISERS_MAX,
  EVENT_CREDIT_ROLES,
  EVENT_CREDITS_MAX,
  EVENT_DESCRIPTION_MAX_LENGTH,
  EVENT_DRESS_CODE_MAX_LENGTH,
  EVENT_INVITATIONS_MAX,
  EVENT_LEVELS,
  EVENT_TITLE_MAX_LENGTH,
  EVENT_TYPES,
  EVENT_VENUE_MAX_LENGTH,
  RSVP_ANSWERS,
  RSVP_STATES,
} from './rules.ts';
import { userSummarySchema } from './social.ts';
import { usernameSchema } from './users.ts';

// Events: milongas, prácticas, classes, festivals. Times are the venue's wall-clock times with an IANA
// time zone; a series (an RRULE) keeps its local time across DST changes. Each date of a series is an
// occurrence with its own registrations: RSVP, role caps and balance, a waitlist and couples.

export const eventTypeSchema = z.enum(EVENT_TYPES);
export const eventLevelSchema = z.enum(EVENT_LEVELS);
export const danceRoleSchema = z.enum(DANCE_ROLES);
export const eventCreditRoleSchema = z.enum(EVENT_CREDIT_ROLES);
export const rsvpStateSchema = z.enum(RSVP_STATES);

/** A wall-clock time at the venue, without offset: "2026-12-05T21:00" (seconds optional). */
export const localDateTimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/, 'Expected a local date-time like 2026-12-05T21:00')
  .describe('Local date-time at the venue, no offset: "2026-12-05T21:00"');
export const localDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a date like 2026-12-05')
  .describe('A date at the venue: "2026-12-05"');

/** An IANA zone the runtime knows ("America/Argentina/Buenos_Aires"). */
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'Unknown IANA time zone')
  .describe('IANA time zone of the venue: "Europe/Berlin"');

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
}

export const venueSchema = z
  .object({
    name: z.string().trim().min(1).max(EVENT_VENUE_MAX_LENGTH),
    address: z.string().trim().max(EVENT_VENUE_MAX_LENGTH).default(''),
  })
  .meta({ id: 'EventVenue' });

export const priceSchema = z
  .object({
    amount: z.number().nonnegative().max(1_000_000_000).multipleOf(0.01),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'Expected an ISO 4217 code like ARS')
      .describe('ISO 4217 ("ARS", "EUR")'),
  })
  .meta({ id: 'EventPrice' });

const limit = (what: string) => z.number().int().min(0).max(100_000).nullable().describe(what);

/** Registration limits; null for none. */
export const eventLimitsSchema = z.object({
  capacity: limit('Places in all'),
  leaderCap: limit('Places for leaders'),
  followerCap: limit('Places for followers'),
  balanceWithin: limit('Going leaders and followers differ by at most this'),
});

export const eventCreditInputSchema = z
  .object({ username: usernameSchema, role: eventCreditRoleSchema })
  .meta({ id: 'EventCreditEntry' });

export const eventCitySchema = z
  .object({ slug: z.string(), name: z.string(), country: z.string().nullable() })
  .meta({ id: 'EventCity' });

export const eventCreditSchema = z
  .object({ user: userSummarySchema, role: eventCreditRoleSchema, accepted: z.boolean() })
  .meta({ id: 'EventCredit' });

export const roleCountsSchema = z
  .object({
    leaders: z.number().int().nonnegative(),
    followers: z.number().int().nonnegative(),
    total: z.number().int().nonnegative().describe('Leaders, followers and dancers who gave no role'),
  })
  .meta({ id: 'RoleCounts' });

/** One date of an event, as calendars list it. */
export const occurrenceSchema = z
  .object({
    eventId: z.string(),
    date: localDateSchema,
    startsAt: z.string().describe('ISO 8601 with the local offset: "2026-12-05T21:00:00-03:00"'),
    endsAt: z.string(),
    timeZone: z.string(),
    title: z.string(),
    type: eventTypeSchema,
    venue: venueSchema,
    city: eventCitySchema.nullable(),
    cancelled: z.boolean(),
    going: roleCountsSchema,
    waitlisted: z.number().int().nonnegative(),
    capacity: z.number().int().nullable(),
  })
  .meta({ id: 'EventOccurrence' });
export type Occurrence = z.infer<typeof occurrenceSchema>;

export const myRsvpSchema = z
  .object({
    date: localDateSchema,
    status: rsvpStateSchema,
    role: danceRoleSchema.nullable(),
    position: z.number().int().positive().optional().describe('Place in the waitlist of your role'),
    partner: userSummarySchema.nullable(),
    partnerConfirmed: z.boolean().describe('false while the partner has not confirmed'),
  })
  .meta({ id: 'MyRsvp' });
export type MyRsvp = z.infer<typeof myRsvpSchema>;

export const eventSchema = z
  .object({
    id: z.string(),
    type: eventTypeSchema,
    title: z.string(),
    description: z.string(),
    timeZone: z.string(),
    startsAt: z.string().describe('The first date, ISO 8601 with the local offset'),
    endsAt: z.string(),
    recurrence: z.string().nullable().describe('RRULE, or null for a single date'),
    venue: venueSchema,
    city: eventCitySchema.nullable(),
    group: z.object({ id: z.string(), name: z.string() }).nullable(),
    level: eventLevelSchema,
    dressCode: z.string(),
    price: priceSchema.nullable(),
    ...eventLimitsSchema.shape,
    organiser: userSummarySchema,
    coOrganisers: z.array(userSummarySchema),
    credits: z.array(eventCreditSchema),
    cancelled: z.boolean().describe('The whole event or series is cancelled'),
    next: occurrenceSchema
      .nullable()
      .describe('The asked date, else the next date not yet over, else the last one'),
    myRsvp: myRsvpSchema.nullable().describe('Your answer for that date; null if none or anonymous'),
    canManage: z.boolean().describe('You organise it (organiser or co-organiser)'),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Event' });
export type TangoEvent = z.infer<typeof eventSchema>;

const eventFields = {
  type: eventTypeSchema,
  title: z.string().trim().min(1).max(EVENT_TITLE_MAX_LENGTH),
  description: z.string().trim().max(EVENT_DESCRIPTION_MAX_LENGTH),
  startsAt: localDateTimeSchema,
  endsAt: localDateTimeSchema,
  timeZone: timeZoneSchema,
  venue: venueSchema,
  city: z.string().trim().min(1).max(100).describe('A city community\'s slug ("buenos-aires-ar")'),
  level: eventLevelSchema,
  dressCode: z.string().trim().max(EVENT_DRESS_CODE_MAX_LENGTH),
  price: priceSchema.nullable(),
  recurrence: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .nullable()
    .describe('RRULE, weekly or monthly: "FREQ=WEEKLY;BYDAY=FR", "FREQ=MONTHLY;BYDAY=2FR;COUNT=10"'),
  coOrganisers: z.array(usernameSchema).max(EVENT_CO_ORGANISERS_MAX),
  credits: z.array(eventCreditInputSchema).max(EVENT_CREDITS_MAX),
  ...eventLimitsSchema.shape,
};

export const createEventBodySchema = z
  .object({
    ...eventFields,
    description: eventFields.description.default(''),
    venue: eventFields.venue,
    city: eventFields.city.optional(),
    groupId: z.uuid().optional().describe('Post it in a group you belong to'),
    level: eventFields.level.default('all'),
    dressCode: eventFields.dressCode.default(''),
    price: eventFields.price.optional(),
    recurrence: eventFields.recurrence.optional(),
    coOrganisers: eventFields.coOrganisers.default([]),
    credits: eventFields.credits.default([]),
    capacity: eventFields.capacity.optional(),
    leaderCap: eventFields.leaderCap.optional(),
    followerCap: eventFields.followerCap.optional(),
    balanceWithin: eventFields.balanceWithin.optional(),
  })
  .strict()
  .meta({ id: 'CreateEventBody' });
export type CreateEventBody = z.input<typeof createEventBodySchema>;

export const updateEventBodySchema = z
  .object({
    type: eventFields.type.optional(),
    title: eventFields.title.optional(),
    description: eventFields.description.optional(),
    startsAt: eventFields.startsAt.optional(),
    endsAt: eventFields.endsAt.optional(),
    timeZone: eventFields.timeZone.optional(),
    venue: eventFields.venue.optional(),
    city: eventFields.city.nullable().optional(),
    level: eventFields.level.optional(),
    dressCode: eventFields.dressCode.optional(),
    price: eventFields.price.optional(),
    recurrence: eventFields.recurrence.optional(),
    coOrganisers: eventFields.coOrganisers.optional(),
    credits: eventFields.credits.optional(),
    capacity: eventFields.capacity.optional(),
    leaderCap: eventFields.leaderCap.optional(),
    followerCap: eventFields.followerCap.optional(),
    balanceWithin: eventFields.balanceWithin.optional(),
  })
  .strict()
  .meta({ id: 'UpdateEventBody' });
export type UpdateEventBody = z.input<typeof updateEventBodySchema>;

export const rsvpBodySchema = z
  .object({
    status: z.enum(RSVP_ANSWERS),
    role: danceRoleSchema.optional().describe('Needed when the event caps or balances roles'),
    date: localDateSchema.optional().describe('One date of a series; the next one when left out'),
    partner: usernameSchema
      .optional()
      .describe('Register as a couple: the partner dances the other role and confirms'),
  })
  .strict()
  .meta({ id: 'RsvpBody' });
export type RsvpBody = z.infer<typeof rsvpBodySchema>;

export const cancelEventBodySchema = z
  .object({
    date: localDateSchema.optional().describe('One date of a series; the whole event when left out'),
  })
  .strict()
  .meta({ id: 'CancelEventBody' });

export const moveOccurrenceBodySchema = z
  .object({ startsAt: localDateTimeSchema, endsAt: localDateTimeSchema })
  .strict()
  .meta({ id: 'MoveOccurrenceBody' });

export const inviteBodySchema = z
  .object({
    usernames: z.array(usernameSchema).min(1).max(EVENT_INVITATIONS_MAX),
    date: localDateSchema.optional().describe('One date of a series; the next one when left out'),
  })
  .strict()
  .meta({ id: 'InviteBody' });
export type InviteBody = z.infer<typeof inviteBodySchema>;

export const invitationsResultSchema = z
  .object({
    date: localDateSchema,
    invited: z.array(z.string()).describe('Usernames told of the invitation now'),
    skipped: z.array(z.string()).describe('Usernames already invited to that date, or registered for it'),
  })
  .meta({ id: 'InvitationsResult' });
export type InvitationsResult = z.infer<typeof invitationsResultSchema>;

/** Who comes on a date: counts by role for everyone, names for those allowed to see them. */
export const attendeesSchema = z
  .object({
    date: localDateSchema,
    going: roleCountsSchema,
    waitlisted: roleCountsSchema,
    interested: z.number().int().nonnegative(),
    dancers: z
      .array(z.object({ user: userSummarySchema, role: danceRoleSchema.nullable() }))
      .nullable()
      .describe('Going dancers; null unless you organise it or are going'),
  })
  .meta({ id: 'EventAttendees' });
export type Attendees = z.infer<typeof attendeesSchema>;

/** A registration as organisers see it. */
export const registrationSchema = z
  .object({
    user: userSummarySchema,
    status: rsvpStateSchema,
    role: danceRoleSchema.nullable(),
    position: z.number().int().positive().nullable(),
    partner: userSummarySchema.nullable(),
    partnerConfirmed: z.boolean(),
    registeredAt: z.iso.datetime(),
  })
  .meta({ id: 'EventRegistration' });
export type Registration = z.infer<typeof registrationSchema>;

/** A line of a dancer's tango résumé: an accepted credit. */
export const resumeEntrySchema = z
  .object({
    eventId: z.string(),
    title: z.string(),
    type: eventTypeSchema,
    role: eventCreditRoleSchema,
    startsAt: z.string(),
    city: eventCitySchema.nullable(),
  })
  .meta({ id: 'ResumeEntry' });
export type ResumeEntry = z.infer<typeof resumeEntrySchema>;
