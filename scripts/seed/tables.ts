import type { Column, ColumnKind } from './writer.ts';

// The columns the seed writes, per table, in the order rows are pushed. Anything not listed takes
// its default. Names are the SQL ones from src/server/db/schema.

function cols(spec: Record<string, ColumnKind>): Column[] {
  return Object.entries(spec).map(([name, kind]) => ({ name, kind }));
}

export const COLUMNS = {
  users: cols({
    id: 'uuid',
    username: 'text',
    email: 'text',
    display_name: 'text',
    bio: 'text',
    city: 'text',
    country: 'text',
    languages: 'text[]',
    roles: 'text[]',
    leader_level: 'int',
    follower_level: 'int',
    years_dancing: 'int',
    locale: 'text',
    email_verified_at: 'timestamp',
    follower_count: 'int',
    following_count: 'int',
    friend_count: 'int',
    created_at: 'timestamp',
    updated_at: 'timestamp',
  }),
  userCredentials: cols({ user_id: 'uuid', password_hash: 'text', password_changed_at: 'timestamp' }),
  follows: cols({ follower_id: 'uuid', followee_id: 'uuid', created_at: 'timestamp' }),
  friendships: cols({ user_low_id: 'uuid', user_high_id: 'uuid', created_at: 'timestamp' }),
  friendRequests: cols({
    id: 'uuid',
    from_user_id: 'uuid',
    to_user_id: 'uuid',
    danced: 'bool',
    danced_where: 'text',
    danced_on: 'date',
    message: 'text',
    status: 'text',
    created_at: 'timestamp',
  }),
  blocks: cols({ blocker_id: 'uuid', blocked_id: 'uuid', created_at: 'timestamp' }),
  mutes: cols({ muter_id: 'uuid', muted_id: 'uuid', created_at: 'timestamp' }),
  memories: cols({
    id: 'uuid',
    author_id: 'uuid',
    body: 'text',
    visibility: 'text',
    city: 'text',
    reaction_counts: 'jsonb',
    comment_count: 'int',
    created_at: 'timestamp',
    updated_at: 'timestamp',
    edited_at: 'timestamp',
  }),
  memoryTags: cols({ memory_id: 'uuid', tag: 'text', created_at: 'timestamp' }),
  memoryMentions: cols({ memory_id: 'uuid', user_id: 'uuid' }),
  memoryReactions: cols({ memory_id: 'uuid', user_id: 'uuid', type: 'text', created_at: 'timestamp' }),
  bookmarks: cols({ user_id: 'uuid', memory_id: 'uuid', created_at: 'timestamp' }),
  comments: cols({
    id: 'uuid',
    memory_id: 'uuid',
    author_id: 'uuid',
    parent_id: 'uuid',
    body: 'text',
    like_count: 'int',
    reply_count: 'int',
    created_at: 'timestamp',
    updated_at: 'timestamp',
  }),
  commentLikes: cols({ comment_id: 'uuid', user_id: 'uuid', created_at: 'timestamp' }),
} as const;
