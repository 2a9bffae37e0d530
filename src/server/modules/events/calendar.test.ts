import { describe, expect, it } from 'vitest';
import {
  addMember,
  cityOfTheTest,
  createDancer,
  createDancers,
  createGroup,
  errorOf,
  groupsClient,
  outcome,
} from '../groups/groups.testing.ts';
import { expand, icsOf, localTimeOf, textOf } from './calendar.testing.ts';
import { createEvent, localDaysAhead, useEventsApp } from './events.testing.ts';

const { t, api } = useEventsApp();
const groups = groupsClient(t);

const ics = (url: string, who?: { token: string }) =>
  t.app.inject({
    method: 'GET',
    url: `/api/v1${url}`,
    headers: who ? { authorization: `Bearer ${who.token}` } : {},
  });

// A weekly Friday milonga in Berlin; clocks go forward there on Sunday 28 March 2027.
const berlinSeries = {
  title: 'Milonga del Viernes',
  description: 'Tandas y cortinas; entrada 10 €',
  startsAt: '2027-03-05T21:00',
  endsAt: '2027-03-06T02:00',
  timeZone: 'Europe/Berlin',
  recurrence: 'FREQ=WEEKLY;BYDAY=FR',
  venue: { name: 'Ballhaus', address: 'Auguststraße 24, Berlin' },
};

