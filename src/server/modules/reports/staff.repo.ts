import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';

export type StaffRole = 'moderator' | 'admin';

/** The user's staff role (null: none), or undefined when the account does not exist. */
export async function findStaffRole(
  db: Executor,
  userId: string,
): Promise<{ staffRole: StaffRole | null } | undefined> {
  const [row] = await db
    .select({ staffRole: users.staffRole })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row;
}

/** Grants or removes (null) a staff role by username; undefined when no such user. */
export async function setStaffRole(
  db: Executor,
  username: string,
  role: StaffRole | null,
): Promise<{ id: string; username: string; staffRole: StaffRole | null } | undefined> {
  const [row] = await db
    .update(users)
    .set({ staffRole: role, updatedAt: new Date() })
    .where(eq(users.username, username))
    .returning({ id: users.id, username: users.username, staffRole: users.staffRole });
  return row;
}
