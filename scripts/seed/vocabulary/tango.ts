// Orchestras, songs and the sentences memories and comments are built from. Slots in braces are
// filled by scripts/seed/bodies.ts: {venue} {city} {orchestra} {singer} {song} {vals} {milonga}
// {festival} {weekday} {dj} {emoji} {mention}.

export interface Orchestra {
  name: string;
  /** Lower-case hashtag without '#'. */
  tag: string;
  weight: number;
}

export const ORCHESTRAS: readonly Orchestra[] = [
  { name: "Juan D'Arienzo", tag: 'darienzo', weight: 10 },
  { name: 'Carlos Di Sarli', tag: 'disarli', weight: 10 },
  { name: 'Osvaldo Pugliese', tag: 'pugliese', weight: 9 },
  { name: 'Aníbal Troilo', tag: 'troilo', weight: 9 },
  { name: 'Rodolfo Biagi', tag: 'biagi', weight: 5 },
  { name: 'Miguel Caló', tag: 'calo', weight: 6 },
  { name: 'Ricardo Tanturi', tag: 'tanturi', weight: 6 },
  { name: 'Francisco Canaro', tag: 'canaro', weight: 5 },
  { name: 'Edgardo Donato', tag: 'donato', weight: 4 },
  { name: 'Alfredo De Angelis', tag: 'deangelis', weight: 4 },
  { name: "Ángel D'Agostino", tag: 'dagostino', weight: 4 },
  { name: 'Osvaldo Fresedo', tag: 'fresedo', weight: 3 },
  { name: 'Lucio Demare', tag: 'demare', weight: 3 },
  { name: 'Pedro Laurenz', tag: 'laurenz', weight: 2 },
];

export const SINGERS: readonly string[] = [
  'Alberto Podestá',
  'Roberto Rufino',
  'Francisco Fiorentino',
  'Alberto Castillo',
  'Ángel Vargas',
  'Jorge Durán',
  'Roberto Chanel',
  'Enrique Campos',
  'Raúl Berón',
  'Héctor Mauré',
];

export const TANGOS: readonly string[] = [
  'La Cumparsita',
  'Poema',
  'Gallo Ciego',
  'Quejas de Bandoneón',
  'Bahía Blanca',
  'A la Gran Muñeca',
  'Nada',
  'Pavadita',
  'Comme il faut',
  'El Flete',
  'Uno',
  'Malena',
  'La Yumba',
  'Recuerdo',
  'El Choclo',
  'Nostalgias',
  'Sin Palabras',
  'Corazón de Oro',
  'Mala Junta',
  'Organito de la Tarde',
];

export const VALSES: readonly string[] = [
  'Desde el Alma',
  'Pabellón de las Rosas',
  'Romance de Barrio',
  'Corazón de Oro',
  'Lágrimas y Sonrisas',
  'Soñar y Nada Más',
];

export const MILONGAS: readonly string[] = [
  'Milonga Sentimental',
  'Milonga de mis Amores',
  'La Milonga de Buenos Aires',
  'Milonga Vieja Milonga',
  'Azabache',
  'Reliquias Porteñas',
];

export const DJS: readonly string[] = [
  'Mario Orlando',
  'Gabriela Rodríguez',
  'Félix Picherna',
  'Dany Borelli',
  'Michael Lavocah',
  'Bernardo Carvalho',
  'Nora Klein',
];

export const EMOJI: readonly string[] = [
  '💃',
  '🕺',
  '❤️',
  '✨',
  '🎶',
  '🥰',
  '😍',
  '🙌',
  '🌙',
  '🍷',
  '👠',
  '🎻',
  '🪗',
  '😭',
];

export const WEEKDAYS_ES: readonly string[] = [
  'lunes',
  'martes',
  'miércoles',
  'jueves',
  'viernes',
  'sábado',
  'domingo',
];
export const WEEKDAYS_EN: readonly string[] = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
];

/** General hashtags and how often they are used. */
export const GENERAL_TAGS: readonly { tag: string; weight: number }[] = [
  { tag: 'milonga', weight: 30 },
  { tag: 'tango', weight: 24 },
  { tag: 'tangoargentino', weight: 14 },
  { tag: 'tanda', weight: 14 },
  { tag: 'abrazo', weight: 10 },
  { tag: 'practica', weight: 9 },
  { tag: 'cabeceo', weight: 8 },
  { tag: 'vals', weight: 7 },
  { tag: 'milonguero', weight: 6 },
  { tag: 'musicality', weight: 5 },
  { tag: 'encuentro', weight: 4 },
  { tag: 'marathon', weight: 4 },
  { tag: 'festival', weight: 4 },
  { tag: 'clase', weight: 4 },
  { tag: 'workshop', weight: 3 },
  { tag: 'orquestatipica', weight: 3 },
  { tag: 'tangoshoes', weight: 2 },
  { tag: 'cortina', weight: 2 },
  { tag: 'tangolife', weight: 3 },
];

