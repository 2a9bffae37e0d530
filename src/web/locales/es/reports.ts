import type { Messages } from '../catalogue.ts';

// Castellano rioplatense: el diálogo para denunciar. Las mismas claves que en/reports.ts (el tipo lo exige).

export const reports: Messages<'reports'> = {
  title: {
    memory: 'Denunciar este recuerdo',
    comment: 'Denunciar este comentario',
    user: 'Denunciar a este bailarín',
  },
  intro: 'Lo va a revisar alguien de moderación. Nadie se entera de quién denunció.',
  reason: '¿Por qué?',
  reasons: {
    spam: 'Spam o publicidad',
    harassment: 'Acoso u odio',
    inappropriate: 'Contenido inapropiado',
    impersonation: 'Se hace pasar por otra persona',
    other: 'Otra cosa',
  },
  details: '¿Qué debería saber moderación? (opcional)',
  detailsHint: 'Hasta {{max}} caracteres',
  submit: 'Enviar denuncia',
  sending: 'Enviando…',
  sent: 'Gracias. Alguien de moderación lo va a revisar.',
  chooseReason: 'Elegí un motivo.',
};
