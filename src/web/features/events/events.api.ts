import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { useRef } from 'react';
import type { City } from '../../../contract/cities.ts';
import type {
  Attendees,
  CreateEventBody,
  InvitationsResult,
  InviteBody,
  MyRsvp,
  Occurrence,
  Registration,
  ResumeEntry,
  RsvpBody,
  TangoEvent,
  UpdateEventBody,
} from '../../../contract/events.ts';
import type { Group } from '../../../contract/groups.ts';
import type { Notification } from '../../../contract/social.ts';
import type { EventType } from '../../../contract/rules.ts';
import { ApiError, getData, getPage, newIdempotencyKey, request, type Page } from '../../lib/api.ts';
import { refetchAfterChange } from '../../lib/refetch.ts';
import { useRealtimeEvent } from '../../lib/realtime.ts';
import { useViewerKey } from '../../lib/use-session.ts';

// Events live under ['events', …]: one event by id and date (the viewer's answer and whether they
// organise it are part of it), a date's attendees and registrations, and the calendars (dates of many
// events in a window, by city and type), and dancers' résumés (the events they are credited on). The
// hooks add the viewer last to each key. A change answers the event as it now stands for that date; the
// calendars, the résumés and the date's lists are read again.

export interface CalendarFilter {
  /** A city community's slug; '' for everywhere. */
  city: string;
  type: EventType | '';
}

export const eventKeys = {
  all: ['events'] as const,
  details: (id: string) => [...eventKeys.all, 'detail', id] as const,
  detail: (id: string, date: string) => [...eventKeys.details(id), date] as const,
  dates: (id: string) => [...eventKeys.all, 'dates', id] as const,
  attendees: (id: string) => [...eventKeys.all, 'attendees', id] as const,
  registrations: (id: string) => [...eventKeys.all, 'registrations', id] as const,
  calendars: () => [...eventKeys.all, 'calendar'] as const,
  upcoming: (f: CalendarFilter, from: string) => [...eventKeys.calendars(), 'upcoming', f, from] as const,
  range: (f: CalendarFilter, from: string, to: string) =>
    [...eventKeys.calendars(), 'range', f, from, to] as const,
  /** A city as the dancer names it, resolved to its community (the calendar's city and the form's). */
  city: (name: string) => [...eventKeys.all, 'city', name] as const,
  cityChoices: (q: string) => [...eventKeys.all, 'city-choices', q] as const,
  myGroups: () => [...eventKeys.all, 'my-groups'] as const,
  resumes: () => [...eventKeys.all, 'resume'] as const,
  resume: (username: string) => [...eventKeys.resumes(), username.toLowerCase()] as const,
};

/** Dates per page of the upcoming list. */
const EVENTS_PAGE = 30;
/** Credits per page of a résumé. */
const RESUME_PAGE = 50;
const seg = encodeURIComponent;
const next = (last: Page<unknown>) => (last.meta.hasMore ? last.meta.nextCursor : undefined);
const filterQuery = (f: CalendarFilter) => ({ city: f.city || undefined, type: f.type || undefined });

