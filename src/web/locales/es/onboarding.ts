import type { Messages } from '../catalogue.ts';

// Castellano rioplatense: la bienvenida después del registro. Las mismas claves que en/onboarding.ts (el tipo
// lo exige).

export const onboarding: Messages<'onboarding'> = {
  pageTitle: 'Bienvenida',
  title: 'Te damos la bienvenida, {{name}}',
  intro: 'Contales a los demás un poco sobre vos. Todo es opcional y lo podés cambiar después.',
  aboutYou: 'Sobre vos',
  yourTango: 'Tu tango',
  languagesTitle: 'Idiomas',
  save: 'Guardar y seguir',
  skip: 'Ahora no',
  saved: 'Tu perfil quedó guardado.',
};
