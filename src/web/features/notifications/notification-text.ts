import type { Notification } from '../../../contract/social.ts';
import { currentLocale, type MessageKey, type T } from '../../lib/i18n.ts';
import { formatDate } from '../events/event-time.ts';

// Names are bold inside a translated sentence, so the sentence is built with markers where they go.

/** Stands around a name's index in a sentence; the row puts the name there, in bold. */
export const NAME_MARK = '\u0001';
const marker = (i: number) => `${NAME_MARK}${i}${NAME_MARK}`;

/** "Ana", "Ana and Bruno", "Ana and 3 others", with markers standing for the names. */
function whoOf(t: T, n: Notification): { who: string; names: string[] } {
  const names = n.actors.map((a) => a.displayName);
  const [first, second] = names;
  if (first === undefined) return { who: t('notifications.someone'), names };
  if (n.actorCount <= 1) return { who: marker(0), names };
  if (n.actorCount === 2 && second !== undefined) {
    return { who: t('notifications.two', { name: marker(0), other: marker(1) }), names };
  }
  return { who: t('notifications.andOthers', { name: marker(0), count: n.actorCount - 1 }), names };
}

function sentenceKey(n: Notification): MessageKey {
  switch (n.type) {
    case 'follow':
      return 'notifications.follow';
    case 'friend_request':
      return 'notifications.friendRequest';
    case 'friend_accepted':
      return 'notifications.friendAccepted';
    case 'comment':
      return 'notifications.comment';
    case 'reply':
      return 'notifications.reply';
    case 'mention':
      return n.commentId ? 'notifications.mentionComment' : 'notifications.mention';
    case 'reaction':
      return n.commentId ? 'notifications.reactionComment' : 'notifications.reactionMemory';
    case 'group_request':
      return 'notifications.groupRequest';
    case 'group_approved':
      return 'notifications.groupApproved';
    case 'event_rsvp':
      return 'notifications.eventRsvp';
    case 'event_promoted':
      return 'notifications.eventPromoted';
    case 'event_partner':
      return 'notifications.eventPartner';
    case 'event_changed':
      return 'notifications.eventChanged';
    case 'event_cancelled':
      return 'notifications.eventCancelled';
    case 'event_credit':
      return 'notifications.eventCredit';
    case 'event_invited':
      return 'notifications.eventInvited';
  }
}

/** The sentence for a notification, with markers where the names go (see NAME_MARK). */
export function notificationSentence(
  t: T,
  n: Notification,
  lang: string = currentLocale(),
): { text: string; names: string[] } {
  const { who, names } = whoOf(t, n);
  const reaction = n.reaction ? t(`notifications.reactions.${n.reaction}`) : '';
  // Verbs agree with the people named ("Ana reaccionó", "Ana y 2 más reaccionaron"); unnamed is one.
  const count = names.length === 0 ? 1 : Math.max(1, n.actorCount);
  const group = n.group?.name ?? '';
  const event = n.event?.title ?? '';
  const when = n.event?.date
    ? t('notifications.onDate', { date: formatDate(n.event.date, 'short', lang) })
    : '';
  return { text: t(sentenceKey(n), { who, count, reaction, group, event, when }), names };
}

/**
 * Where a notification leads: the group or event it is about, the memory, or the dancer who acted
 * (to follow back or accept).
 */
export function targetOf(n: Notification): string {
  if (n.group) return `/groups/${encodeURIComponent(n.group.id)}`;
  if (n.event) {
    const date = n.event.date ? `?date=${n.event.date}` : '';
    return `/events/${encodeURIComponent(n.event.id)}${date}`;
  }
  const actor = n.actors[0];
  const profile = actor ? `/u/${encodeURIComponent(actor.username)}` : '/notifications';
  const aboutPerson = n.type === 'follow' || n.type === 'friend_request' || n.type === 'friend_accepted';
  return aboutPerson || !n.memoryId ? profile : `/m/${encodeURIComponent(n.memoryId)}`;
}
