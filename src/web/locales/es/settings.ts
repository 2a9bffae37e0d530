import type { Messages } from '../catalogue.ts';

// Castellano rioplatense: la página de configuración. Las mismas claves que en/settings.ts (el tipo lo
// exige).

export const settings: Messages<'settings'> = {
  title: 'Configuración',
  sectionsNav: 'Secciones de la configuración',
  profile: {
    title: 'Perfil',
    intro: 'Lo que ven los demás en tu perfil.',
    save: 'Guardar el perfil',
    saved: 'Tu perfil está guardado.',
    view: 'Ver tu perfil',
  },
  email: {
    title: 'Email',
    intro:
      'Solo lo ves vos. Lo usamos para que inicies sesión y para ayudarte a volver si olvidás tu contraseña.',
    current: 'Tu email',
    verified: 'Confirmado',
    unverified: 'Sin confirmar',
    unverifiedBody:
      'Confirmalo con el enlace que te mandamos, así siempre podés volver a entrar a tu cuenta.',
    resend: 'Mandame un enlace nuevo',
    resending: 'Enviando…',
    resent: 'Te mandamos un enlace nuevo a {{email}}. Sirve durante 24 horas.',
    alreadyVerified: 'Tu email ya está confirmado.',
    change: 'Cambiar tu email',
    newEmail: 'Email nuevo',
    newEmailHint: 'Te mandamos ahí un enlace para confirmarlo.',
    invalid: 'Escribí un email como ana@ejemplo.com.',
    same: 'Este ya es tu email.',
    taken: 'Ya hay otra cuenta con este email.',
    password: 'Tu contraseña',
    passwordHint: 'Para estar seguros de que sos vos.',
    passwordMissing: 'Escribí tu contraseña para confirmar.',
    wrongPassword: 'Esta no es tu contraseña.',
    submit: 'Cambiar el email',
    saved: 'Tu email ahora es {{email}}. Abrí el enlace que te mandamos ahí para confirmarlo.',
  },
  password: {
    title: 'Contraseña',
    intro:
      'Al cambiarla se cierra la sesión en tus otros dispositivos; en este seguís con la sesión iniciada.',
    current: 'Contraseña actual',
    currentMissing: 'Escribí tu contraseña actual.',
    wrong: 'Esta no es tu contraseña actual.',
    new: 'Contraseña nueva',
    newHint: 'Al menos {{min}} caracteres. Una frase de varias palabras es larga y fácil de recordar.',
    tooShort: 'Usá al menos {{min}} caracteres.',
    refused: 'Elegí otra: esta es demasiado común, o es tu usuario o tu email.',
    submit: 'Cambiar la contraseña',
    saved: 'Tu contraseña cambió. Cerramos la sesión en tus otros dispositivos.',
  },
  language: {
    title: 'Idioma',
    intro: 'El idioma de Abrazo en este dispositivo y el de los emails que te mandamos.',
    legend: 'Idioma',
    saved: 'Guardado. Los emails también te van a llegar en {{language}}.',
    failed: 'Cambió en este dispositivo, pero no se guardó en tu cuenta.',
    mailIn: 'Tus emails llegan en {{language}}.',
    mailToo: 'Mandame los emails en {{language}} también',
  },
  chatAlerts: {
    title: 'Mensajes nuevos',
    intro: 'Mientras Abrazo está en segundo plano. Se guarda en este dispositivo.',
    legend: 'Cuando llega un mensaje',
    label: 'Sonar y contarlos en el título de la pestaña',
  },
  theme: {
    title: 'Tema',
    intro: 'Claro, oscuro o el que use tu dispositivo. Se guarda en este dispositivo.',
    legend: 'Tema',
  },
  privacy: {
    title: 'Privacidad',
    intro: 'Quién te puede escribir y qué ven tus amistades.',
    directMessages: 'Quién puede empezar una conversación con vos',
    dm: {
      everyone: 'Todo el mundo',
      following: 'La gente que seguís y tus amistades',
      friends: 'Solo tus amistades',
    },
    dmHint: {
      everyone: 'Cualquier persona de Abrazo te puede escribir o sumarte a un grupo.',
      following: 'Quienes seguís y tus amistades te pueden escribir o sumarte a un grupo.',
      friends: 'Solo tus amistades te pueden escribir o sumarte a un grupo.',
    },
    showPresence: 'Mostrarles a mis amistades cuando estoy en línea',
    showPresenceHint:
      'Tus amistades ven cuándo estás en línea y cuándo te conectaste por última vez. Nadie más lo ve nunca.',
    saved: 'Tu configuración de privacidad está guardada.',
  },
  sessions: {
    title: 'Dónde tenés la sesión iniciada',
    navLabel: 'Dispositivos',
    intro: 'Cerrá la sesión en cualquier dispositivo que no reconozcas o que ya no uses.',
    thisDevice: 'Este dispositivo',
    device: '{{browser}} en {{system}}',
    unknownDevice: 'Dispositivo desconocido',
    activeNow: 'Activo ahora',
    lastUsed: 'Última actividad {{time}}',
    signedIn: 'sesión iniciada {{time}}',
    revoke: 'Cerrar sesión',
    revokeLabel: 'Cerrar sesión en {{device}}',
    revoked: 'Se cerró la sesión en {{device}}.',
    everywhere: 'Cerrar sesión en todos lados',
    everywhereTitle: '¿Cerrar sesión en todos lados?',
    everywhereBody:
      'Se cierra la sesión en todos tus dispositivos, también en este. Para volver, iniciás sesión con tu contraseña.',
    everywhereConfirm: 'Cerrar sesión en todos lados',
  },
  delete: {
    title: 'Borrar la cuenta',
    intro:
      'Tu perfil, tus recuerdos, comentarios, reacciones y mensajes se borran para siempre. No se puede deshacer.',
    open: 'Borrar mi cuenta',
    dialogTitle: '¿Borrar tu cuenta?',
    dialogBody:
      'Todo lo que compartiste en Abrazo se va con ella, para siempre. Escribí tu contraseña para confirmar.',
    password: 'Tu contraseña',
    passwordMissing: 'Escribí tu contraseña para confirmar.',
    wrongPassword: 'Esta no es tu contraseña.',
    confirm: 'Borrar para siempre',
    deleting: 'Borrando…',
    done: 'Tu cuenta está borrada. Gracias por bailar con nosotros.',
  },
};
