import { parseHashtags, parseMentions } from '../../src/server/modules/memories/memory-text.ts';
import type { ReactionType, Visibility } from '../../src/server/db/schema/index.ts';
import { cityAt, commentBody, memoryBody } from './bodies.ts';
import { seededUuidV7 } from './ids.ts';
import { Rng, WeightedPicker } from './random.ts';
import type { SocialGraph } from './social.ts';
import { DAY_MS, type SeedUser } from './users.ts';
import { CITIES } from './vocabulary/places.ts';
import { COLUMNS } from './tables.ts';
import { RowBuffer } from './writer.ts';

const HOUR_MS = 60 * 60 * 1000;
const HISTORY_MS = 2 * 365 * DAY_MS;
const VISIBILITIES: readonly Visibility[] = ['public', 'followers', 'friends', 'private'];
const visibilityPicker = new WeightedPicker([70, 15, 10, 5]);
const REACTIONS: readonly ReactionType[] = ['like', 'love', 'abrazo', 'wow', 'laugh', 'sad'];
const reactionPicker = new WeightedPicker([55, 18, 14, 6, 4, 3]);
// Local hour of posting: after the milonga, late at night, or the next afternoon.
const hourPicker = new WeightedPicker([
  8, 7, 5, 3, 2, 1, 1, 1, 2, 3, 4, 5, 5, 4, 3, 3, 3, 3, 4, 5, 5, 6, 7, 8,
]);

export interface MemoryPlan {
  author: Int32Array;
  at: Float64Array;
}

/** Who posts each memory and when, oldest first: active members post more, recent months more. */
export function planMemories(
  users: readonly SeedUser[],
  count: number,
  seed: string,
  now: number,
): MemoryPlan {
  const rng = new Rng(seed, 'memory-plan');
  const windows = users.map((u) => now - Math.max(u.joinedAt, now - HISTORY_MS));
  const picker = new WeightedPicker(
    users.map((u, i) => u.activity * Math.max(1, (windows[i] ?? 0) / DAY_MS)),
  );
  const author = new Int32Array(count);
  const at = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const a = picker.pick(rng);
    const user = users[a];
    const window = windows[a] ?? DAY_MS;
    let t = now - window * rng.next() ** 1.3;
    const offset = (user?.city.utcOffset ?? 0) * HOUR_MS;
    const localMidnight = Math.floor((t + offset) / DAY_MS) * DAY_MS - offset;
    const moved = localMidnight + hourPicker.pick(rng) * HOUR_MS + rng.int(HOUR_MS);
    if (moved < now && moved > now - window) t = moved;
    author[i] = a;
    at[i] = Math.floor(t);
  }
  const order = Array.from({ length: count }, (_, i) => i).sort((x, y) => (at[x] ?? 0) - (at[y] ?? 0));
  return {
    author: Int32Array.from(order, (i) => author[i] ?? 0),
    at: Float64Array.from(order, (i) => at[i] ?? 0),
  };
}

export interface MemoryBuffers {
  memories: RowBuffer;
  tags: RowBuffer;
  mentions: RowBuffer;
  reactions: RowBuffer;
  bookmarks: RowBuffer;
  comments: RowBuffer;
  commentLikes: RowBuffer;
}

export function memoryBuffers(): MemoryBuffers {
  return {
    memories: new RowBuffer('memories', COLUMNS.memories),
    tags: new RowBuffer('memory_tags', COLUMNS.memoryTags),
    mentions: new RowBuffer('memory_mentions', COLUMNS.memoryMentions),
    reactions: new RowBuffer('memory_reactions', COLUMNS.memoryReactions),
    bookmarks: new RowBuffer('bookmarks', COLUMNS.bookmarks),
    comments: new RowBuffer('comments', COLUMNS.comments),
    commentLikes: new RowBuffer('comment_likes', COLUMNS.commentLikes),
  };
}

/** Parents before children, so every statement's foreign keys point at rows already written. */
export function inWriteOrder(b: MemoryBuffers): RowBuffer[] {
  return [b.memories, b.tags, b.mentions, b.reactions, b.bookmarks, b.comments, b.commentLikes];
}

