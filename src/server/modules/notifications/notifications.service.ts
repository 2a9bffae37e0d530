import type { Database, Transaction } from '../../db/client.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Emit, EventBus } from '../../lib/events.ts';
import { upsertNotification, type NotificationInput } from './notifications.repo.ts';

export type { NotificationInput } from './notifications.repo.ts';

export interface NotificationsServiceDeps {
  db: Database;
  events: EventBus;
  clock: Clock;
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;

export function createNotificationsService({ clock }: NotificationsServiceDeps) {
  return {
    /**
     * Records a notification inside the caller's transaction, so it exists exactly when the
     * action does; `notification.created` goes out after commit. Nobody is notified of their own acts.
     */
    async record(tx: Transaction, emit: Emit, input: NotificationInput): Promise<void> {
      if (input.userId === input.actorId) return;
      const at = clock.now();
      const groupKey =
        input.groupKey ?? (input.type === 'reaction' ? `reaction:${input.memoryId ?? ''}` : undefined);
      const { id } = await upsertNotification(tx, { ...input, groupKey }, at);
      emit('notification.created', { notificationId: id, userId: input.userId, at });
    },
  };
}
