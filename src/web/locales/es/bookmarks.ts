import type { Messages } from '../catalogue.ts';

// Castellano rioplatense: la página de guardados. Las mismas claves que en/bookmarks.ts (el tipo lo exige).

export const bookmarks: Messages<'bookmarks'> = {
  title: 'Marcadores',
  intro: 'Los recuerdos que guardaste. Solo vos ves esta lista.',
  emptyTitle: 'Todavía no guardaste nada',
  emptyBody:
    'Tocá el marcador debajo de un recuerdo para guardarlo acá. Nadie se entera, y solo vos ves esta lista.',
  explore: 'Ver recuerdos',
};
