import { randomBytes } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { Executor } from '../../src/server/db/client.ts';
import { users, type NewUserRow, type UserRow } from '../../src/server/db/schema/index.ts';
import { insertUser } from '../../src/server/modules/users/users.repo.ts';

const CITIES = ['Buenos Aires', 'Montevideo', 'Berlin', 'Paris', 'Istanbul', 'Madrid', 'Portland'];
const NAMES = ['Ana', 'Bruno', 'Carla', 'Diego', 'Elena', 'Facundo', 'Gabriela', 'Hugo', 'Inés', 'Julián'];

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

/** A fresh dancer with a unique username and email; override any column. */
export async function createUser(db: Executor, overrides: Partial<NewUserRow> = {}): Promise<UserRow> {
  const suffix = randomBytes(5).toString('hex');
  const first = pick(NAMES);
  return insertUser(db, {
    username: `dancer_${suffix}`,
    email: `dancer_${suffix}@example.test`,
    displayName: `${first} ${suffix.slice(0, 4)}`,
    bio: 'Milonguero de toda la vida.',
    city: pick(CITIES),
    country: 'AR',
    languages: ['es', 'en'],
    roles: ['dancer'],
    leaderLevel: 3,
    followerLevel: 2,
    yearsDancing: 7,
    ...overrides,
  });
}

/**
 * Lets anyone start a conversation with these dancers or add them to a group. The default
 * (`following`) accepts only people they follow and their friends; tests about something else
 * open their strangers up with this.
 */
export async function acceptMessagesFromEveryone(db: Executor, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await db.update(users).set({ directMessages: 'everyone' }).where(inArray(users.id, userIds));
}
