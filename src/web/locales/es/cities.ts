import type { Messages } from '../catalogue.ts';

// Castellano rioplatense: el directorio de ciudades y la página de una ciudad. Las mismas claves que
// en/cities.ts (el tipo lo exige).

export const cities: Messages<'cities'> = {
  directoryTitle: 'Ciudades',
  directoryIntro: 'Cada ciudad donde viven bailarines de Abrazo: sus recuerdos, su gente y quién la sigue.',
  search: 'Buscar ciudades',
  searchHint: 'Las primeras letras del nombre, con o sin tildes.',
  noMatch: 'Ninguna ciudad empieza con «{{q}}»',
  none: 'Todavía no hay ciudades',
  noneBody: 'Una ciudad aparece acá cuando alguien la pone como suya en su perfil.',
  browse: 'Ver ciudades',
  loading: 'Cargando la ciudad…',
  residents_one: '{{n}} residente',
  residents_other: '{{n}} residentes',
  visitors_one: '{{n}} visitante',
  visitors_other: '{{n}} visitantes',
  counts: 'Residentes y visitantes',
  follow: 'Seguir ciudad',
  following: 'Siguiendo',
  unfollow: 'Dejar de seguir ciudad',
  livesHere: 'Vivís acá',
  logInToFollow: 'Iniciá sesión para seguir',
  sections: 'Sobre {{city}}',
  tabMemories: 'Recuerdos',
  tabResidents: 'Residentes',
  tabVisitors: 'Visitantes',
  memoriesOf: 'Recuerdos de {{city}}',
  residentsOf: 'Bailarines que viven en {{city}}',
  visitorsOf: 'Bailarines que siguen {{city}}',
  emptyMemories: 'Todavía no hay recuerdos de {{city}}',
  emptyMemoriesBody: 'Compartí un recuerdo con {{city}} como ciudad y aparece acá.',
  emptyResidents: 'Ahora no vive ningún bailarín en {{city}}',
  emptyResidentsBody: 'Acá aparecen los bailarines que ponen {{city}} como su ciudad en el perfil.',
  emptyVisitors: 'Todavía no hay visitantes',
  emptyVisitorsBody: 'Acá aparecen los bailarines de otros lugares que siguen {{city}}.',
  noCommunity:
    'Todavía no vive en {{city}} ningún bailarín de Abrazo. Estos son los recuerdos compartidos ahí.',
  notFoundTitle: 'No encontramos la ciudad',
  notFoundBody: 'Ningún bailarín de Abrazo vive en “{{city}}”, y nadie compartió todavía recuerdos de ahí.',
  explore: 'Explorar recuerdos',
};
