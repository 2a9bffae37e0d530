import type { Database, Transaction } from '../../db/client.ts';
import type { MemoryRow, ReactionType } from '../../db/schema/index.ts';
import type { Clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/events.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import { addToCommentCount, addToReactionCount, findVisibleMemory } from './memories.repo.ts';

export interface MemoriesServiceDeps {
  db: Database;
  events: EventBus;
  clock: Clock;
  notifications: NotificationsService;
}

export type MemoriesService = ReturnType<typeof createMemoriesService>;

export function createMemoriesService({ db }: MemoriesServiceDeps) {
  return {
    /** The memory, or NOT_FOUND when it does not exist or the viewer may not see it (the same answer). */
    async findVisible(viewerId: string | null, memoryId: string, tx?: Transaction): Promise<MemoryRow> {
      const row = await findVisibleMemory(tx ?? db, viewerId, memoryId);
      if (!row) throw errors.notFound('Memory');
      return row;
    },

    /** Keeps memories.comment_count in step; call in the transaction that adds or removes the comment. */
    async adjustCommentCount(tx: Transaction, memoryId: string, delta: number): Promise<void> {
      await addToCommentCount(tx, memoryId, delta);
    },

    /** Keeps memories.reaction_counts in step; call in the transaction that adds or removes the reaction. */
    async adjustReactionCount(
      tx: Transaction,
      memoryId: string,
      type: ReactionType,
      delta: number,
    ): Promise<void> {
      await addToReactionCount(tx, memoryId, type, delta);
    },
  };
}
