import { z } from 'zod';

export const TANGO_ROLES = [
  'dancer',
  'teacher',
  'dj',
  'organizer',
  'performer',
  'musician',
  'photographer',
  'host',
  'venue',
  'school',
  'vendor',
  'traveller',
] as const;
export const tangoRoleSchema = z.enum(TANGO_ROLES);
export type TangoRole = z.infer<typeof tangoRoleSchema>;

export const USERNAME_PATTERN = /^[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,28}[A-Za-z0-9_])$/;
export const usernameSchema = z
  .string()
  .regex(USERNAME_PATTERN, '3–30 letters, digits, "_" or "." (not at either end)')
  .meta({
    minLength: 3,
    maxLength: 30,
    description:
      '3 to 30 ASCII letters, digits, "_" or ".", not starting or ending with "."; unique ignoring case',
  });

export const danceLevelSchema = z.number().int().min(0).max(5);

/** What anyone may see of a dancer. Never add email or anything private here. */
export const publicUserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    bio: z.string(),
    city: z.string().nullable(),
    country: z.string().nullable().describe('ISO 3166-1 alpha-2'),
    languages: z.array(z.string()).describe('ISO 639-1 codes'),
    roles: z.array(tangoRoleSchema),
    leaderLevel: danceLevelSchema.nullable(),
    followerLevel: danceLevelSchema.nullable(),
    yearsDancing: z.number().int().nullable(),
    avatarUrl: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'PublicUser' });
export type PublicUser = z.infer<typeof publicUserSchema>;
