import type { LightMyRequestResponse } from 'fastify';
import ICAL from 'ical.js';

// Reads the .ics answers back with ical.js, an independent parser, as a calendar app would.

export interface ParsedCalendar {
  calendar: ICAL.Component;
  vevents: ICAL.Component[];
  /** The TZIDs of the VTIMEZONE components. */
  zones: string[];
}

/** Parses an .ics body; its VTIMEZONEs are registered so times with TZID resolve to instants. */
export function parseIcs(text: string): ParsedCalendar {
  const calendar = ICAL.Component.fromString(text);
  const timezones = calendar.getAllSubcomponents('vtimezone');
  for (const zone of timezones) ICAL.TimezoneService.register(zone);
  return {
    calendar,
    vevents: calendar.getAllSubcomponents('vevent'),
    zones: timezones.map((z) => String(z.getFirstPropertyValue('tzid'))),
  };
}

export const icsOf = (res: LightMyRequestResponse) => parseIcs(res.body);

/** A property's value as text ("" when absent). */
export function textOf(vevent: ICAL.Component, name: string): string {
  const value = vevent.getFirstPropertyValue(name);
  return value === null ? '' : String(value);
}

/** The TZID parameter of a date property, and its local value ("2027-03-05T21:00:00"). */
export function localTimeOf(vevent: ICAL.Component, name: string): { tzid: string; local: string } {
  const property = vevent.getFirstProperty(name);
  const tzid = property?.getParameter('tzid');
  const value = property?.getFirstValue();
  return {
    tzid: typeof tzid === 'string' ? tzid : '',
    local: value instanceof ICAL.Time ? value.toString() : '',
  };
}

/** A series' dates as ical.js expands them, moved dates replaced: local start, zone and instant. */
export function expand(parsed: ParsedCalendar, uid: string, count: number) {
  const events = parsed.vevents.filter((v) => textOf(v, 'uid') === uid).map((v) => new ICAL.Event(v));
  const master = events.find((e) => !e.isRecurrenceException());
  if (!master) throw new Error(`no master VEVENT with UID ${uid}`);
  const exceptions = events.filter((e) => e.isRecurrenceException());
  const dates: { local: string; zone: string; utc: string }[] = [];
  const iterator = master.iterator();
  for (let next = iterator.next(); next && dates.length < count; next = iterator.next()) {
    const at = next;
    const start = exceptions.find((e) => e.recurrenceId.compare(at) === 0)?.startDate ?? at;
    dates.push({
      local: start.toString(),
      zone: start.zone.tzid,
      utc: start.toJSDate().toISOString(),
    });
  }
  return dates;
}
