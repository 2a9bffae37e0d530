import type { CreateEventBody, TangoEvent, UpdateEventBody } from '../../../contract/events.ts';
import type { EventCreditRole, EventType } from '../../../contract/rules.ts';
import type { MessageKey } from '../../lib/i18n-core.ts';
import { addDays, localDateTimeOf } from './event-time.ts';
import {
  DEFAULT_COUNT,
  fromRrule,
  toRrule,
  weekdayOfDate,
  type Nth,
  type Repeat,
  type Weekday,
} from './repeat.ts';

// The event form's fields as the dancer types them (text, for numbers too), what they make for the API,
// and what an edit changed: a PATCH sends only that, since new times or a new rule re-make the dates
// and tell whoever is registered.

export type RepeatKind = 'none' | 'weekly' | 'monthly' | 'custom';
export type EndKind = 'count' | 'until' | 'never';

export interface EventFields {
  type: EventType;
  title: string;
  description: string;
  /** Local wall-clock times at the venue: "2026-12-05T21:00". */
  startsAt: string;
  endsAt: string;
  timeZone: string;
  venueName: string;
  venueAddress: string;
  /** The city as the dancer names it; resolved to its community's slug when sent. */
  city: string;
  groupId: string;
  level: TangoEvent['level'];
  dressCode: string;
  priceAmount: string;
  priceCurrency: string;
  repeat: RepeatKind;
  weekday: Weekday;
  nth: Nth;
  end: EndKind;
  count: string;
  until: string;
  /** A rule the form cannot show, kept while "custom" is chosen. */
  customRule: string;
  /** Usernames, separated by spaces or commas. */
  coOrganisers: string;
  credits: { username: string; role: EventCreditRole }[];
  capacity: string;
  leaderCap: string;
  followerCap: string;
  balanceWithin: string;
}

export const LIMITS = ['capacity', 'leaderCap', 'followerCap', 'balanceWithin'] as const;

/** A new event's fields: a milonga from 21:00 to 02:00 on `date`, in `timeZone`, in `city`. */
export function blankFields(date: string, timeZone: string, city: string): EventFields {
  const { weekday, nth } = weekdayOfDate(date);
  return {
    type: 'milonga',
    title: '',
    description: '',
    startsAt: `${date}T21:00`,
    endsAt: `${addDays(date, 1)}T02:00`,
    timeZone,
    venueName: '',
    venueAddress: '',
    city,
    groupId: '',
    level: 'all',
    dressCode: '',
    priceAmount: '',
    priceCurrency: '',
    repeat: 'none',
    weekday,
    nth,
    end: 'count',
    count: String(DEFAULT_COUNT),
    until: '',
    customRule: '',
    coOrganisers: '',
    credits: [],
    capacity: '',
    leaderCap: '',
    followerCap: '',
    balanceWithin: '',
  };
}

/** An event's fields as the form shows them for editing. */
export function fieldsOf(event: TangoEvent): EventFields {
  const startsAt = localDateTimeOf(event.startsAt);
  const base = blankFields(startsAt.slice(0, 10), event.timeZone, event.city?.name ?? '');
  const repeat = fromRrule(event.recurrence);
  const fields: EventFields = {
    ...base,
    type: event.type,
    title: event.title,
    description: event.description,
    startsAt,
    endsAt: localDateTimeOf(event.endsAt),
    venueName: event.venue.name,
    venueAddress: event.venue.address,
    groupId: event.group?.id ?? '',
    level: event.level,
    dressCode: event.dressCode,
    priceAmount: event.price ? String(event.price.amount) : '',
    priceCurrency: event.price?.currency ?? '',
    coOrganisers: event.coOrganisers.map((u) => u.username).join(' '),
    credits: event.credits.map((c) => ({ username: c.user.username, role: c.role })),
    capacity: event.capacity === null ? '' : String(event.capacity),
    leaderCap: event.leaderCap === null ? '' : String(event.leaderCap),
    followerCap: event.followerCap === null ? '' : String(event.followerCap),
    balanceWithin: event.balanceWithin === null ? '' : String(event.balanceWithin),
  };
  if (repeat.kind === 'custom') return { ...fields, repeat: 'custom', customRule: repeat.rule };
  if (repeat.kind === 'none') return fields;
  const end = repeat.end;
  return {
    ...fields,
    repeat: repeat.kind,
    weekday: repeat.weekday,
    nth: repeat.kind === 'monthly' ? repeat.nth : fields.nth,
    end: end.kind,
    count: end.kind === 'count' ? String(end.count) : fields.count,
    until: end.kind === 'until' ? end.until : '',
  };
}

/** The repeat the fields describe. */
export function repeatOf(f: EventFields): Repeat {
  const end =
    f.end === 'count'
      ? { kind: 'count' as const, count: Number(f.count) || 1 }
      : f.end === 'until'
        ? { kind: 'until' as const, until: f.until }
        : { kind: 'never' as const };
  switch (f.repeat) {
    case 'none':
      return { kind: 'none' };
    case 'weekly':
      return { kind: 'weekly', weekday: f.weekday, end };
    case 'monthly':
      return { kind: 'monthly', nth: f.nth, weekday: f.weekday, end };
    case 'custom':
      return { kind: 'custom', rule: f.customRule };
  }
}

