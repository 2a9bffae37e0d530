import { z } from 'zod';
import {
  DANCE_LEVEL_MAX,
  TANGO_ROLES,
  USERNAME_MAX_LENGTH,
  USERNAME_MIN_LENGTH,
  USERNAME_PATTERN,
} from './rules.ts';

export { TANGO_ROLES, USERNAME_PATTERN };

export const tangoRoleSchema = z.enum(TANGO_ROLES);
export type TangoRole = z.infer<typeof tangoRoleSchema>;

export const usernameSchema = z
  .string()
  .regex(USERNAME_PATTERN, '3–30 letters, digits, "_" or "." (not at either end)')
  .meta({
    minLength: USERNAME_MIN_LENGTH,
    maxLength: USERNAME_MAX_LENGTH,
    description:
      '3 to 30 ASCII letters, digits, "_" or ".", not starting or ending with "."; unique ignoring case',
  });

export const danceLevelSchema = z.number().int().min(0).max(DANCE_LEVEL_MAX);

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

/** A dancer in the members listing, with the state of the viewer's Follow button. */
export const memberSchema = publicUserSchema
  .extend({
    viewerFollows: z.boolean().nullable().describe('Whether you follow them; null for anonymous viewers'),
  })
  .meta({ id: 'Member' });
export type Member = z.infer<typeof memberSchema>;