describe('GET /api/v1/events/:id/calendar.ics', () => {
  it('writes a series as one VEVENT at 21:00 Berlin time, also after the change to summer time', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, berlinSeries);
    const res = await ics(`/events/${event.id}/calendar.ics`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="abrazo-${event.id}.ics"`);

    const parsed = icsOf(res);
    expect(parsed.zones).toEqual(['Europe/Berlin']);
    expect(parsed.vevents).toHaveLength(1);
    const [master] = parsed.vevents;
    if (!master) throw new Error('no VEVENT');
    expect(textOf(master, 'uid')).toBe(`${event.id}@abrazo`);
    expect(textOf(master, 'summary')).toBe('Milonga del Viernes');
    expect(textOf(master, 'description')).toBe('Tandas y cortinas; entrada 10 €');
    expect(textOf(master, 'location')).toBe('Ballhaus, Auguststraße 24, Berlin');
    expect(textOf(master, 'url')).toBe(`http://127.0.0.1:3000/events/${event.id}`);
    expect(textOf(master, 'status')).toBe('CONFIRMED');
    expect(textOf(master, 'rrule')).toContain('FREQ=WEEKLY');
    expect(localTimeOf(master, 'dtstart')).toEqual({ tzid: 'Europe/Berlin', local: '2027-03-05T21:00:00' });
    expect(localTimeOf(master, 'dtend')).toEqual({ tzid: 'Europe/Berlin', local: '2027-03-06T02:00:00' });

    expect(expand(parsed, `${event.id}@abrazo`, 6)).toEqual([
      { local: '2027-03-05T21:00:00', zone: 'Europe/Berlin', utc: '2027-03-05T20:00:00.000Z' },
      { local: '2027-03-12T21:00:00', zone: 'Europe/Berlin', utc: '2027-03-12T20:00:00.000Z' },
      { local: '2027-03-19T21:00:00', zone: 'Europe/Berlin', utc: '2027-03-19T20:00:00.000Z' },
      { local: '2027-03-26T21:00:00', zone: 'Europe/Berlin', utc: '2027-03-26T20:00:00.000Z' },
      { local: '2027-04-02T21:00:00', zone: 'Europe/Berlin', utc: '2027-04-02T19:00:00.000Z' },
      { local: '2027-04-09T21:00:00', zone: 'Europe/Berlin', utc: '2027-04-09T19:00:00.000Z' },
    ]);
  });

  it('skips a cancelled date with EXDATE and overrides a moved one with RECURRENCE-ID', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, berlinSeries);
    expect(outcome(await api.cancel(event.id, organiser, { date: '2027-03-12' }))).toBe('200');
    const moved = { startsAt: '2027-03-19T22:30', endsAt: '2027-03-20T03:00' };
    expect(outcome(await api.move(event.id, '2027-03-19', organiser, moved))).toBe('200');

    const parsed = icsOf(await ics(`/events/${event.id}/calendar.ics`, organiser));
    expect(parsed.vevents).toHaveLength(2);
    const [master, exception] = parsed.vevents;
    if (!master || !exception) throw new Error('expected two VEVENTs');
    expect(localTimeOf(master, 'exdate')).toEqual({ tzid: 'Europe/Berlin', local: '2027-03-12T21:00:00' });
    expect(textOf(exception, 'uid')).toBe(`${event.id}@abrazo`);
    expect(localTimeOf(exception, 'recurrence-id')).toEqual({
      tzid: 'Europe/Berlin',
      local: '2027-03-19T21:00:00',
    });
    expect(localTimeOf(exception, 'dtstart').local).toBe('2027-03-19T22:30:00');

    expect(expand(parsed, `${event.id}@abrazo`, 4).map((d) => d.local)).toEqual([
      '2027-03-05T21:00:00',
      '2027-03-19T22:30:00',
      '2027-03-26T21:00:00',
      '2027-04-02T21:00:00',
    ]);
  });

  it('writes UNTIL in UTC, keeping the last local day of the series', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, {
      ...berlinSeries,
      recurrence: 'FREQ=WEEKLY;UNTIL=20270326',
    });
    const parsed = icsOf(await ics(`/events/${event.id}/calendar.ics`));
    const [master] = parsed.vevents;
    if (!master) throw new Error('no VEVENT');
    expect(master.getFirstProperty('rrule')?.toICALString()).toBe('RRULE:FREQ=WEEKLY;UNTIL=20270326T225959Z');
    expect(expand(parsed, `${event.id}@abrazo`, 10).map((d) => d.local.slice(0, 10))).toEqual([
      '2027-03-05',
      '2027-03-12',
      '2027-03-19',
      '2027-03-26',
    ]);
  });

  it('writes a single event as one VEVENT in its zone, cancelled once the event is', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, {
      startsAt: '2027-05-08T21:00',
      endsAt: '2027-05-09T02:00',
    });
    let parsed = icsOf(await ics(`/events/${event.id}/calendar.ics`));
    expect(parsed.zones).toEqual(['America/Argentina/Buenos_Aires']);
    expect(parsed.vevents).toHaveLength(1);
    const [only] = parsed.vevents;
    if (!only) throw new Error('no VEVENT');
    expect(only.getFirstPropertyValue('rrule')).toBeNull();
    expect(localTimeOf(only, 'dtstart')).toEqual({
      tzid: 'America/Argentina/Buenos_Aires',
      local: '2027-05-08T21:00:00',
    });
    expect(textOf(only, 'status')).toBe('CONFIRMED');

    expect(outcome(await api.cancel(event.id, organiser))).toBe('200');
    parsed = icsOf(await ics(`/events/${event.id}/calendar.ics`));
    expect(parsed.vevents.map((v) => textOf(v, 'status'))).toEqual(['CANCELLED']);
  });

  it('marks a whole cancelled series CANCELLED', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, {
      ...berlinSeries,
      startsAt: localDaysAhead(3),
      endsAt: localDaysAhead(3, '23:30'),
      recurrence: 'FREQ=WEEKLY',
    });
    expect(outcome(await api.cancel(event.id, organiser))).toBe('200');
    const parsed = icsOf(await ics(`/events/${event.id}/calendar.ics`));
    expect(parsed.vevents.map((v) => textOf(v, 'status'))).toEqual(['CANCELLED']);
    // The dates cancelled with it are not listed one by one.
    expect(parsed.vevents[0]?.getFirstPropertyValue('exdate')).toBeNull();
  });

  it("shows a private group's event to its members only, as GET /events/:id does", async () => {
    const [owner, member, stranger] = await createDancers(t, 3);
    const group = await createGroup(groups, owner, { visibility: 'private' });
    await addMember(groups, group, owner, member);
    const event = await createEvent(api, owner, { groupId: group.id });
    expect(outcome(await ics(`/events/${event.id}/calendar.ics`, member))).toBe('200');
    expect(outcome(await ics(`/events/${event.id}/calendar.ics`, stranger))).toBe('404 NOT_FOUND');
    expect(outcome(await ics(`/events/${event.id}/calendar.ics`))).toBe('404 NOT_FOUND');
  });

  it('answers 404 for an unknown event and 400 for an id that is not one', async () => {
    expect(outcome(await ics('/events/00000000-0000-4000-8000-000000000000/calendar.ics'))).toBe(
      '404 NOT_FOUND',
    );
    const bad = await ics('/events/nope/calendar.ics');
    expect(outcome(bad)).toBe('400 VALIDATION_FAILED');
    expect(errorOf(bad).details?.map((d) => d.path)).toEqual(['params.id']);
    expect(
      outcome(await ics('/events/00000000-0000-4000-8000-000000000000/calendar.ics', { token: 'x' })),
    ).toBe('401 UNAUTHENTICATED');
  });
});