/** Every field the form checks before sending, by name, with the message key for it. */
export type FieldName =
  | 'title'
  | 'startsAt'
  | 'endsAt'
  | 'timeZone'
  | 'venueName'
  | 'city'
  | 'price'
  | 'repeat'
  | 'coOrganisers'
  | 'credits'
  | (typeof LIMITS)[number];
export type FieldErrors = Partial<Record<FieldName | 'form', string>>;

const wholeNumber = (s: string) => /^\d+$/.test(s.trim());

/** What the dancer must fix before sending: field → the message for it. */
export function checkFields(f: EventFields): Partial<Record<FieldName, MessageKey>> {
  const problems: Partial<Record<FieldName, MessageKey>> = {};
  if (!f.title.trim()) problems.title = 'events.form.errors.titleRequired';
  if (!f.venueName.trim()) problems.venueName = 'events.form.errors.venueRequired';
  if (!f.startsAt) problems.startsAt = 'events.form.errors.startsRequired';
  if (!f.endsAt) problems.endsAt = 'events.form.errors.endsRequired';
  else if (f.startsAt && f.endsAt <= f.startsAt) problems.endsAt = 'events.form.errors.endsAt';
  if (f.priceAmount.trim()) {
    if (!/^\d+(?:[.,]\d{1,2})?$/.test(f.priceAmount.trim())) problems.price = 'events.form.errors.price';
    else if (!/^[A-Za-z]{3}$/.test(f.priceCurrency.trim())) problems.price = 'events.form.errors.currency';
  }
  if (f.repeat !== 'none' && f.repeat !== 'custom') {
    if (f.end === 'count' && (!wholeNumber(f.count) || Number(f.count) < 1)) {
      problems.repeat = 'events.form.errors.count';
    }
    if (f.end === 'until' && (!f.until || f.until < f.startsAt.slice(0, 10))) {
      problems.repeat = 'events.form.errors.until';
    }
  }
  for (const key of LIMITS) {
    if (f[key].trim() && !wholeNumber(f[key])) problems[key] = 'events.form.errors.limit';
  }
  if (f.credits.some((c) => !c.username.trim())) problems.credits = 'events.form.errors.creditUsername';
  return problems;
}

const usernames = (s: string) =>
  s
    .split(/[\s,]+/)
    .map((u) => u.replace(/^@/, ''))
    .filter(Boolean);
const limit = (s: string) => (s.trim() ? Number(s.trim()) : null);

/** The body of a create (the city's slug found already; null for none). */
export function createBody(f: EventFields, city: string | null): CreateEventBody {
  const amount = f.priceAmount.trim();
  return {
    type: f.type,
    title: f.title.trim(),
    description: f.description.trim(),
    startsAt: f.startsAt,
    endsAt: f.endsAt,
    timeZone: f.timeZone,
    venue: { name: f.venueName.trim(), address: f.venueAddress.trim() },
    ...(city ? { city } : {}),
    ...(f.groupId ? { groupId: f.groupId } : {}),
    level: f.level,
    dressCode: f.dressCode.trim(),
    price: amount
      ? { amount: Number(amount.replace(',', '.')), currency: f.priceCurrency.trim().toUpperCase() }
      : null,
    recurrence: toRrule(repeatOf(f)),
    coOrganisers: usernames(f.coOrganisers),
    credits: f.credits.map((c) => ({ username: c.username.trim().replace(/^@/, ''), role: c.role })),
    capacity: limit(f.capacity),
    leaderCap: limit(f.leaderCap),
    followerCap: limit(f.followerCap),
    balanceWithin: limit(f.balanceWithin),
  };
}

/** What an edit changed, as a PATCH body: only the fields that differ from the event as it was. */
export function changesOf(
  before: EventFields,
  after: EventFields,
  city: string | null,
  cityBefore: string | null,
) {
  const was = createBody(before, cityBefore);
  const now = createBody(after, city);
  const changes: UpdateEventBody = {};
  const differ = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
  const keys = [
    'type',
    'title',
    'description',
    'startsAt',
    'endsAt',
    'timeZone',
    'venue',
    'level',
    'dressCode',
    'price',
    'recurrence',
    'coOrganisers',
    'credits',
    ...LIMITS,
  ] as const;
  for (const key of keys) {
    if (differ(was[key], now[key])) Object.assign(changes, { [key]: now[key] });
  }
  if (city !== cityBefore) changes.city = city;
  return changes;
}

/**
 * Where the API's refusal points (its details' paths, "body.venue.name"), as a field of the form; the
 * index of a username in a list ("body.coOrganisers.1") comes along.
 */
export function fieldOfPath(path: string): { field: FieldName; index?: number } | undefined {
  const parts = path.replace(/^body\./, '').split('.');
  const [first = '', second] = parts;
  const index = second !== undefined && /^\d+$/.test(second) ? Number(second) : undefined;
  const withIndex = (field: FieldName) => (index === undefined ? { field } : { field, index });
  switch (first) {
    case 'title':
    case 'startsAt':
    case 'endsAt':
    case 'timeZone':
    case 'city':
    case 'capacity':
    case 'leaderCap':
    case 'followerCap':
    case 'balanceWithin':
      return { field: first };
    case 'venue':
      return { field: 'venueName' };
    case 'price':
      return { field: 'price' };
    case 'recurrence':
      return { field: 'repeat' };
    case 'coOrganisers':
      return withIndex('coOrganisers');
    case 'credits':
      return withIndex('credits');
    default:
      return undefined;
  }
}

export { usernames as parseUsernames };
