import type { ResumeEntry } from '../../../contract/events.ts';
import { EVENT_CREDIT_ROLES, type EventCreditRole } from '../../../contract/rules.ts';
import { formatDate, localDateOf } from './event-time.ts';

// A tango résumé as the page shows it: the API sends accepted credits latest event first, one line per
// credit (an event the dancer organised and DJ'd is two); the page lists them under their role.

export interface RoleGroup {
  role: EventCreditRole;
  entries: ResumeEntry[];
}

/**
 * The entries under their role, the roles in a fixed order (teacher, DJ, performer, musician,
 * organiser) and those without entries left out; each role's entries keep the order they came in.
 */
export function groupByRole(entries: readonly ResumeEntry[]): RoleGroup[] {
  const byRole = new Map<EventCreditRole, ResumeEntry[]>();
  for (const entry of entries) {
    const list = byRole.get(entry.role);
    if (list) list.push(entry);
    else byRole.set(entry.role, [entry]);
  }
  return EVENT_CREDIT_ROLES.flatMap((role) => {
    const list = byRole.get(role);
    return list ? [{ role, entries: list }] : [];
  });
}

/** Where an entry opens: its event's page. */
export const resumeEntryHref = (entry: Pick<ResumeEntry, 'eventId'>) =>
  `/events/${encodeURIComponent(entry.eventId)}`;

/**
 * An entry's first date on the venue's clock, as the row shows it: the day and month ("5 Dec"), the
 * year apart, and the local date for a <time>; null when the API could not give one.
 */
export function entryDate(
  startsAt: string,
  locale: string,
): { date: string; dayMonth: string; year: string } | null {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(startsAt)) return null;
  const date = localDateOf(startsAt);
  return { date, dayMonth: formatDate(date, 'dayMonth', locale), year: date.slice(0, 4) };
}