export const MEMORY_SENTENCES_ES = {
  opening: [
    'Anoche en {venue} la pista estaba perfecta.',
    'Qué milonga la del {weekday} en {venue} {emoji}',
    'Volví a {venue} después de meses y fue como volver a casa.',
    'Primera vez en {city} y ya encontré mi milonga: {venue}.',
    'Práctica del {weekday} en {venue}: tres horas de ochos y caminata.',
    'Terminamos la noche en {venue} con {song} de {orchestra}.',
    'Llegué tarde a {venue} pero justo a tiempo para la tanda de {orchestra}.',
    'Crónica de {festival}: cuatro noches, mil abrazos.',
    'Clase de musicalidad sobre {orchestra} hoy en {venue}.',
    'Milonga al aire libre en {city}, con la luna de testigo {emoji}',
  ],
  detail: [
    'La tanda de {orchestra} con {singer} me dejó sin palabras.',
    'El DJ {dj} armó tandas clásicas y cortinas cortas.',
    'Sonó {song} y la ronda entera respiró junta.',
    'Una tanda de valses, {vals}, que no voy a olvidar.',
    'La milonga {milonga} hizo saltar a toda la pista.',
    '{orchestra} a la medianoche: no hay nada igual.',
    'Cabeceo desde la otra punta del salón y un abrazo que valió la noche.',
    'Poca gente, buen piso, mucho respeto en la ronda.',
    'Hubo orquesta en vivo y tocaron {song}.',
    'Los zapatos nuevos aguantaron hasta las 4 de la mañana.',
  ],
  closing: [
    'Gracias a todos los que bailaron conmigo {emoji}',
    '¡Nos vemos el {weekday}!',
    'Todavía tengo la música en el cuerpo.',
    'Noches así son la razón por la que bailo.',
    'El tango nos encuentra siempre.',
    'Mañana duele todo, pero valió la pena {emoji}',
  ],
  mention: [
    'Gracias {mention} por esa tanda.',
    'Con {mention} bailamos hasta el cierre.',
    'Me encontré con {mention} y no paramos de charlar entre tandas.',
    '{mention} ¡qué abrazo!',
  ],
};

export const MEMORY_SENTENCES_EN = {
  opening: [
    'Last night at {venue} the floor was perfect.',
    'What a {weekday} milonga at {venue} {emoji}',
    'Back at {venue} after months away and it felt like coming home.',
    'First night in {city} and I already found my milonga: {venue}.',
    '{weekday} practica at {venue}: three hours of ochos and walking.',
    'We closed the night at {venue} with {song} by {orchestra}.',
    'Arrived late at {venue}, just in time for the {orchestra} tanda.',
    'Notes from {festival}: four nights, a thousand embraces.',
    'Musicality class on {orchestra} today at {venue}.',
    'Open-air milonga in {city} under the moon {emoji}',
  ],
  detail: [
    'The {orchestra} tanda with {singer} left me speechless.',
    'DJ {dj} played classic tandas with short cortinas.',
    '{song} came on and the whole ronda breathed together.',
    'A vals tanda, {vals}, that I will never forget.',
    'The milonga {milonga} had the whole floor bouncing.',
    '{orchestra} at midnight: nothing compares.',
    'A cabeceo from across the room and an embrace worth the whole night.',
    'Small crowd, great floor, a respectful ronda.',
    'There was a live orchestra and they played {song}.',
    'The new shoes survived until 4 am.',
  ],
  closing: [
    'Thanks to everyone who danced with me {emoji}',
    'See you on {weekday}!',
    'The music is still in my body.',
    'Nights like this are why I dance.',
    'Tango always finds us.',
    'Everything hurts today, worth it {emoji}',
  ],
  mention: [
    'Thank you {mention} for that tanda.',
    'Danced with {mention} until the last cortina.',
    'Ran into {mention} and we talked between every tanda.',
    '{mention} what an embrace!',
  ],
};

export const COMMENTS_ES: readonly string[] = [
  '¡Qué lindo! {emoji}',
  'Me encantó esa tanda',
  '¡Nos vemos el {weekday}!',
  'Qué envidia, la próxima voy',
  'Di Sarli a esa hora es lo mejor que hay',
  'Gracias por la tanda {emoji}',
  '¿Quién musicalizaba?',
  'El piso de {venue} es un sueño',
  'Totalmente de acuerdo',
  'Qué abrazo, de verdad',
  '¡Bravo!',
];

export const COMMENTS_EN: readonly string[] = [
  'Beautiful! {emoji}',
  'Loved that tanda',
  'See you on {weekday}!',
  'So jealous, next time I am coming',
  'Which DJ was playing?',
  'Thanks for the tanda {emoji}',
  'The floor at {venue} is a dream',
  'Totally agree',
  'Pugliese always gets me too',
  'What a night!',
  'Bravo!',
];

export const FRIEND_NOTES_ES: readonly string[] = [
  '¡Bailamos en {venue}! Gracias por la tanda de {orchestra}.',
  'Nos conocimos en {venue}, ¡qué lindo vals!',
  'Gracias por el abrazo del {weekday}.',
];

export const FRIEND_NOTES_EN: readonly string[] = [
  'We danced at {venue}! Thanks for the {orchestra} tanda.',
  'We met at {venue}, what a vals!',
  'Thanks for the embrace on {weekday}.',
];
