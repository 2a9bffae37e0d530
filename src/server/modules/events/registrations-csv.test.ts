import { describe, expect, it } from 'vitest';
import { createDancer, createDancers, errorOf, outcome, type Dancer } from '../groups/groups.testing.ts';
import { answer } from './event-fixtures.testing.ts';
import { createEvent, useEventsApp } from './events.testing.ts';
import { registrationsCsv } from './registrations-csv.ts';

const { t, api } = useEventsApp();

const csv = (eventId: string, who?: Dancer, query = '') =>
  api.call('GET', `/events/${eventId}/registrations.csv${query}`, who);

/** RFC 4180 rows: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe('GET /api/v1/events/:id/registrations.csv', () => {
  it('gives organisers every registration in arrival order, with waitlist places and partners', async () => {
    const organiser = await createDancer(t);
    const ana = await createDancer(t, { displayName: 'Ana, "la Rusa"' });
    const [bruno, carla, diego] = await createDancers(t, 3);
    const event = await createEvent(api, organiser, { capacity: 3, balanceWithin: 2 });
    await answer(api, event, ana, { status: 'going', role: 'follower' });
    await answer(api, event, bruno, { status: 'going', role: 'leader', partner: carla.username });
    await answer(api, event, diego, { status: 'going', role: 'leader' });

    const res = await csv(event.id, organiser);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const date = event.next?.date ?? '';
    expect(res.headers['content-disposition']).toBe(`attachment; filename="registrations-${date}.csv"`);
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(res.body.slice(1));
    expect(header).toEqual([
      'username',
      'display name',
      'status',
      'role',
      'waitlist position',
      'partner',
      'partner confirmed',
      'registered at',
    ]);
    expect(rows.map((r) => r.slice(0, 7))).toEqual([
      [ana.username, 'Ana, "la Rusa"', 'going', 'follower', '', '', ''],
      [bruno.username, expect.any(String), 'going', 'leader', '', carla.username, 'no'],
      // A couple holds two rows, each naming the other, until the partner confirms.
      [carla.username, expect.any(String), 'going', 'follower', '', bruno.username, 'no'],
      [diego.username, expect.any(String), 'waitlisted', 'leader', '1', '', ''],
    ]);
    for (const row of rows) expect(new Date(row[7] ?? '').toISOString()).toBe(row[7]);
  });

  it('defuses display names that a spreadsheet would run as formulas', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser);
    const names = ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', 'Normal'];
    for (const displayName of names) {
      const dancer = await createDancer(t, { displayName });
      await answer(api, event, dancer, { status: 'going' });
    }
    const rows = parseCsv((await csv(event.id, organiser)).body.slice(1)).slice(1);
    expect(rows.map((r) => r[1])).toEqual([
      `'=HYPERLINK("http://evil","x")`,
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      'Normal',
    ]);
  });

  it('reads a registration the same way registrationsCsv writes it', () => {
    const text = registrationsCsv([
      {
        user: { id: 'u', username: 'ana', displayName: 'Ana', avatarUrl: null },
        status: 'waitlisted',
        role: null,
        position: 2,
        partner: { id: 'p', username: 'bruno', displayName: 'Bruno', avatarUrl: null },
        partnerConfirmed: true,
        registeredAt: '2027-05-01T10:00:00.000Z',
      },
    ]);
    expect(parseCsv(text.slice(1))[1]).toEqual([
      'ana',
      'Ana',
      'waitlisted',
      '',
      '2',
      'bruno',
      'yes',
      '2027-05-01T10:00:00.000Z',
    ]);
  });

  it('is for organisers: 401 without a token, 403 for another dancer, 404 for an unknown event', async () => {
    const [organiser, dancer] = await createDancers(t, 2);
    const event = await createEvent(api, organiser);
    await answer(api, event, dancer, { status: 'going' });
    expect(outcome(await csv(event.id))).toBe('401 UNAUTHENTICATED');
    expect(outcome(await csv(event.id, dancer))).toBe('403 FORBIDDEN');
    expect(outcome(await csv('00000000-0000-4000-8000-000000000000', organiser))).toBe('404 NOT_FOUND');
  });

  it('refuses an id that is not one and a date that is not real, and 404s a date the event lacks', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser);
    const badId = await csv('nope', organiser);
    expect(outcome(badId)).toBe('400 VALIDATION_FAILED');
    expect(errorOf(badId).details?.map((d) => d.path)).toEqual(['params.id']);
    for (const date of ['2027-02-30', 'tomorrow']) {
      const res = await csv(event.id, organiser, `?date=${date}`);
      expect(outcome(res)).toBe('400 VALIDATION_FAILED');
      expect(errorOf(res).details?.map((d) => d.path)).toEqual(['query.date']);
    }
    expect(outcome(await csv(event.id, organiser, '?date=2001-01-01'))).toBe('404 NOT_FOUND');
  });
});