/** Upcoming dates from `from` (an ISO instant), in time order, a page at a time. */
export function useUpcoming(filter: CalendarFilter, from: string, enabled = true) {
  const viewer = useViewerKey();
  return useInfiniteQuery({
    queryKey: [...eventKeys.upcoming(filter, from), viewer],
    queryFn: ({ pageParam, signal }) =>
      getPage<Occurrence>('/events', {
        query: { ...filterQuery(filter), from, to: yearAfter(from), cursor: pageParam, limit: EVENTS_PAGE },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: next,
    enabled: enabled && viewer !== undefined,
  });
}

/** The window the API takes at most is 400 days: a year of upcoming dates. */
function yearAfter(from: string): string {
  const at = new Date(from);
  at.setUTCDate(at.getUTCDate() + 365);
  return at.toISOString();
}

/** Every date in a window (a month or a week of the calendar), read to the end. */
export function useRange(filter: CalendarFilter, from: string, to: string, enabled = true) {
  const viewer = useViewerKey();
  return useQuery({
    queryKey: [...eventKeys.range(filter, from, to), viewer],
    queryFn: async ({ signal }) => {
      const all: Occurrence[] = [];
      let cursor: string | null = null;
      // A month of a busy city fits in a few pages; ten are a bound, not an expectation.
      for (let i = 0; i < 10; i++) {
        const page: Page<Occurrence> = await getPage<Occurrence>('/events', {
          query: { ...filterQuery(filter), from, to, cursor, limit: 100 },
          signal,
        });
        all.push(...page.data);
        if (!page.meta.hasMore) break;
        cursor = page.meta.nextCursor;
      }
      return all;
    },
    enabled: enabled && viewer !== undefined,
    placeholderData: (previous) => previous,
  });
}

/** A dancer's tango résumé: the credits they accepted, latest event first, a page at a time. */
export function useResume(username: string) {
  const viewer = useViewerKey();
  return useInfiniteQuery({
    queryKey: [...eventKeys.resume(username), viewer],
    queryFn: ({ pageParam, signal }) =>
      getPage<ResumeEntry>(`/users/${seg(username)}/resume`, {
        query: { cursor: pageParam, limit: RESUME_PAGE },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: next,
    enabled: viewer !== undefined,
  });
}

/** An event with one of its dates (`date`, or the next one when ''), and the viewer's answer for it. */
export function useEvent(id: string, date: string) {
  const viewer = useViewerKey();
  return useQuery({
    queryKey: [...eventKeys.detail(id, date), viewer],
    queryFn: ({ signal }) =>
      getData<TangoEvent>(`/events/${seg(id)}`, { query: { date: date || undefined }, signal }),
    enabled: viewer !== undefined,
    placeholderData: (previous) => (previous?.id === id ? previous : undefined),
  });
}

/** The coming dates of a series (from 12 hours back, a year ahead: one page holds them). */
export function useSeriesDates(event: TangoEvent | undefined) {
  const viewer = useViewerKey();
  return useQuery({
    queryKey: [...eventKeys.dates(event?.id ?? ''), viewer],
    queryFn: async ({ signal }) => {
      if (!event) return [];
      const page = await getPage<Occurrence>(`/events/${seg(event.id)}/dates`, {
        query: { limit: 100 },
        signal,
      });
      return page.data;
    },
    enabled: viewer !== undefined && event !== undefined && event.recurrence !== null,
  });
}

/** Who comes on a date: counts by role, and names for those allowed. */
export function useAttendees(id: string, date: string, enabled = true) {
  const viewer = useViewerKey();
  return useQuery({
    queryKey: [...eventKeys.attendees(id), date, viewer],
    queryFn: ({ signal }) =>
      getData<Attendees>(`/events/${seg(id)}/attendees`, { query: { date: date || undefined }, signal }),
    enabled: enabled && viewer !== undefined,
    placeholderData: (previous) => previous,
  });
}

/** Every registration of a date, in arrival order (organisers). */
export function useRegistrations(id: string, date: string, enabled = true) {
  const viewer = useViewerKey();
  return useQuery({
    queryKey: [...eventKeys.registrations(id), date, viewer],
    queryFn: ({ signal }) =>
      getData<{ date: string; registrations: Registration[] }>(`/events/${seg(id)}/registrations`, {
        query: { date: date || undefined },
        signal,
      }),
    enabled: enabled && viewer !== undefined,
    placeholderData: (previous) => previous,
  });
}

/** A city community by the name a dancer gave (their profile's city, a form's field); null: none. */
export function useCityNamed(name: string | null) {
  return useQuery({
    queryKey: eventKeys.city(name ?? ''),
    queryFn: async ({ signal }) => {
      try {
        return await getData<City>(`/cities/${seg(name ?? '')}`, { signal });
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
    enabled: Boolean(name),
    staleTime: 5 * 60_000,
  });
}

/** City communities whose name starts with `q`, for choosing the calendar's city. */
export function useCityChoices(q: string, enabled: boolean) {
  return useQuery({
    queryKey: eventKeys.cityChoices(q),
    queryFn: ({ signal }) => getPage<City>('/cities', { query: { q: q || undefined, limit: 8 }, signal }),
    enabled,
    select: (page) => page.data,
    placeholderData: (previous) => previous,
  });
}

/** The groups the viewer belongs to, where an event may be posted. */
export function useMyGroups() {
  const viewer = useViewerKey();
  return useQuery({
    queryKey: [...eventKeys.myGroups(), viewer],
    queryFn: ({ signal }) => getPage<Group>('/me/groups', { query: { limit: 100 }, signal }),
    enabled: viewer !== undefined && viewer !== 'anonymous',
    select: (page) => page.data,
  });
}

/**
 * After a change: the event as the server answered it replaces that date's copies (`null`: it was
 * deleted), and its other copies and every list that shows its dates are read again.
 */
async function settle(queryClient: QueryClient, id: string, event?: TangoEvent | null): Promise<void> {
  if (event === null) {
    // Deleted: its page is still shown until the next one has loaded, so its copies are not read again
    // (they would answer 404); they are marked stale and leave the cache once unused.
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: eventKeys.all, refetchType: 'none' }),
      queryClient.invalidateQueries({ queryKey: eventKeys.calendars() }),
      queryClient.invalidateQueries({ queryKey: eventKeys.resumes() }),
    ]);
    return;
  }
  if (event?.next) {
    const { date } = event.next;
    for (const [key] of queryClient.getQueriesData<TangoEvent>({ queryKey: eventKeys.detail(id, date) })) {
      queryClient.setQueryData(key, event);
    }
  }
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: eventKeys.details(id) }),
    queryClient.invalidateQueries({ queryKey: eventKeys.dates(id) }),
    queryClient.invalidateQueries({ queryKey: eventKeys.attendees(id) }),
    queryClient.invalidateQueries({ queryKey: eventKeys.registrations(id) }),
    queryClient.invalidateQueries({ queryKey: eventKeys.calendars() }),
    // Its title, dates or credits may be on résumés.
    queryClient.invalidateQueries({ queryKey: eventKeys.resumes() }),
  ]);
}

