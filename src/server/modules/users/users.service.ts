import type { Me, UpdateMeBody } from '../../../contract/auth.ts';
import type { Profile, Relationship, UserSummary } from '../../../contract/social.ts';
import type { Member, PublicUser, TangoRole } from '../../../contract/users.ts';
import { TANGO_ROLES } from '../../../contract/users.ts';
import { USER_SEARCH_MAX_RESULTS } from '../../../contract/rules.ts';
import type { Database, Executor } from '../../db/client.ts';
import type { NewUserRow, UserRow } from '../../db/schema/index.ts';
import { errors } from '../../lib/errors.ts';
import { cursorOf, toPage, type Page, type PageQuery } from '../../lib/pagination.ts';
import type { Actor } from '../../lib/authz.ts';
import {
  findUserById,
  findUserByUsername,
  insertUser,
  listUsers,
  searchByNamePrefix,
  updateUser,
} from './users.repo.ts';

const ROLE_SET: ReadonlySet<string> = new Set(TANGO_ROLES);

/** The only way a user row leaves the server to someone other than its owner. */
export function toPublicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    bio: row.bio,
    city: row.city,
    country: row.country,
    languages: row.languages,
    roles: row.roles.filter((r): r is TangoRole => ROLE_SET.has(r)),
    leaderLevel: row.leaderLevel,
    followerLevel: row.followerLevel,
    yearsDancing: row.yearsDancing,
    avatarUrl: null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The few fields a list shows of a dancer (authors, followers, actors). */
export function toUserSummary(row: Pick<UserRow, 'id' | 'username' | 'displayName'>): UserSummary {
  return { id: row.id, username: row.username, displayName: row.displayName, avatarUrl: null };
}

/** The owner's view: public fields plus email, verification, locale and settings. */
export function toMe(row: UserRow): Me {
  return {
    ...toPublicUser(row),
    email: row.email,
    emailVerified: row.emailVerifiedAt !== null,
    locale: row.locale,
    showPresence: row.showPresence,
    directMessages: row.directMessages,
  };
}

/** How a viewer relates to a dancer, with whether the dancer blocks the viewer (never shown to them). */
export type RelationshipView = Relationship & { blockedBy: boolean };

/**
 * What a profile needs to know of the relations between dancers. The relations module provides it
 * (app.ts wires it in), so users never imports relations, which depends on users.
 */
export interface ProfileRelations {
  /** Null for an anonymous viewer or a dancer who is gone. */
  getRelationship(viewerId: string | null, otherId: string): Promise<RelationshipView | null>;
}

export interface UsersServiceDeps {
  db: Database;
  relationships: ProfileRelations;
}

export type UsersService = ReturnType<typeof createUsersService>;

export function createUsersService({ db, relationships }: UsersServiceDeps) {
  return {
    /** Writes a new user row in the caller's transaction (registration adds credentials beside it). */
    async createUser(tx: Executor, values: NewUserRow): Promise<UserRow> {
      return insertUser(tx, values);
    },

    /** The whole row, for the auth module (tokens, mail, password checks); undefined once deleted. */
    async findUser(userId: string): Promise<UserRow | undefined> {
      return findUserById(db, userId);
    },

    /**
     * A dancer's profile by username (case-insensitive), with counts and how the viewer (null:
     * anonymous) relates to them. A block either way reads exactly like an unknown user.
     */
    async getProfile(viewerId: string | null, username: string): Promise<Profile> {
      const row = await findUserByUsername(db, username);
      if (!row) throw errors.notFound('User');
      const view = await relationships.getRelationship(viewerId, row.id);
      if (view && (view.blocking || view.blockedBy)) throw errors.notFound('User');
      let relationship: Relationship | null = null;
      if (view) {
        const { blockedBy: _blockedBy, ...rest } = view;
        relationship = rest;
      }
      return {
        ...toPublicUser(row),
        followerCount: row.followerCount,
        followingCount: row.followingCount,
        friendCount: row.friendCount,
        relationship,
      };
    },

    /** The summary of a dancer by username (case-insensitive); NOT_FOUND when there is none. */
    async resolveUser(username: string): Promise<UserSummary> {
      const row = await findUserByUsername(db, username);
      if (!row) throw errors.notFound('User');
      return toUserSummary(row);
    },

    /** The signed-in user's own account. */
    async getMe(actor: Actor): Promise<Me> {
      const row = await findUserById(db, actor.userId);
      // The account was deleted while the access token still lives.
      if (!row) throw errors.unauthenticated('This account no longer exists.');
      return toMe(row);
    },

    /** Updates the actor's own profile; fields left out stay as they are. */
    async updateMe(actor: Actor, changes: UpdateMeBody): Promise<Me> {
      const row =
        Object.keys(changes).length === 0
          ? await findUserById(db, actor.userId)
          : await updateUser(db, actor.userId, changes);
      if (!row) throw errors.unauthenticated('This account no longer exists.');
      return toMe(row);
    },

    /**
     * Newest members first, optionally in one city (as written) or one city community (by id);
     * nobody in a block with the viewer.
     */
    async listMembers(
      viewerId: string | null,
      query: PageQuery & { city?: string | undefined; cityId?: string | undefined },
    ): Promise<Page<Member>> {
      const cursor = cursorOf(query);
      const { city, cityId, limit } = query;
      const rows = await listUsers(db, { city, cityId, cursor, limit, viewerId });
      const page = toPage(rows, limit);
      return {
        items: page.items.map((row) => ({ ...toPublicUser(row), viewerFollows: row.viewerFollows })),
        meta: page.meta,
      };
    },

    /**
     * Members whose username, then whose display name, starts with the prefix (ignoring case): at most
     * USER_SEARCH_MAX_RESULTS, usernames first, nobody in a block with the actor. Mentions complete from it.
     */
    async searchMembers(actor: Actor, prefix: string, limit: number): Promise<Member[]> {
      const n = Math.min(limit, USER_SEARCH_MAX_RESULTS);
      const byName = (field: 'username' | 'displayName') =>
        searchByNamePrefix(db, { field, prefix, viewerId: actor.userId, limit: n });
      const [usernames, displayNames] = await Promise.all([byName('username'), byName('displayName')]);
      const seen = new Set<string>();
      const rows = [...usernames, ...displayNames].filter((r) => !seen.has(r.id) && seen.add(r.id));
      return rows.slice(0, n).map((row) => ({ ...toPublicUser(row), viewerFollows: row.viewerFollows }));
    },
  };
}
