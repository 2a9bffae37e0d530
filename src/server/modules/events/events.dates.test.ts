import { describe, expect, it } from 'vitest';
import { createDancer, createDancers, detailPaths, outcome } from '../groups/groups.testing.ts';
import { answer, berlinSeries, eventNotices } from './event-fixtures.testing.ts';
import { eventOf, useEventsApp } from './events.testing.ts';

// One date of a series: cancelled or moved by its organisers.

const { t, api } = useEventsApp();

describe('POST /api/v1/events/:id/cancel', () => {
  it('cancels one date: listed as cancelled, closed to answers, and those registered are told', async () => {
    const { organiser, event, listed } = await berlinSeries(t, api);
    const [ana, bruno, carla] = await createDancers(t, 3);
    await answer(api, event, ana, { status: 'going', date: '2027-04-16' });
    await answer(api, event, bruno, { status: 'interested', date: '2027-04-16' });
    await answer(api, event, carla, { status: 'going', date: '2027-04-23' });

    const res = await api.cancel(event.id, organiser, { date: '2027-04-16' });
    expect(outcome(res)).toBe('200');
    expect(eventOf(res)).toMatchObject({ cancelled: false, next: { date: '2027-04-16', cancelled: true } });
    expect((await listed()).map((d) => [d.date, d.cancelled])).toEqual([
      ['2027-04-02', false],
      ['2027-04-09', false],
      ['2027-04-16', true],
      ['2027-04-23', false],
      ['2027-04-30', false],
    ]);
    expect(outcome(await api.rsvp(event.id, bruno, { status: 'going', date: '2027-04-16' }))).toBe(
      '409 EVENT_DATE_CANCELLED',
    );
    expect(outcome(await api.rsvp(event.id, bruno, { status: 'going', date: '2027-04-23' }))).toBe('200');
    expect(await eventNotices(t, ana)).toEqual([`event_cancelled ${event.id} 2027-04-16`]);
    expect(await eventNotices(t, bruno)).toEqual([]);
    expect(await eventNotices(t, carla)).toEqual([]);
    // Again: nothing more happens.
    expect(outcome(await api.cancel(event.id, organiser, { date: '2027-04-16' }))).toBe('200');
    expect(await eventNotices(t, ana)).toHaveLength(1);
  });

  it('cancels the whole event: every date to come, and everyone registered is told', async () => {
    const { host, event, listed } = await berlinSeries(t, api);
    const [ana, bruno] = await createDancers(t, 2);
    await answer(api, event, ana, { status: 'going', date: '2027-04-09' });
    await answer(api, event, bruno, { status: 'going', date: '2027-04-30' });
    const res = await api.cancel(event.id, host);
    expect(outcome(res)).toBe('200');
    expect(eventOf(res).cancelled).toBe(true);
    expect((await listed()).every((d) => d.cancelled)).toBe(true);
    expect(outcome(await api.rsvp(event.id, ana, { status: 'going', date: '2027-04-02' }))).toBe(
      '409 EVENT_DATE_CANCELLED',
    );
    for (const dancer of [ana, bruno])
      expect(await eventNotices(t, dancer)).toEqual([`event_cancelled ${event.id} -`]);
  });

  it('refuses anyone but its organisers, unknown and unreal dates, and other fields', async () => {
    const { organiser, event } = await berlinSeries(t, api);
    const stranger = await createDancer(t);
    expect(outcome(await api.cancel(event.id, stranger))).toBe('403 FORBIDDEN');
    expect(outcome(await api.cancel(event.id, stranger, { date: '2027-04-09' }))).toBe('403 FORBIDDEN');
    expect(outcome(await api.cancel(event.id, undefined))).toBe('401 UNAUTHENTICATED');
    expect(outcome(await api.cancel(event.id, organiser, { date: '2027-04-10' }))).toBe('404 NOT_FOUND');
    for (const [body, path] of [
      [{ date: '2027-02-30' }, 'body.date'],
      [{ date: 'friday' }, 'body.date'],
      [{ reason: 'rain' }, 'body'],
    ] as const) {
      const res = await api.cancel(event.id, organiser, body);
      expect(outcome(res), JSON.stringify(body)).toBe('400 VALIDATION_FAILED');
      expect(detailPaths(res).join(' ')).toContain(path);
    }
    expect(eventOf(await api.get(event.id)).cancelled).toBe(false);
  });
});

describe('PUT /api/v1/events/:id/dates/:date', () => {
  it('moves one date, which keeps its name and its registrations, and tells them', async () => {
    const { organiser, event, listed } = await berlinSeries(t, api);
    const ana = await createDancer(t);
    await answer(api, event, ana, { status: 'going', date: '2027-04-09' });
    const res = await api.move(event.id, '2027-04-09', organiser, {
      startsAt: '2027-04-10T22:00',
      endsAt: '2027-04-11T03:00',
    });
    expect(outcome(res)).toBe('200');
    expect(eventOf(res).next).toMatchObject({
      date: '2027-04-09',
      startsAt: '2027-04-10T22:00:00+02:00',
      endsAt: '2027-04-11T03:00:00+02:00',
      going: { total: 1 },
    });
    expect((await listed()).map((d) => [d.date, d.startsAt])).toEqual([
      ['2027-04-02', '2027-04-02T21:00:00+02:00'],
      ['2027-04-09', '2027-04-10T22:00:00+02:00'],
      ['2027-04-16', '2027-04-16T21:00:00+02:00'],
      ['2027-04-23', '2027-04-23T21:00:00+02:00'],
      ['2027-04-30', '2027-04-30T21:00:00+02:00'],
    ]);
    expect(await eventNotices(t, ana)).toEqual([`event_changed ${event.id} 2027-04-09`]);
    // The series moving keeps the exception where it was put.
    await api.update(event.id, organiser, { startsAt: '2027-04-02T20:00', endsAt: '2027-04-03T01:00' });
    expect((await listed()).map((d) => d.startsAt.slice(0, 16))).toEqual([
      '2027-04-02T20:00',
      '2027-04-10T22:00',
      '2027-04-16T20:00',
      '2027-04-23T20:00',
      '2027-04-30T20:00',
    ]);
  });

  it('refuses anyone but its organisers, and bad times', async () => {
    const { organiser, host, event } = await berlinSeries(t, api);
    const stranger = await createDancer(t);
    const times = { startsAt: '2027-04-10T22:00', endsAt: '2027-04-11T03:00' };
    expect(outcome(await api.move(event.id, '2027-04-09', stranger, times))).toBe('403 FORBIDDEN');
    expect(outcome(await api.move(event.id, '2027-04-09', undefined, times))).toBe('401 UNAUTHENTICATED');
    expect(outcome(await api.move(event.id, '2027-04-08', organiser, times))).toBe('404 NOT_FOUND');
    expect(outcome(await api.move(event.id, '2027-04-09', host, times))).toBe('200');
    for (const [date, body, path] of [
      ['2027-02-30', times, 'params.date'],
      ['2027-04-09', { startsAt: '2027-04-10T22:00', endsAt: '2027-04-10T21:00' }, 'body.endsAt'],
      ['2027-04-09', { startsAt: '2027-04-31T22:00', endsAt: '2027-05-01T03:00' }, 'body.startsAt'],
      ['2027-04-09', { startsAt: '2027-04-10T22:00' }, 'body.endsAt'],
    ] as const) {
      const res = await api.move(event.id, date, organiser, body);
      expect(outcome(res), JSON.stringify(body)).toBe('400 VALIDATION_FAILED');
      expect(detailPaths(res).join(' ')).toContain(path);
    }
  });
});
