import { GROUP_ROLES, type GroupRole } from '../../../contract/rules.ts';

// What a role may do in a group, as the server decides it (modules/groups): the web app only hides
// what would be refused.

const rank = (role: GroupRole): number => GROUP_ROLES.indexOf(role);

/** Owners, admins and moderators answer join requests and ban. */
export const canModerate = (role: GroupRole | null): boolean => role !== null && rank(role) <= 2;
/** Owners and admins edit the group's name, description, visibility and city. */
export const canEdit = (role: GroupRole | null): boolean => role === 'owner' || role === 'admin';

/** The roles `actor` may give `target` (the owner giving "owner" hands the group over). */
export function rolesToGive(actor: GroupRole | null, target: GroupRole): GroupRole[] {
  if (actor === 'owner' && target !== 'owner') return GROUP_ROLES.filter((r) => r !== target);
  if (actor === 'admin' && rank(target) > rank('admin')) {
    return (['moderator', 'member'] as const).filter((r) => r !== target);
  }
  return [];
}

/** Whether `actor` may ban a member of role `target` (only those below them). */
export const canBan = (actor: GroupRole | null, target: GroupRole): boolean =>
  canModerate(actor) && actor !== null && rank(target) > rank(actor);
