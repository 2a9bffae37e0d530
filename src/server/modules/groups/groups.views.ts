import type { Group, GroupMember } from '../../../contract/groups.ts';
import { GROUP_ROLES, type GroupRole } from '../../../contract/rules.ts';
import { errors } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { toPublicUser } from '../users/users.service.ts';
import type { MemberPosition, MemberViewRow } from './group-members.repo.ts';
import type { GroupViewRow } from './groups.repo.ts';

// Rows to API shapes, the cursors of the group lists, and the order of roles.

/** 0 for the owner … 3 for a member; 4 for a dancer who is none of them. */
export function rankOf(role: GroupRole | null | undefined): number {
  return role ? GROUP_ROLES.indexOf(role) : GROUP_ROLES.length;
}

/** Owner, admin or moderator: who answers requests and bans. */
export function isStaff(role: GroupRole | null | undefined): role is GroupRole {
  return rankOf(role) <= rankOf('moderator');
}

/** The API shape; conversationId: the group's chat when the viewer has a seat in it. */
export function toGroup(row: GroupViewRow, conversationId: string | null): Group {
  let membership: NonNullable<Group['viewer']>['membership'] = 'none';
  if (row.viewerRole !== null) membership = 'member';
  else if (row.viewerBanned) membership = 'banned';
  else if (row.viewerPending) membership = 'pending';
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    visibility: row.visibility,
    city:
      row.citySlug === null || row.cityName === null
        ? null
        : { slug: row.citySlug, name: row.cityName, country: row.cityCountry },
    memberCount: row.memberCount,
    createdAt: row.createdAt.toISOString(),
    conversationId,
    viewer: row.viewerPending === null ? null : { membership, role: row.viewerRole },
  };
}

export function toGroupMember(row: MemberViewRow): GroupMember {
  return {
    ...toPublicUser(row.user),
    viewerFollows: row.viewerFollows,
    role: row.role,
    joinedAt: row.joinedAt.toISOString(),
  };
}

export const invalidCursor = () => errors.validation([{ path: 'query.cursor', message: 'Invalid cursor' }]);

// The group lists' cursor is the last group's id: the next page starts after its (key, id), read back
// from the group (a key may be longer than a cursor may be).
export const encodeGroupCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');

export function decodeGroupCursor(raw: string): string {
  const id = Buffer.from(raw, 'base64url').toString('utf8');
  if (!isUuid(id)) throw invalidCursor();
  return id;
}

// The members list's cursor: "<rank>.<joined at, epoch ms>.<user id>", base64url.
export function encodeMemberCursor(p: MemberPosition): string {
  return Buffer.from(`${p.rank}.${p.joinedAt.getTime()}.${p.userId}`, 'utf8').toString('base64url');
}

export function decodeMemberCursor(raw: string): MemberPosition {
  const match = /^([0-3])\.(\d{1,15})\.([0-9a-f-]{36})$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  if (!match?.[1] || !match[2] || !match[3] || !isUuid(match[3])) throw invalidCursor();
  const joinedAt = new Date(Number(match[2]));
  if (Number.isNaN(joinedAt.getTime()) || joinedAt.getUTCFullYear() > 9999) throw invalidCursor();
  return { rank: Number(match[1]), joinedAt, userId: match[3] };
}
