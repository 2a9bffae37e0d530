import { randomBytes } from 'node:crypto';
import type { Executor } from '../../src/server/db/client.ts';
import type { NewUserRow, UserRow } from '../../src/server/db/schema/index.ts';
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
