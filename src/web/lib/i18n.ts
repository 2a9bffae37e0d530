import { PASSWORD_MIN_LENGTH } from '../../contract/auth.ts';
import { SUPPORTED_LOCALES, type Locale } from '../../contract/locales.ts';

const messages = {
  es: {
    tagline: 'La red social de la comunidad tanguera',
    intro: 'Compartí recuerdos de milongas, seguí a tus compañeros de baile y encontrá tu próxima tanda.',
    status: 'Estado del servidor',
    checking: 'comprobando…',
    ready: 'listo',
    unavailable: 'no disponible',
    apiDocs: 'Referencia de la API',
    switchTo: 'English',
    verifyTitle: 'Confirmación de correo',
    verifying: 'Confirmando tu correo…',
    verified: '¡Listo! Tu correo está confirmado.',
    linkInvalid: 'El enlace no es válido o ya venció.',
    resetTitle: 'Nueva contraseña',
    newPassword: 'Nueva contraseña',
    passwordHint: `Al menos ${PASSWORD_MIN_LENGTH} caracteres. Una frase larga es mejor que símbolos raros.`,
    save: 'Guardar',
    saving: 'Guardando…',
    resetDone: 'Tu contraseña cambió. Iniciá sesión de nuevo en tus dispositivos.',
    missingToken: 'Al enlace le falta el código. Abrilo tal como llegó en el correo.',
    backHome: 'Volver al inicio',
  },
  en: {
    tagline: 'The social platform of the tango community',
    intro: 'Share memories from milongas, follow your dance partners and find your next tanda.',
    status: 'Server status',
    checking: 'checking…',
    ready: 'ready',
    unavailable: 'unavailable',
    apiDocs: 'API reference',
    switchTo: 'Español',
    verifyTitle: 'Email confirmation',
    verifying: 'Confirming your email…',
    verified: 'Done! Your email is confirmed.',
    linkInvalid: 'The link is invalid or has expired.',
    resetTitle: 'New password',
    newPassword: 'New password',
    passwordHint: `At least ${PASSWORD_MIN_LENGTH} characters. A long phrase beats odd symbols.`,
    save: 'Save',
    saving: 'Saving…',
    resetDone: 'Your password has changed. Sign in again on your devices.',
    missingToken: 'The link is missing its code. Open it exactly as it arrived in the mail.',
    backHome: 'Back to the start',
  },
} as const satisfies Record<Locale, Record<string, string>>;

export type MessageKey = keyof (typeof messages)[Locale];

export function translate(locale: Locale, key: MessageKey): string {
  return messages[locale][key];
}

/** The language the switch offers: the next supported one. */
export function nextLocale(locale: Locale): Locale {
  const next = SUPPORTED_LOCALES[(SUPPORTED_LOCALES.indexOf(locale) + 1) % SUPPORTED_LOCALES.length];
  return next ?? locale;
}
