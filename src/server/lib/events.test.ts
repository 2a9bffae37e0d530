import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import { createUser } from '../../../test/factories/users.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { createEventBus, transact, type DomainEvents } from './events.ts';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const followEvent = (): DomainEvents['follow.created'] => ({
  followerId: 'a',
  followeeId: 'b',
  at: new Date(),
});

describe('transact', () => {
  it('publishes emitted events only after the transaction has committed', async () => {
    const bus = createEventBus();
    const user = await createUser(database.db);
    const seen: { committed: boolean }[] = [];
    bus.subscribe('follow.created', () => {
      seen.push({ committed: true });
    });
    let publishedInside = false;
    await transact(database.db, bus, async (tx, emit) => {
      await tx.execute(sql`update users set bio = 'committed' where id = ${user.id}`);
      emit('follow.created', followEvent());
      publishedInside = seen.length > 0;
    });
    expect(publishedInside).toBe(false);
    expect(seen).toHaveLength(1);
  });

  it('publishes nothing when the transaction rolls back', async () => {
    const bus = createEventBus();
    const user = await createUser(database.db);
    let count = 0;
    bus.subscribe('follow.created', () => count++);
    await expect(
      transact(database.db, bus, async (tx, emit) => {
        await tx.execute(sql`update users set bio = 'rolled back' where id = ${user.id}`);
        emit('follow.created', followEvent());
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(count).toBe(0);
    const rows = await database.rows<{ bio: string }>(sql`select bio from users where id = ${user.id}`);
    expect(rows[0]?.bio).not.toBe('rolled back');
  });

  it('keeps publishing to other handlers when one throws, and lets handlers unsubscribe', async () => {
    const bus = createEventBus();
    const got: string[] = [];
    bus.subscribe('follow.created', () => {
      throw new Error('bad handler');
    });
    const off = bus.subscribe('follow.created', (e) => got.push(e.followeeId));
    bus.publish('follow.created', followEvent());
    off();
    bus.publish('follow.created', followEvent());
    expect(got).toEqual(['b']);
  });
});
