import { sql } from 'drizzle-orm';
import type { Database } from '../../src/server/db/client.ts';
import { users, type NewUserRow } from '../../src/server/db/schema/index.ts';

const CITIES = ['Buenos Aires', 'Montevideo', 'Berlin', 'Paris', 'Istanbul', 'Madrid', 'Portland'];
const NAMES = ['Ana', 'Bruno', 'Carla', 'Diego', 'Elena', 'Facundo', 'Gabriela', 'Hugo', 'Inés', 'Julián'];
const BATCH = 500;

function usernameFor(i: number): string {
  return `dancer_${String(i).padStart(6, '0')}`;
}

function userRow(i: number): NewUserRow {
  const username = usernameFor(i);
  return {
    username,
    email: `${username}@example.test`,
    displayName: `${NAMES[i % NAMES.length] ?? 'Ana'} ${i}`,
    bio: 'Milonguero de toda la vida. Vals los domingos, milonga lisa los viernes.',
    city: CITIES[i % CITIES.length] ?? null,
    country: 'AR',
    languages: ['es', 'en'],
    roles: i % 5 === 0 ? ['dancer', 'teacher'] : ['dancer'],
    leaderLevel: i % 6,
    followerLevel: (i + 3) % 6,
    yearsDancing: i % 40,
  };
}

/** Inserts `count` users in multi-row batches and returns the username of one in the middle. */
export async function seedUsers(db: Database, count: number): Promise<string> {
  for (let start = 0; start < count; start += BATCH) {
    const rows: NewUserRow[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) rows.push(userRow(i));
    await db.insert(users).values(rows);
  }
  // Fresh statistics now, so autovacuum's analyze does not kick in during the measurement.
  await db.execute(sql`analyze users`);
  return usernameFor(Math.floor(count / 2));
}
