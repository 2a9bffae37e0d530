import { AppError } from '../../lib/errors.ts';
import type { UsersService } from '../users/users.service.ts';

/** The 404 for a dancer named in a body who is unknown, or in a block (told apart from nobody). */
export const unknownUser = (path: string) =>
  new AppError('NOT_FOUND', 'User not found.', [{ path, message: 'No dancer has this username' }]);

/** The dancer with this username, or undefined; any failure other than "not found" stays one. */
export function findNamedUser(users: Pick<UsersService, 'resolveUser'>, username: string) {
  return users.resolveUser(username).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'NOT_FOUND') return undefined;
    throw err;
  });
}