interface DraftComment {
  id: string;
  authorId: string;
  parent: number;
  body: string;
  at: number;
  likers: number[];
  replies: number;
}

/** Generates memories one at a time, with everything hanging off them, into row buffers. */
export class MemoryGenerator {
  private readonly rng: Rng;
  private readonly idRng: Rng;
  private readonly n: number;
  private readonly byUsername = new Map<string, number>();
  private readonly cityPicker = new WeightedPicker(CITIES.map((c) => c.weight));

  constructor(
    private readonly users: readonly SeedUser[],
    private readonly graph: SocialGraph,
    seed: string,
    private readonly now: number,
  ) {
    this.rng = new Rng(seed, 'memories');
    this.idRng = new Rng(seed, 'memory-ids');
    this.n = users.length;
    users.forEach((u, i) => this.byUsername.set(u.username.toLowerCase(), i));
  }

  private blocked(a: number, b: number): boolean {
    return this.graph.blockedKeys.has(a * this.n + b);
  }

  /** Someone who may see a memory of `author` with this visibility, or -1 (caller retries). */
  private viewer(author: number, visibility: Visibility): number {
    const { followers, friends } = this.graph;
    const f = followers.degree(author);
    const fr = friends.degree(author);
    let j = -1;
    if (visibility === 'friends') j = fr > 0 ? friends.at(author, this.rng.int(fr)) : -1;
    else if (visibility === 'followers') {
      const k = f + fr > 0 ? this.rng.int(f + fr) : -1;
      j = k < 0 ? -1 : k < f ? followers.at(author, k) : friends.at(author, k - f);
    } else if (visibility === 'public') {
      const r = this.rng.next();
      if (r < 0.6 && f > 0) j = followers.at(author, this.rng.int(f));
      else if (r < 0.75 && fr > 0) j = friends.at(author, this.rng.int(fr));
      else j = this.rng.int(this.n);
    }
    return j === author || (j >= 0 && this.blocked(author, j)) ? -1 : j;
  }

  private audienceSize(author: number, visibility: Visibility): number {
    const fr = this.graph.friends.degree(author);
    if (visibility === 'private') return 0;
    if (visibility === 'friends') return fr;
    if (visibility === 'followers') return this.graph.followers.degree(author) + fr;
    return this.n - 1;
  }

  /** Up to `want` distinct viewers. */
  private viewers(author: number, visibility: Visibility, want: number): number[] {
    const cap = Math.min(want, Math.floor(this.audienceSize(author, visibility) * 0.9));
    const chosen = new Set<number>();
    for (let tries = cap * 3; chosen.size < cap && tries > 0; tries--) {
      const j = this.viewer(author, visibility);
      if (j >= 0) chosen.add(j);
    }
    return [...chosen];
  }

  /** A time after `from`, usually within `meanMs`, never after now. */
  private after(from: number, meanMs: number): number {
    const t = from + 1 + this.rng.exponential(meanMs);
    return Math.floor(t < this.now ? t : from + (this.now - from) * this.rng.next());
  }

  private mentionNames(author: number): string[] {
    const { following, friends } = this.graph;
    const fo = following.degree(author);
    const pool = fo + friends.degree(author);
    if (pool === 0 || !this.rng.chance(0.25)) return [];
    const count = this.rng.chance(0.8) ? 1 : 2;
    const names = new Set<string>();
    for (let i = 0; i < count; i++) {
      const k = this.rng.int(pool);
      const j = k < fo ? following.at(author, k) : friends.at(author, k - fo);
      const name = this.users[j]?.username;
      if (name && !this.blocked(author, j)) names.add(name);
    }
    return [...names];
  }

