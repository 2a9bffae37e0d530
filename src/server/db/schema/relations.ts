import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn } from './columns.ts';
import { users } from './users.ts';

const userRef = (name: string) =>
  uuid(name)
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' });

/** follower → followee. Lists page over (created_at, other user's id). */
export const follows = pgTable(
  'follows',
  {
    followerId: userRef('follower_id'),
    followeeId: userRef('followee_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'follows_pkey', columns: [t.followerId, t.followeeId] }),
    index('follows_follower_created_idx').on(t.followerId, t.createdAt, t.followeeId),
    index('follows_followee_created_idx').on(t.followeeId, t.createdAt, t.followerId),
    check('follows_not_self', sql`${t.followerId} <> ${t.followeeId}`),
  ],
);

/** One row per friendship, the smaller id first, so the fact reads the same from both sides. */
export const friendships = pgTable(
  'friendships',
  {
    userLowId: userRef('user_low_id'),
    userHighId: userRef('user_high_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'friendships_pkey', columns: [t.userLowId, t.userHighId] }),
    index('friendships_high_low_idx').on(t.userHighId, t.userLowId),
    check('friendships_ordered', sql`${t.userLowId} < ${t.userHighId}`),
  ],
);

export const FRIEND_REQUEST_STATUSES = ['pending', 'accepted', 'declined', 'cancelled'] as const;
export type FriendRequestStatus = (typeof FRIEND_REQUEST_STATUSES)[number];

export const friendRequests = pgTable(
  'friend_requests',
  {
    id: idColumn(),
    fromUserId: userRef('from_user_id'),
    toUserId: userRef('to_user_id'),
    danced: boolean('danced').notNull().default(false),
    dancedWhere: text('danced_where'),
    dancedOn: date('danced_on', { mode: 'string' }),
    message: text('message'),
    status: text('status').$type<FriendRequestStatus>().notNull().default('pending'),
    createdAt: createdAt(),
    respondedAt: timestamp('responded_at', { withTimezone: true, precision: 3, mode: 'date' }),
  },
  (t) => [
    // At most one open request between two people, whichever way it goes.
    uniqueIndex('friend_requests_pending_pair_key')
      .on(sql`least(${t.fromUserId}, ${t.toUserId})`, sql`greatest(${t.fromUserId}, ${t.toUserId})`)
      .where(sql`${t.status} = 'pending'`),
    index('friend_requests_to_pending_idx')
      .on(t.toUserId, t.createdAt, t.id)
      .where(sql`${t.status} = 'pending'`),
    index('friend_requests_from_pending_idx')
      .on(t.fromUserId, t.createdAt, t.id)
      .where(sql`${t.status} = 'pending'`),
    check('friend_requests_not_self', sql`${t.fromUserId} <> ${t.toUserId}`),
    check(
      'friend_requests_status_check',
      sql`${t.status} in ('pending', 'accepted', 'declined', 'cancelled')`,
    ),
  ],
);

export const blocks = pgTable(
  'blocks',
  {
    blockerId: userRef('blocker_id'),
    blockedId: userRef('blocked_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'blocks_pkey', columns: [t.blockerId, t.blockedId] }),
    index('blocks_blocker_created_idx').on(t.blockerId, t.createdAt, t.blockedId),
    index('blocks_blocked_idx').on(t.blockedId, t.blockerId),
    check('blocks_not_self', sql`${t.blockerId} <> ${t.blockedId}`),
  ],
);

export const mutes = pgTable(
  'mutes',
  {
    muterId: userRef('muter_id'),
    mutedId: userRef('muted_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'mutes_pkey', columns: [t.muterId, t.mutedId] }),
    index('mutes_muter_created_idx').on(t.muterId, t.createdAt, t.mutedId),
    // Who mutes a dancer: feed:new leaves them out of the audience of the dancer's new memories.
    index('mutes_muted_idx').on(t.mutedId, t.muterId),
    check('mutes_not_self', sql`${t.muterId} <> ${t.mutedId}`),
  ],
);

export type FollowRow = typeof follows.$inferSelect;
export type FriendRequestRow = typeof friendRequests.$inferSelect;
