import type { Locale } from '../../../contract/locales.ts';
import type { MailMessage } from '../../lib/mailer.ts';

type Letter = (link: string) => { subject: string; text: string };

// One letter per supported locale: a new language does not compile until its mail is written.
const verification: Record<Locale, Letter> = {
  es: (link) => ({
    subject: 'Confirmá tu correo en Abrazo',
    text: `¡Bienvenido a Abrazo!\n\nConfirmá tu dirección de correo con este enlace (válido 24 horas):\n${link}\n\nSi no creaste una cuenta, ignorá este mensaje.\n`,
  }),
  en: (link) => ({
    subject: 'Confirm your email on Abrazo',
    text: `Welcome to Abrazo!\n\nConfirm your email address with this link (valid for 24 hours):\n${link}\n\nIf you did not create an account, ignore this message.\n`,
  }),
};

const passwordReset: Record<Locale, Letter> = {
  es: (link) => ({
    subject: 'Restablecé tu contraseña de Abrazo',
    text: `Alguien pidió restablecer la contraseña de tu cuenta de Abrazo.\n\nUsá este enlace dentro de la próxima hora:\n${link}\n\nSi no fuiste vos, ignorá este mensaje: tu contraseña no cambia.\n`,
  }),
  en: (link) => ({
    subject: 'Reset your Abrazo password',
    text: `Someone asked to reset the password of your Abrazo account.\n\nUse this link within the next hour:\n${link}\n\nIf it was not you, ignore this message: your password stays the same.\n`,
  }),
};

export function verificationMail(to: string, locale: Locale, link: string): MailMessage {
  return { to, ...verification[locale](link) };
}

export function passwordResetMail(to: string, locale: Locale, link: string): MailMessage {
  return { to, ...passwordReset[locale](link) };
}
