import { describe, expect, it } from 'vitest';
import type { Notification } from '../../../contract/social.ts';
import { loadCatalogue, translate, type T } from '../../lib/i18n.ts';
import { NAME_MARK, notificationSentence, targetOf } from './notification-text.ts';
import { arrange, unique } from './steady-list.ts';

await Promise.all([loadCatalogue('en'), loadCatalogue('es')]);

const actor = (name: string) => ({
  id: `id-${name}`,
  username: name.toLowerCase(),
  displayName: name,
  avatarUrl: null,
});

function notification(overrides: Partial<Notification>): Notification {
  return {
    id: 'n1',
    type: 'follow',
    actors: [actor('Ana')],
    actorCount: 1,
    memoryId: null,
    commentId: null,
    friendRequestId: null,
    group: null,
    event: null,
    reaction: null,
    read: false,
    createdAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** The sentence with the names put back, as a reader sees it. */
function read(lang: 'en' | 'es', n: Notification): string {
  const t: T = (key, vars) => translate(lang, key, vars);
  const { text, names } = notificationSentence(t, n, lang);
  return text
    .split(NAME_MARK)
    .map((part, i) => (i % 2 === 0 ? part : (names[Number(part)] ?? '')))
    .join('');
}

describe('notificationSentence', () => {
  it('names one, two, or the first and how many others, with the verb agreeing in Spanish', () => {
    const one = notification({ type: 'reaction', memoryId: 'm1', reaction: 'abrazo' });
    expect(read('en', one)).toBe('Ana reacted with “Abrazo” to your memory');
    expect(read('es', one)).toBe('Ana reaccionó con «Abrazo» a tu recuerdo');
    const two = { ...one, actors: [actor('Ana'), actor('Bruno')], actorCount: 2 };
    expect(read('en', two)).toBe('Ana and Bruno reacted to your memory');
    expect(read('es', two)).toBe('Ana y Bruno reaccionaron a tu recuerdo');
    const many = { ...one, actors: [actor('Ana'), actor('Bruno'), actor('Carla')], actorCount: 4 };
    expect(read('en', many)).toBe('Ana and 3 others reacted to your memory');
    expect(read('es', many)).toBe('Ana y 3 personas más reaccionaron a tu recuerdo');
  });

  it('says "and 1 other" when a second actor is hidden, and "someone" when none can be shown', () => {
    expect(read('en', notification({ type: 'comment', actorCount: 2 }))).toBe(
      'Ana and 1 other commented on your memory',
    );
    expect(read('es', notification({ type: 'follow', actors: [], actorCount: 3 }))).toBe(
      'Alguien empezó a seguirte',
    );
  });

  it('tells reactions and mentions on a comment from those on a memory', () => {
    const onComment = notification({ type: 'reaction', reaction: 'love', memoryId: 'm1', commentId: 'c1' });
    expect(read('en', onComment)).toBe('Ana reacted with “Love” to your comment');
    expect(read('es', notification({ type: 'mention', memoryId: 'm1', commentId: 'c1' }))).toBe(
      'Ana te mencionó en un comentario',
    );
  });

  it('says who invited the dancer to which date of an event, in their language', () => {
    const n = notification({
      type: 'event_invited',
      event: { id: 'e1', title: 'Milonga X', date: '2026-12-04' },
    });
    expect(read('en', n)).toBe('Ana invited you to Milonga X on Fri, Dec 4');
    expect(read('es', n)).toMatch(/^Ana te invitó a Milonga X el vie,? 4 dic\.?$/);
    expect(targetOf(n)).toBe('/events/e1?date=2026-12-04');
  });

  it('keeps a name that looks like a marker as plain text', () => {
    const n = notification({ actors: [actor('1')], type: 'friend_request' });
    expect(read('en', n)).toBe('1 sent you a friend request');
  });
});

describe('targetOf', () => {
  it('leads to the memory, or to the dancer for follows and friend requests', () => {
    expect(targetOf(notification({ type: 'comment', memoryId: 'm 1' }))).toBe('/m/m%201');
    expect(targetOf(notification({ type: 'friend_request', friendRequestId: 'f1' }))).toBe('/u/ana');
    expect(targetOf(notification({ type: 'follow' }))).toBe('/u/ana');
    expect(targetOf(notification({ type: 'mention', memoryId: null }))).toBe('/u/ana');
  });
});

describe('arrange (the list that does not move under the reader)', () => {
  it('holds back rows that arrive above what the dancer has seen', () => {
    expect(arrange(['a', 'b', 'c'], ['x', 'a', 'b', 'c'])).toEqual({ order: ['a', 'b', 'c'], held: ['x'] });
  });

  it('keeps a grown group where it was instead of moving it to the top', () => {
    expect(arrange(['a', 'b', 'c'], ['c', 'a', 'b'])).toEqual({ order: ['a', 'b', 'c'], held: [] });
  });

  it('adds the rows of a further page at the bottom, and drops rows that are gone', () => {
    expect(arrange(['a', 'b', 'c'], ['a', 'c', 'd', 'e'])).toEqual({ order: ['a', 'c', 'd', 'e'], held: [] });
  });

  it('keeps the first of a row that came twice across pages', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'a' }];
    expect(unique(rows).map((r) => r.id)).toEqual(['a', 'b']);
  });
});
