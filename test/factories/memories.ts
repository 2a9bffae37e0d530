import { randomBytes } from 'node:crypto';
import type { Executor } from '../../src/server/db/client.ts';
import { memories, type MemoryRow, type NewMemoryRow } from '../../src/server/db/schema/index.ts';
import { fanOutQuery } from '../../src/server/modules/relations/home-timelines.repo.ts';

const LINES = [
  'Una tanda de Di Sarli que no voy a olvidar.',
  'Last cortina of the night and the floor was still full.',
  'Practica on a Tuesday, three hours of ochos.',
  'El abrazo justo, la música justa.',
];

/** A memory inserted directly (public unless overridden) and fanned out; pass at least `authorId`. */
export async function createMemory(
  db: Executor,
  overrides: Partial<NewMemoryRow> & Pick<NewMemoryRow, 'authorId'>,
): Promise<MemoryRow> {
  const line = LINES[Math.floor(Math.random() * LINES.length)] as string;
  const [row] = await db
    .insert(memories)
    .values({
      body: `${line} (${randomBytes(3).toString('hex')})`,
      visibility: 'public',
      ...overrides,
    })
    .returning();
  if (!row) throw new Error('createMemory: insert returned no row');
  await db.execute(fanOutQuery(row.id));
  return row;
}