  /** Adds one memory and its tags, mentions, reactions, bookmarks, comments and likes. */
  add(out: MemoryBuffers, author: number, at: number): void {
    const rng = this.rng;
    const user = this.users[author];
    if (!user) throw new Error(`no user ${author}`);
    const id = seededUuidV7(at, this.idRng);
    const visibility = VISIBILITIES[visibilityPicker.pick(rng)] ?? 'public';
    const place = rng.next();
    const city = place < 0.85 ? user.city : place < 0.94 ? cityAt(this.cityPicker.pick(rng)) : null;
    const body = memoryBody(rng, user.writesSpanish, city, user.city, this.mentionNames(author));

    for (const tag of parseHashtags(body)) out.tags.push(id, tag, at);
    for (const name of parseMentions(body)) {
      const j = this.byUsername.get(name);
      const mentioned = j === undefined ? undefined : this.users[j];
      if (mentioned) out.mentions.push(id, mentioned.id);
    }

    const audience = this.graph.followers.degree(author) + this.graph.friends.degree(author);
    const reactionCounts: Partial<Record<ReactionType, number>> = {};
    const reactors =
      visibility === 'private'
        ? []
        : this.viewers(author, visibility, rng.heavyCount(1 + 0.035 * audience, 1.6, 2000));
    for (const r of reactors) {
      const reactorId = this.users[r]?.id ?? '';
      const types = new Set([REACTIONS[reactionPicker.pick(rng)] ?? 'like']);
      if (rng.chance(0.04)) types.add(REACTIONS[reactionPicker.pick(rng)] ?? 'like');
      for (const type of types) {
        out.reactions.push(id, reactorId, type, this.after(at, 10 * HOUR_MS));
        reactionCounts[type] = (reactionCounts[type] ?? 0) + 1;
      }
      if (rng.chance(0.05)) out.bookmarks.push(reactorId, id, this.after(at, 48 * HOUR_MS));
    }

    const comments = visibility === 'private' ? [] : this.comments(author, visibility, at, audience);
    const edited = rng.chance(0.05) ? this.after(at, HOUR_MS) : null;
    out.memories.push(
      id,
      user.id,
      body,
      visibility,
      city?.name ?? null,
      JSON.stringify(reactionCounts),
      comments.length,
      at,
      edited ?? at,
      edited,
    );
    for (const c of comments) {
      const parentId = c.parent >= 0 ? (comments[c.parent]?.id ?? null) : null;
      out.comments.push(c.id, id, c.authorId, parentId, c.body, c.likers.length, c.replies, c.at, c.at);
      for (const j of c.likers) {
        out.commentLikes.push(c.id, this.users[j]?.id ?? '', this.after(c.at, 6 * HOUR_MS));
      }
    }
  }

  private comments(author: number, visibility: Visibility, at: number, audience: number): DraftComment[] {
    const rng = this.rng;
    const want = rng.heavyCount(0.5 + 0.008 * audience, 1.8, 150);
    const drafts: DraftComment[] = [];
    const topLevel: number[] = [];
    for (let k = 0; k < want; k++) {
      const reply = topLevel.length > 0 && rng.chance(0.3);
      const parent = reply ? (topLevel[rng.int(topLevel.length)] ?? -1) : -1;
      const parentDraft = drafts[parent];
      const authorAnswers = reply && parentDraft?.authorId !== this.users[author]?.id && rng.chance(0.35);
      const who = authorAnswers ? author : this.viewer(author, visibility);
      const commenter = who >= 0 ? this.users[who] : undefined;
      if (!commenter) continue;
      const when = parentDraft ? this.after(parentDraft.at, 2 * HOUR_MS) : this.after(at, 5 * HOUR_MS);
      const likers = this.viewers(author, visibility, rng.heavyCount(0.8, 1.8, 60)).filter((j) => j !== who);
      const draft: DraftComment = {
        id: seededUuidV7(when, this.idRng),
        authorId: commenter.id,
        parent,
        body: commentBody(rng, commenter.writesSpanish, commenter.city),
        at: when,
        likers,
        replies: 0,
      };
      if (parentDraft) parentDraft.replies++;
      else topLevel.push(drafts.length);
      drafts.push(draft);
    }
    return drafts;
  }
}
