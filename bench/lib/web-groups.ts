import { api, logIn } from './web-server.ts';

// The seed has no groups: gives the city of the screens a few, through the API, as dancers would start
// them. The viewer runs a public práctica that some of `others` joined and shared memories in; others
// run the rest (one of them private, one of them in no city).

const PRACTICA_MEMORIES = [
  'Hoy trabajamos ochos cortados y sacadas al eje. ¡Gracias a todos por venir! #practica',
  'La semana que viene arrancamos media hora antes: traigan zapatos cómodos.',
  'Qué lindo fue terminar con la cumparsita todos juntos. Hasta el martes 💃',
];

/** The viewer's group (the one the group page shows); the others are in the directory and the city. */
export async function seedGroups(
  base: string,
  viewer: string,
  others: string[],
  cityName: string,
): Promise<{ groupId: string }> {
  // A memory's city may be one nobody lives in (no community): the groups then have no city.
  const city = await api<{ slug: string; name: string }>(
    base,
    'GET',
    `/api/v1/cities/${encodeURIComponent(cityName)}`,
  ).catch(() => undefined);
  const me = await logIn(base, viewer);
  const them = await Promise.all(others.slice(0, 6).map((username) => logIn(base, username)));
  const start = (token: string, body: Record<string, unknown>) =>
    api<{ id: string }>(base, 'POST', '/api/v1/groups', token, {
      ...body,
      ...(city ? { city: city.slug } : {}),
    });

  const practica = await start(me.token, {
    name: 'Práctica de los martes',
    description:
      'Giros, sacadas y mucho abrazo, los martes de 20 a 22 en el club del barrio. Todos los niveles; ' +
      'se rota de pareja.',
    visibility: 'public',
  });
  for (const member of them) await api(base, 'POST', `/api/v1/groups/${practica.id}/join`, member.token);
  for (const [i, body] of PRACTICA_MEMORIES.entries()) {
    const author = i === 1 ? me : (them[i] ?? me);
    await api(base, 'POST', '/api/v1/memories', author.token, { body, groupId: practica.id });
  }

  const [dj, milonguero, organiser] = them;
  const place = city?.name ?? cityName;
  if (dj) {
    await start(dj.token, {
      name: `DJs de ${place}`,
      description: 'Tandas, cortinas y las orquestas que suenan en las milongas de la ciudad.',
      visibility: 'private',
    });
  }
  if (milonguero) {
    const group = await start(milonguero.token, {
      name: `Milongueros de ${place}`,
      description: 'Dónde se baila esta semana, y con quién ir.',
      visibility: 'public',
    });
    for (const member of them.slice(3)) {
      await api(base, 'POST', `/api/v1/groups/${group.id}/join`, member.token);
    }
  }
  if (organiser) {
    await api(base, 'POST', '/api/v1/groups', organiser.token, {
      name: 'Encuentro del Río de la Plata',
      description: 'Los habitués del encuentro de otoño: viajes, alojamiento y tandas.',
      visibility: 'public',
    });
  }
  return { groupId: practica.id };
}
