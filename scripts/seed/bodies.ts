import type { Rng } from './random.ts';
import { WeightedPicker } from './random.ts';
import { CITIES, FESTIVALS, type City } from './vocabulary/places.ts';
import {
  COMMENTS_EN,
  COMMENTS_ES,
  DJS,
  EMOJI,
  FRIEND_NOTES_EN,
  FRIEND_NOTES_ES,
  GENERAL_TAGS,
  MEMORY_SENTENCES_EN,
  MEMORY_SENTENCES_ES,
  MILONGAS,
  ORCHESTRAS,
  SINGERS,
  TANGOS,
  VALSES,
  WEEKDAYS_EN,
  WEEKDAYS_ES,
  type Orchestra,
} from './vocabulary/tango.ts';

const orchestraPicker = new WeightedPicker(ORCHESTRAS.map((o) => o.weight));
const tagPicker = new WeightedPicker(GENERAL_TAGS.map((t) => t.weight));

interface Scene {
  rng: Rng;
  spanish: boolean;
  city: City;
  mentions: string[];
  orchestras: Orchestra[];
  /** Every {venue} of the text names this one when set. */
  venue?: string;
}

function slot(scene: Scene, name: string): string {
  const { rng, spanish, city } = scene;
  switch (name) {
    case 'venue':
      return scene.venue ?? rng.pick(city.venues);
    case 'city':
      return city.name;
    case 'orchestra': {
      const o = ORCHESTRAS[orchestraPicker.pick(rng)] ?? ORCHESTRAS[0];
      if (!o) return '';
      scene.orchestras.push(o);
      return o.name;
    }
    case 'singer':
      return rng.pick(SINGERS);
    case 'song':
      return rng.pick(TANGOS);
    case 'vals':
      return rng.pick(VALSES);
    case 'milonga':
      return rng.pick(MILONGAS);
    case 'festival':
      return (FESTIVALS.find((f) => f.city === city.name) ?? rng.pick(FESTIVALS)).name;
    case 'weekday':
      return rng.pick(spanish ? WEEKDAYS_ES : WEEKDAYS_EN);
    case 'dj':
      return rng.pick(DJS);
    case 'emoji':
      return rng.pick(EMOJI);
    case 'mention':
      return `@${scene.mentions.shift() ?? 'abrazo'}`;
    default:
      return name;
  }
}

function fill(scene: Scene, template: string): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => slot(scene, name));
}

/**
 * A memory as a dancer would write it: an opening, maybe a detail, thanks to the people mentioned,
 * a closing line, then hashtags (general ones, the city, the orchestras named).
 */
export function memoryBody(
  rng: Rng,
  spanish: boolean,
  city: City | null,
  homeCity: City,
  mentions: readonly string[],
): string {
  const scene: Scene = { rng, spanish, city: city ?? homeCity, mentions: [...mentions], orchestras: [] };
  const s = spanish ? MEMORY_SENTENCES_ES : MEMORY_SENTENCES_EN;
  const parts = [fill(scene, rng.pick(s.opening))];
  if (rng.chance(0.75)) parts.push(fill(scene, rng.pick(s.detail)));
  for (let i = 0; i < mentions.length; i++) parts.push(fill(scene, rng.pick(s.mention)));
  if (rng.chance(0.5)) parts.push(fill(scene, rng.pick(s.closing)));
  const text = parts.join(' ');
  if (rng.chance(0.1)) return text;

  const tags = new Set<string>();
  const general = 1 + rng.heavyCount(1.2, 2, 3);
  for (let i = 0; i < general; i++) tags.add(GENERAL_TAGS[tagPicker.pick(rng)]?.tag ?? 'tango');
  if (city && rng.chance(0.55)) tags.add(city.tag);
  for (const o of scene.orchestras) if (rng.chance(0.35)) tags.add(o.tag);
  const line = [...tags].map((t) => `#${t}`).join(' ');
  return rng.chance(0.6) ? `${text}\n\n${line}` : `${text} ${line}`;
}

export function commentBody(rng: Rng, spanish: boolean, city: City): string {
  const scene: Scene = { rng, spanish, city, mentions: [], orchestras: [] };
  return fill(scene, rng.pick(spanish ? COMMENTS_ES : COMMENTS_EN));
}

/** The note of a friend request after a dance: where, and the orchestra of the tanda. */
export function friendRequestNote(rng: Rng, spanish: boolean, city: City): { where: string; note: string } {
  const venue = rng.pick(city.venues);
  const scene: Scene = { rng, spanish, city, mentions: [], orchestras: [], venue };
  return {
    where: `${venue}, ${city.name}`,
    note: fill(scene, rng.pick(spanish ? FRIEND_NOTES_ES : FRIEND_NOTES_EN)),
  };
}

export function cityAt(index: number): City {
  const city = CITIES[index] ?? CITIES[0];
  if (!city) throw new Error('no cities');
  return city;
}
