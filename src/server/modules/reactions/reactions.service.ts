import { REACTION_VALUES, type ReactionCountsValue } from '../../../contract/social.ts';
import type { Database, Transaction } from '../../db/client.ts';
import type { ReactionCounts, ReactionType } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/authz.ts';
import type { Clock } from '../../lib/clock.ts';
import { transact, type Emit, type EventBus } from '../../lib/events.ts';
import type { MemoriesService } from '../memories/memories.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import { deleteReaction, insertReaction, listUserReactions } from './reactions.repo.ts';
import type { MemoryReactions } from './reactions.schema.ts';
import { subtractUserReactions } from './forget-user.repo.ts';

export interface ReactionsServiceDeps {
  db: Database;
  events: EventBus;
  clock: Clock;
  memories: MemoriesService;
  notifications: NotificationsService;
}

export type ReactionsService = ReturnType<typeof createReactionsService>;

/** Every type present, zero when nobody used it. */
export function toReactionCounts(counts: ReactionCounts): ReactionCountsValue {
  const entries = REACTION_VALUES.map((r) => [r, counts[r] ?? 0] as const);
  return Object.fromEntries(entries) as ReactionCountsValue;
}

function inEnumOrder(types: ReactionType[]): ReactionType[] {
  return REACTION_VALUES.filter((r) => types.includes(r));
}

export function createReactionsService({ db, events, clock, memories, notifications }: ReactionsServiceDeps) {
  async function summary(tx: Transaction, actor: Actor, memoryId: string): Promise<MemoryReactions> {
    // Read after the change in the same transaction: the counter row is ours until commit.
    const memory = await memories.findVisible(actor.userId, memoryId, tx);
    const mine = await listUserReactions(tx, actor.userId, [memoryId]);
    return {
      reactionCounts: toReactionCounts(memory.reactionCounts),
      myReactions: inEnumOrder(mine.map((r) => r.type)),
    };
  }

  function changed(emit: Emit, actor: Actor, memoryId: string) {
    emit('reaction.changed', { memoryId, commentId: null, userId: actor.userId, at: clock.now() });
  }

  return {
    /** Before an account is deleted: its reactions and likes come off other people's counts. */
    forgetUser: (tx: Transaction, userId: string) => subtractUserReactions(tx, userId),

    /** Adds the actor's reaction of this type; adding it again changes nothing. */
    async addReaction(actor: Actor, memoryId: string, type: ReactionType): Promise<MemoryReactions> {
      return transact(db, events, async (tx, emit) => {
        const memory = await memories.findVisible(actor.userId, memoryId, tx);
        const key = { memoryId, userId: actor.userId, type };
        if (await insertReaction(tx, key)) {
          await memories.adjustReactionCount(tx, memoryId, type, 1);
          await notifications.record(tx, emit, {
            userId: memory.authorId,
            actorId: actor.userId,
            type: 'reaction',
            memoryId,
            reaction: type,
          });
          changed(emit, actor, memoryId);
        }
        return summary(tx, actor, memoryId);
      });
    },

    /** Removes the actor's reaction of this type; removing a missing one changes nothing. */
    async removeReaction(actor: Actor, memoryId: string, type: ReactionType): Promise<MemoryReactions> {
      return transact(db, events, async (tx, emit) => {
        await memories.findVisible(actor.userId, memoryId, tx);
        if (await deleteReaction(tx, { memoryId, userId: actor.userId, type })) {
          await memories.adjustReactionCount(tx, memoryId, type, -1);
          changed(emit, actor, memoryId);
        }
        return summary(tx, actor, memoryId);
      });
    },
  };
}
