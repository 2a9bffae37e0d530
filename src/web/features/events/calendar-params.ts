import { useSearchParams } from 'react-router';
import { EVENT_TYPES, type EventType } from '../../../contract/rules.ts';
import { useSession } from '../../lib/use-session.ts';
import type { CalendarFilter } from './events.api.ts';
import { useCityNamed } from './events.api.ts';

// The calendar's state lives in its address, so a reload or a shared link shows the same: the view
// (?view=month), the city (a slug; 'all' for everywhere; left out, the dancer's own city), the type,
// and the month, week or day shown.

export const VIEWS = ['list', 'month', 'week'] as const;
export type CalendarView = (typeof VIEWS)[number];
export const EVERYWHERE = 'all';

const isType = (value: string | null): value is EventType => EVENT_TYPES.some((t) => t === value);

export function useCalendarParams() {
  const [params, setParams] = useSearchParams();
  const view = VIEWS.find((v) => v === params.get('view')) ?? 'list';
  const type = params.get('type');

  /** The current address with some parameters changed (null removes one). */
  const hrefWith = (changes: Record<string, string | null>): string => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    const search = next.toString();
    return search ? `?${search}` : '?';
  };
  const change = (changes: Record<string, string | null>) =>
    setParams(new URLSearchParams(hrefWith(changes).slice(1)), { replace: true, preventScrollReset: true });

  return {
    view,
    type: isType(type) ? type : ('' as const),
    /** The city asked for in the address: a slug, EVERYWHERE, or null for the dancer's own. */
    city: params.get('city'),
    month: /^\d{4}-\d{2}$/.test(params.get('month') ?? '') ? (params.get('month') as string) : null,
    week: /^\d{4}-\d{2}-\d{2}$/.test(params.get('week') ?? '') ? (params.get('week') as string) : null,
    day: /^\d{4}-\d{2}-\d{2}$/.test(params.get('day') ?? '') ? (params.get('day') as string) : null,
    hrefWith,
    change,
  };
}

/**
 * The calendar's city: the one in the address, or the signed-in dancer's own (by the name in their
 * profile, found among the city communities), or everywhere. `ready` once it is known.
 */
export function useCalendarCity(asked: string | null) {
  const state = useSession();
  const home = state.status === 'signedIn' ? state.user.city : null;
  const lookup = asked === null ? home : asked === EVERYWHERE ? null : asked;
  const found = useCityNamed(lookup);
  const slug = asked === null ? (found.data?.slug ?? '') : asked === EVERYWHERE ? '' : asked;
  return {
    slug,
    name: found.data?.name ?? null,
    /** The dancer's own city by the name in their profile, if they have one. */
    home,
    /** A slug in the address that names no city community. */
    unknown: asked !== null && asked !== EVERYWHERE && found.data === null,
    ready: state.status !== 'unknown' && (lookup === null || !found.isPending),
  };
}

export const filterOf = (slug: string, type: EventType | ''): CalendarFilter => ({ city: slug, type });