export function useCreateEvent() {
  const queryClient = useQueryClient();
  // The same fields sent again (a retry after a lost answer) reuse their key: one event is made.
  const attempt = useRef<{ key: string; signature: string } | null>(null);
  return useMutation({
    mutationFn: (body: CreateEventBody) => {
      const signature = JSON.stringify(body);
      if (attempt.current?.signature !== signature) attempt.current = { key: newIdempotencyKey(), signature };
      return getData<TangoEvent>('/events', { method: 'POST', body, idempotencyKey: attempt.current.key });
    },
    onSuccess: (event) => settle(queryClient, event.id, event),
  });
}

export function useUpdateEvent(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateEventBody) =>
      getData<TangoEvent>(`/events/${seg(id)}`, { method: 'PATCH', body }),
    onSuccess: (event) => settle(queryClient, id, event),
  });
}

export function useDeleteEvent(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => request<null>(`/events/${seg(id)}`, { method: 'DELETE' }),
    onSuccess: () => settle(queryClient, id, null),
  });
}

/** Cancels one date (`date`), or the whole event (undefined). */
export function useCancelEvent(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (date: string | undefined) =>
      getData<TangoEvent>(`/events/${seg(id)}/cancel`, {
        method: 'POST',
        body: date ? { date } : {},
      }),
    onSuccess: (event) => settle(queryClient, id, event),
  });
}

export function useAcceptCredit(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => getData<TangoEvent>(`/events/${seg(id)}/credits/accept`, { method: 'POST' }),
    onSuccess: () => settle(queryClient, id),
  });
}

/** Answers for a date: the answer as the server settled it (going, or waitlisted with a position). */
export function useRsvp(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RsvpBody) => getData<MyRsvp>(`/events/${seg(id)}/rsvp`, { method: 'PUT', body }),
    onSuccess: () => settle(queryClient, id),
  });
}

/** Invites dancers to a date; nothing the viewer sees changes, so nothing is read again. */
export function useInvite(id: string) {
  return useMutation({
    mutationFn: (body: InviteBody) =>
      getData<InvitationsResult>(`/events/${seg(id)}/invitations`, { method: 'POST', body }),
  });
}

/**
 * A notification about this event (a place freed, a partner's invitation, a change, a cancellation,
 * someone going): the event, its dates and who comes are read again, and `onPush` hears of it.
 */
export function useEventPushes(id: string, onPush?: (notification: Notification) => void) {
  const queryClient = useQueryClient();
  useRealtimeEvent('notification:new', (n) => {
    if (n.event?.id !== id) return;
    void Promise.all([
      refetchAfterChange(queryClient, eventKeys.details(id)),
      refetchAfterChange(queryClient, eventKeys.attendees(id)),
      refetchAfterChange(queryClient, eventKeys.registrations(id)),
      refetchAfterChange(queryClient, eventKeys.dates(id)),
    ]);
    onPush?.(n);
  });
}