describe('GET /api/v1/cities/:slug/calendar.ics', () => {
  it("lists each date of the city's public events, cancelled ones marked, to anyone", async () => {
    const city = await cityOfTheTest(t);
    const [organiser, owner] = await createDancers(t, 2);
    const single = await createEvent(api, organiser, { city: city.slug, title: 'Milonga sola' });
    const series = await createEvent(api, organiser, {
      city: city.slug,
      title: 'Práctica semanal',
      startsAt: localDaysAhead(2),
      endsAt: localDaysAhead(2, '23:00'),
      recurrence: 'FREQ=WEEKLY;COUNT=3',
    });
    const secondDate = localDaysAhead(9).slice(0, 10);
    expect(outcome(await api.cancel(series.id, organiser, { date: secondDate }))).toBe('200');
    const privateGroup = await createGroup(groups, owner, { visibility: 'private' });
    await createEvent(api, owner, { city: city.slug, groupId: privateGroup.id, title: 'Secreta' });
    const publicGroup = await createGroup(groups, owner);
    await createEvent(api, owner, { city: city.slug, groupId: publicGroup.id, title: 'Del grupo' });
    await createEvent(api, organiser, { title: 'En otra parte' });

    const res = await ics(`/cities/${city.slug}/calendar.ics`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="abrazo-${city.slug}.ics"`);
    const parsed = icsOf(res);
    expect(parsed.zones).toEqual(['America/Argentina/Buenos_Aires']);
    const entries = parsed.vevents.map((v) => ({
      uid: textOf(v, 'uid'),
      summary: textOf(v, 'summary'),
      status: textOf(v, 'status'),
      rrule: v.getFirstPropertyValue('rrule'),
    }));
    expect(entries.map((e) => e.summary).sort()).toEqual([
      'Del grupo',
      'Milonga sola',
      'Práctica semanal',
      'Práctica semanal',
      'Práctica semanal',
    ]);
    expect(entries.every((e) => e.rrule === null)).toBe(true);
    expect(entries.find((e) => e.uid === `${series.id}-${secondDate}@abrazo`)?.status).toBe('CANCELLED');
    expect(entries.find((e) => e.uid.startsWith(single.id))).toMatchObject({
      uid: `${single.id}-${single.next?.date ?? ''}@abrazo`,
      status: 'CONFIRMED',
    });
  });

  it('answers 404 for an unknown city and 400 for a blank or over-long slug', async () => {
    expect(outcome(await ics('/cities/nowhere-xx/calendar.ics'))).toBe('404 NOT_FOUND');
    const blank = await ics('/cities/%20%20/calendar.ics');
    expect(outcome(blank)).toBe('400 VALIDATION_FAILED');
    expect(errorOf(blank).details?.map((d) => d.path)).toEqual(['params.slug']);
    expect(outcome(await ics(`/cities/${'x'.repeat(300)}/calendar.ics`))).toBe('400 VALIDATION_FAILED');
  });
});

describe('GET /api/v1/me/calendar.ics', () => {
  it('lists the dates you go to as CONFIRMED and those you wait for as TENTATIVE, and no one else’s', async () => {
    const [organiser, ana, bruno] = await createDancers(t, 3);
    const full = await createEvent(api, organiser, { title: 'Llena', capacity: 1 });
    const open = await createEvent(api, organiser, { title: 'Abierta' });
    const maybe = await createEvent(api, organiser, { title: 'Quizás' });
    expect(outcome(await api.rsvp(full.id, bruno, { status: 'going' }))).toBe('200');
    expect(outcome(await api.rsvp(full.id, ana, { status: 'going' }))).toBe('200');
    expect(outcome(await api.rsvp(open.id, ana, { status: 'going' }))).toBe('200');
    expect(outcome(await api.rsvp(maybe.id, ana, { status: 'interested' }))).toBe('200');

    const res = await ics('/me/calendar.ics', ana);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-cache');
    const entries = icsOf(res).vevents.map((v) => [textOf(v, 'summary'), textOf(v, 'status')]);
    expect(entries.sort()).toEqual([
      ['Abierta', 'CONFIRMED'],
      ['Llena', 'TENTATIVE'],
    ]);
    const theirs = icsOf(await ics('/me/calendar.ics', bruno)).vevents.map((v) => textOf(v, 'summary'));
    expect(theirs).toEqual(['Llena']);
  });

  it('needs a signed-in dancer', async () => {
    expect(outcome(await ics('/me/calendar.ics'))).toBe('401 UNAUTHENTICATED');
  });
});
