import { api, logIn } from './web-server.ts';

// The seed has no events: gives the city of the screens a calendar, through the API, as organisers
// would make it. The viewer runs a weekly milonga with a place per role (`others` answer: a leader and
// a follower go, a second leader waits, one is interested, one is credited as its DJ); others run a
// práctica, a class and a festival of a weekend.

/** A date `days` from now: "2026-12-05". */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

/** The viewer's milonga (the one the event pages show); the others fill the calendar. */
export async function seedEvents(
  base: string,
  viewer: string,
  others: string[],
  cityName: string,
): Promise<{ eventId: string }> {
  // A city nobody lives in has no community: the events then have no city.
  const city = await api<{ slug: string }>(
    base,
    'GET',
    `/api/v1/cities/${encodeURIComponent(cityName)}`,
  ).catch(() => undefined);
  const me = await logIn(base, viewer);
  const them = await Promise.all(others.slice(0, 5).map((username) => logIn(base, username)));
  const create = (token: string, body: Record<string, unknown>) =>
    api<{ id: string }>(base, 'POST', '/api/v1/events', token, {
      timeZone: 'America/Argentina/Buenos_Aires',
      ...(city ? { city: city.slug } : {}),
      ...body,
    });

  const first = inDays(2);
  const milonga = await create(me.token, {
    type: 'milonga',
    title: 'Milonga del Abrazo',
    description: 'Pista de madera, tandas clásicas y una clase para todos los niveles a las 20.',
    startsAt: `${first}T21:00`,
    endsAt: `${inDays(3)}T02:00`,
    venue: { name: 'Salón Canning', address: 'Av. Scalabrini Ortiz 1331' },
    dressCode: 'Elegante',
    price: { amount: 5000, currency: 'ARS' },
    recurrence: `FREQ=WEEKLY;BYDAY=${WEEKDAYS[new Date(first).getUTCDay()]};COUNT=12`,
    ...(others[4] ? { credits: [{ username: others[4], role: 'dj' }] } : {}),
    leaderCap: 1,
    followerCap: 1,
  });
  const answers = [
    { status: 'going', role: 'leader' },
    { status: 'going', role: 'follower' },
    { status: 'going', role: 'leader' },
    { status: 'interested' },
  ];
  for (const [i, body] of answers.entries()) {
    const dancer = them[i];
    if (dancer) await api(base, 'PUT', `/api/v1/events/${milonga.id}/rsvp`, dancer.token, body);
  }

  const [teacher, organiser] = them;
  if (teacher) {
    await create(teacher.token, {
      type: 'practica',
      title: 'Práctica de los martes',
      startsAt: `${inDays(1)}T20:00`,
      endsAt: `${inDays(1)}T22:30`,
      venue: { name: 'Club Sunderland' },
      level: 'intermediate',
    });
    await create(teacher.token, {
      type: 'clase',
      title: 'Clase de vals',
      startsAt: `${inDays(5)}T19:00`,
      endsAt: `${inDays(5)}T20:30`,
      venue: { name: 'Estudio DNI' },
      level: 'beginner',
      price: { amount: 8000, currency: 'ARS' },
    });
  }
  if (organiser) {
    await create(organiser.token, {
      type: 'festival',
      title: 'Festival de Otoño',
      startsAt: `${inDays(9)}T18:00`,
      endsAt: `${inDays(11)}T04:00`,
      venue: { name: 'Centro Cultural Kirchner' },
      balanceWithin: 4,
    });
  }
  return { eventId: milonga.id };
}
