import { describe, expect, it } from 'vitest';
import { canBan, canEdit, canModerate, rolesToGive } from './group-roles.ts';

describe('group roles in the web app', () => {
  it('lets owners, admins and moderators moderate, and owners and admins edit', () => {
    expect([
      canModerate('owner'),
      canModerate('admin'),
      canModerate('moderator'),
      canModerate('member'),
    ]).toEqual([true, true, true, false]);
    expect(canModerate(null)).toBe(false);
    expect([canEdit('owner'), canEdit('admin'), canEdit('moderator'), canEdit(null)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('offers the owner every other role, an admin only moderator and member below them', () => {
    expect(rolesToGive('owner', 'member')).toEqual(['owner', 'admin', 'moderator']);
    expect(rolesToGive('owner', 'admin')).toEqual(['owner', 'moderator', 'member']);
    expect(rolesToGive('owner', 'owner')).toEqual([]);
    expect(rolesToGive('admin', 'member')).toEqual(['moderator']);
    expect(rolesToGive('admin', 'moderator')).toEqual(['member']);
    expect(rolesToGive('admin', 'admin')).toEqual([]);
    expect(rolesToGive('moderator', 'member')).toEqual([]);
    expect(rolesToGive(null, 'member')).toEqual([]);
  });

  it('lets a moderator or above ban only those below them', () => {
    expect(canBan('moderator', 'member')).toBe(true);
    expect(canBan('moderator', 'moderator')).toBe(false);
    expect(canBan('admin', 'moderator')).toBe(true);
    expect(canBan('admin', 'admin')).toBe(false);
    expect(canBan('owner', 'admin')).toBe(true);
    expect(canBan('member', 'member')).toBe(false);
  });
});
