import { z } from 'zod';
import { SUPPORTED_LOCALES } from './locales.ts';
import {
  BIO_MAX_LENGTH,
  CITY_MAX_LENGTH,
  COUNTRY_CODE_PATTERN,
  CSRF_HEADER,
  DIRECT_MESSAGES_VALUES,
  DISPLAY_NAME_MAX_LENGTH,
  EMAIL_MAX_LENGTH,
  isLongEnoughPassword,
  LANGUAGE_CODE_PATTERN,
  LANGUAGES_MAX,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  sessionCookieNames,
  TANGO_ROLES,
} from './rules.ts';
import { danceLevelSchema, publicUserSchema, tangoRoleSchema, usernameSchema } from './users.ts';

export { CSRF_HEADER, isLongEnoughPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, sessionCookieNames };

export const localeSchema = z.enum(SUPPORTED_LOCALES);

export const directMessagesSchema = z
  .enum(DIRECT_MESSAGES_VALUES)
  .describe(
    'Who may start a direct conversation with you or add you to a group: everyone, people you follow and ' +
      'your friends (following, the default), or your friends only',
  );
export type DirectMessages = z.infer<typeof directMessagesSchema>;

// A password as typed: never trimmed or normalised.
export const passwordSchema = z
  .string()
  .min(1)
  .max(PASSWORD_MAX_LENGTH)
  .describe('The password as it was set, exactly as typed');

/**
 * A password being set. Validation is passwordSchema's; the server then applies the policy in
 * modules/auth/passwords.ts, which the meta states for clients and the API description.
 */
export const newPasswordSchema = passwordSchema.meta({
  minLength: PASSWORD_MIN_LENGTH,
  description:
    `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters (counted as Unicode code points), used ` +
    'exactly as typed, with no rules on character classes. Refused when it is a commonly used password ' +
    'or, ignoring case, the username, the email address or its part before "@".',
});
export const emailSchema = z.email().max(EMAIL_MAX_LENGTH);

const profileFields = {
  displayName: z.string().trim().min(1).max(DISPLAY_NAME_MAX_LENGTH),
  bio: z.string().max(BIO_MAX_LENGTH),
  city: z.string().trim().min(1).max(CITY_MAX_LENGTH).nullable(),
  country: z
    .string()
    .regex(COUNTRY_CODE_PATTERN, 'ISO 3166-1 alpha-2 code in capitals, e.g. "AR"')
    .nullable(),
  languages: z
    .array(z.string().regex(LANGUAGE_CODE_PATTERN, 'ISO 639-1 code, e.g. "es"'))
    .max(LANGUAGES_MAX)
    .refine((l) => new Set(l).size === l.length, 'Languages must not repeat'),
  roles: z
    .array(tangoRoleSchema)
    .max(TANGO_ROLES.length)
    .refine((r) => new Set(r).size === r.length, 'Roles must not repeat'),
  leaderLevel: danceLevelSchema.nullable(),
  followerLevel: danceLevelSchema.nullable(),
  yearsDancing: z.number().int().min(0).max(100).nullable(),
  locale: localeSchema,
};

export const registerBodySchema = z.object({
  email: emailSchema,
  username: usernameSchema,
  password: newPasswordSchema,
  displayName: profileFields.displayName,
  city: profileFields.city.optional(),
  country: profileFields.country.optional(),
  languages: profileFields.languages.optional(),
  roles: profileFields.roles.optional(),
  leaderLevel: profileFields.leaderLevel.optional(),
  followerLevel: profileFields.followerLevel.optional(),
  yearsDancing: profileFields.yearsDancing.optional(),
  locale: localeSchema.optional(),
  device: z.string().max(100).optional().describe('A name for this device in the sessions list'),
  refreshIn: z
    .enum(['cookie', 'body'])
    .default('cookie')
    .describe('"body" returns the refresh token in the response instead of a cookie (non-browser clients)'),
});
export type RegisterBody = z.input<typeof registerBodySchema>;

export const loginBodySchema = z.object({
  login: z.string().trim().min(1).max(254).describe('Email or username'),
  password: passwordSchema,
  device: z.string().max(100).optional(),
  refreshIn: z.enum(['cookie', 'body']).default('cookie'),
});
export type LoginBody = z.input<typeof loginBodySchema>;

export const authResultSchema = z
  .object({
    accessToken: z.string(),
    expiresIn: z.number().int().describe('Seconds until the access token expires'),
    refreshToken: z.string().optional().describe('Only when the request asked for refreshIn: "body"'),
    user: publicUserSchema,
  })
  .meta({ id: 'AuthResult' });
export type AuthResult = z.infer<typeof authResultSchema>;

export const sessionSchema = z
  .object({
    id: z.string(),
    device: z.string(),
    userAgent: z.string(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    current: z.boolean(),
  })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof sessionSchema>;

/** The owner's view of their account: the public profile plus private fields. */
export const meSchema = publicUserSchema
  .extend({
    email: z.string(),
    emailVerified: z.boolean(),
    locale: localeSchema,
    showPresence: z.boolean().describe('Friends see when you are online and when you were last seen'),
    directMessages: directMessagesSchema,
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof meSchema>;

export const updateMeBodySchema = z
  .object({
    displayName: profileFields.displayName,
    bio: profileFields.bio,
    city: profileFields.city,
    country: profileFields.country,
    languages: profileFields.languages,
    roles: profileFields.roles,
    leaderLevel: profileFields.leaderLevel,
    followerLevel: profileFields.followerLevel,
    yearsDancing: profileFields.yearsDancing,
    locale: profileFields.locale,
    showPresence: z.boolean(),
    directMessages: directMessagesSchema,
  })
  .partial()
  .strict();
export type UpdateMeBody = z.infer<typeof updateMeBodySchema>;

export const changePasswordBodySchema = z.object({
  currentPassword: passwordSchema,
  newPassword: newPasswordSchema,
});

export const deleteMeBodySchema = z.object({ password: passwordSchema });

export const changeEmailBodySchema = z.object({
  email: emailSchema.describe('The new address; it stays unverified until its mailed link is opened'),
  password: passwordSchema,
});
export type ChangeEmailBody = z.infer<typeof changeEmailBodySchema>;
