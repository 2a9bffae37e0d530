export type Locale = 'es' | 'en';

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
  },
} as const satisfies Record<Locale, Record<string, string>>;

export type MessageKey = keyof (typeof messages)['es'];

export function translate(locale: Locale, key: MessageKey): string {
  return messages[locale][key];
}

export function detectLocale(languages: readonly string[]): Locale {
  for (const lang of languages) {
    const base = lang.toLowerCase().split('-')[0];
    if (base === 'es' || base === 'en') return base;
  }
  return 'es';
}
