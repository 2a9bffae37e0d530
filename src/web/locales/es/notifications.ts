import type { Messages } from '../catalogue.ts';

// Castellano rioplatense: la página de notificaciones. Las mismas claves que en/notifications.ts (el tipo lo
// exige).

export const notifications: Messages<'notifications'> = {
  title: 'Notificaciones',
  markAllRead: 'Marcar todas como leídas',
  markAllFailed: 'No se pudieron marcar como leídas.',
  unread: 'Sin leer',
  newPill_one: '{{count}} notificación nueva',
  newPill_other: '{{count}} notificaciones nuevas',
  end: 'Esas son todas tus notificaciones.',
  emptyTitle: 'Todavía no hay nada acá',
  emptyBody:
    'Cuando alguien te siga, te mande una solicitud de amistad o reaccione y comente tus recuerdos, lo vas a ver acá.',
  emptyAction: 'Encontrá gente para seguir',
  someone: 'Alguien',
  two: '{{name}} y {{other}}',
  andOthers_one: '{{name}} y {{count}} persona más',
  andOthers_other: '{{name}} y {{count}} personas más',
  follow_one: '{{who}} empezó a seguirte',
  follow_other: '{{who}} empezaron a seguirte',
  friendRequest_one: '{{who}} te mandó una solicitud de amistad',
  friendRequest_other: '{{who}} te mandaron solicitudes de amistad',
  friendAccepted_one: '{{who}} aceptó tu solicitud de amistad',
  friendAccepted_other: '{{who}} aceptaron tus solicitudes de amistad',
  comment_one: '{{who}} comentó tu recuerdo',
  comment_other: '{{who}} comentaron tu recuerdo',
  reply_one: '{{who}} respondió tu comentario',
  reply_other: '{{who}} respondieron tu comentario',
  mention_one: '{{who}} te mencionó en un recuerdo',
  mention_other: '{{who}} te mencionaron en un recuerdo',
  mentionComment_one: '{{who}} te mencionó en un comentario',
  mentionComment_other: '{{who}} te mencionaron en un comentario',
  reactionMemory_one: '{{who}} reaccionó con «{{reaction}}» a tu recuerdo',
  reactionMemory_other: '{{who}} reaccionaron a tu recuerdo',
  reactionComment_one: '{{who}} reaccionó con «{{reaction}}» a tu comentario',
  reactionComment_other: '{{who}} reaccionaron a tu comentario',
  reactions: {
    like: 'Me gusta',
    love: 'Me encanta',
    laugh: 'Me divierte',
    wow: 'Me asombra',
    sad: 'Me entristece',
    abrazo: 'Abrazo',
  },
};
