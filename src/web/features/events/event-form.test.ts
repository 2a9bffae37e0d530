import { describe, expect, it } from 'vitest';
import type { TangoEvent } from '../../../contract/events.ts';
import { blankFields, changesOf, checkFields, createBody, fieldOfPath, fieldsOf } from './event-form.ts';

const event: TangoEvent = {
  id: 'e1',
  type: 'milonga',
  title: 'Milonga del Abrazo',
  description: 'Tandas clásicas',
  timeZone: 'America/Argentina/Buenos_Aires',
  startsAt: '2026-12-04T21:00:00-03:00',
  endsAt: '2026-12-05T02:00:00-03:00',
  recurrence: 'FREQ=WEEKLY;BYDAY=FR;COUNT=8',
  venue: { name: 'Salón Canning', address: 'Scalabrini Ortiz 1331' },
  city: { slug: 'buenos-aires-ar', name: 'Buenos Aires', country: 'AR' },
  group: null,
  level: 'all',
  dressCode: '',
  price: { amount: 5000, currency: 'ARS' },
  capacity: null,
  leaderCap: 40,
  followerCap: 40,
  balanceWithin: null,
  organiser: { id: 'u1', username: 'olga', displayName: 'Olga', avatarUrl: null },
  coOrganisers: [{ id: 'u2', username: 'pablo', displayName: 'Pablo', avatarUrl: null }],
  credits: [
    {
      user: { id: 'u3', username: 'dj.rosa', displayName: 'Rosa', avatarUrl: null },
      role: 'dj',
      accepted: true,
    },
  ],
  cancelled: false,
  next: null,
  myRsvp: null,
  canManage: true,
  createdAt: '2026-11-01T10:00:00.000Z',
};

describe('the event form', () => {
  it('makes the body of a create from what the dancer typed', () => {
    const fields = {
      ...blankFields('2026-12-04', 'Europe/Madrid', 'Madrid'),
      title: ' Práctica ',
      venueName: 'La Nacional',
      priceAmount: '12,50',
      priceCurrency: 'eur',
      repeat: 'monthly' as const,
      nth: 1 as const,
      weekday: 'FR' as const,
      end: 'until' as const,
      until: '2027-06-30',
      coOrganisers: '@pablo, rosa  ',
      leaderCap: '20',
    };
    expect(createBody(fields, 'madrid-es')).toMatchObject({
      title: 'Práctica',
      startsAt: '2026-12-04T21:00',
      endsAt: '2026-12-05T02:00',
      timeZone: 'Europe/Madrid',
      city: 'madrid-es',
      price: { amount: 12.5, currency: 'EUR' },
      recurrence: 'FREQ=MONTHLY;BYDAY=1FR;UNTIL=20270630',
      coOrganisers: ['pablo', 'rosa'],
      leaderCap: 20,
      followerCap: null,
    });
  });

  it('sends only what an edit changed, and nothing when nothing did', () => {
    const before = fieldsOf(event);
    expect(before).toMatchObject({
      startsAt: '2026-12-04T21:00',
      endsAt: '2026-12-05T02:00',
      city: 'Buenos Aires',
      repeat: 'weekly',
      weekday: 'FR',
      end: 'count',
      count: '8',
      coOrganisers: 'pablo',
      leaderCap: '40',
    });
    expect(changesOf(before, before, 'buenos-aires-ar', 'buenos-aires-ar')).toEqual({});
    const after = { ...before, leaderCap: '1', followerCap: '', dressCode: 'Elegante' };
    expect(changesOf(before, after, 'buenos-aires-ar', 'buenos-aires-ar')).toEqual({
      leaderCap: 1,
      followerCap: null,
      dressCode: 'Elegante',
    });
    expect(changesOf(before, { ...before, city: '' }, null, 'buenos-aires-ar')).toEqual({ city: null });
  });

  it('asks for what is missing before sending', () => {
    const fields = { ...blankFields('2026-12-04', 'UTC', ''), endsAt: '2026-12-04T20:00', leaderCap: 'many' };
    expect(checkFields(fields)).toEqual({
      title: 'events.form.errors.titleRequired',
      venueName: 'events.form.errors.venueRequired',
      endsAt: 'events.form.errors.endsAt',
      leaderCap: 'events.form.errors.limit',
    });
  });

  it("points the API's refusals at their fields", () => {
    expect(fieldOfPath('body.venue.name')).toEqual({ field: 'venueName' });
    expect(fieldOfPath('body.coOrganisers.1')).toEqual({ field: 'coOrganisers', index: 1 });
    expect(fieldOfPath('body.credits.0.username')).toEqual({ field: 'credits', index: 0 });
    expect(fieldOfPath('body.recurrence')).toEqual({ field: 'repeat' });
    expect(fieldOfPath('body.groupId')).toBeUndefined();
  });
});
