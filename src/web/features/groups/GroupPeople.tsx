import { useState } from 'react';
import type { Group, GroupMember } from '../../../contract/groups.ts';
import type { GroupRole } from '../../../contract/rules.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { Menu, type MenuItem } from '../../ui/Menu.tsx';
import { toast } from '../../ui/toast.tsx';
import { DancerList } from '../profile/DancerList.tsx';
import { canBan, canModerate, rolesToGive } from './group-roles.ts';
import {
  useBan,
  useDecideRequest,
  useGroupBans,
  useGroupMembers,
  useGroupRequests,
  useSetRole,
} from './groups.api.ts';

// The group's people: its members by role (with a menu for those the viewer may promote, demote or
// ban), the requests waiting for an answer, and who is banned.

export function MembersList({ group }: { group: Group }) {
  const t = useT();
  const query = useGroupMembers(group.id);
  const viewerRole = group.viewer?.role ?? null;
  const [handOver, setHandOver] = useState<GroupMember | null>(null);
  const setRole = useSetRole(group.id);
  const ban = useBan(group.id);
  const fail = (err: unknown) => toast(errorMessage(t, err), 'error');

  const give = (member: GroupMember, role: GroupRole) => {
    if (role === 'owner') {
      setHandOver(member);
      return;
    }
    setRole.mutate(
      { userId: member.id, role },
      {
        onSuccess: () =>
          toast(t('groups.roleGiven', { name: member.displayName, role: t(`groups.role.${role}`) })),
        onError: fail,
      },
    );
  };
  const itemsFor = (member: GroupMember): MenuItem[] => [
    ...rolesToGive(viewerRole, member.role).map((role) => ({
      label: t(`groups.make.${role}`),
      onSelect: () => give(member, role),
    })),
    ...(canBan(viewerRole, member.role)
      ? [
          {
            label: t('groups.ban'),
            danger: true,
            onSelect: () =>
              ban.mutate(
                { userId: member.id, ban: true },
                {
                  onSuccess: () => toast(t('groups.bannedOne', { name: member.displayName })),
                  onError: fail,
                },
              ),
          },
        ]
      : []),
  ];

  return (
    <>
      <DancerList
        query={query}
        label={t('groups.membersOf', { name: group.name })}
        empty={<EmptyState title={t('groups.emptyMembers')} />}
        renderExtra={(member) =>
          member.role !== 'member' && <span className="group-role"> · {t(`groups.role.${member.role}`)}</span>
        }
        renderActions={(member) => {
          const items = itemsFor(member);
          return (
            items.length > 0 && (
              <Menu label={t('groups.manageMember', { name: member.displayName })} items={items} />
            )
          );
        }}
      />
      <Dialog
        open={handOver !== null}
        title={t('groups.handOverTitle', { name: handOver?.displayName ?? '' })}
        onClose={() => setHandOver(null)}
        actions={
          <>
            <Button onClick={() => setHandOver(null)}>{t('app.cancel')}</Button>
            <Button
              variant="primary"
              busy={setRole.isPending}
              onClick={() => {
                if (!handOver) return;
                setRole.mutate(
                  { userId: handOver.id, role: 'owner' },
                  { onSuccess: () => setHandOver(null), onError: fail },
                );
              }}
            >
              {t('groups.handOver')}
            </Button>
          </>
        }
      >
        <p>{t('groups.handOverBody', { name: handOver?.displayName ?? '' })}</p>
      </Dialog>
    </>
  );
}

export function RequestsList({ group }: { group: Group }) {
  const t = useT();
  const query = useGroupRequests(group.id, canModerate(group.viewer?.role ?? null));
  const decide = useDecideRequest(group.id);
  return (
    <DancerList
      query={query}
      label={t('groups.requestsOf', { name: group.name })}
      empty={<EmptyState title={t('groups.emptyRequests')} body={t('groups.emptyRequestsBody')} />}
      renderActions={(person) => {
        const answer = (approve: boolean) =>
          decide.mutate(
            { userId: person.id, approve },
            { onError: (err) => toast(errorMessage(t, err), 'error') },
          );
        return (
          <>
            <Button
              size="sm"
              variant="primary"
              aria-label={t('groups.approveOne', { name: person.displayName })}
              onClick={() => answer(true)}
            >
              {t('groups.approve')}
            </Button>
            <Button
              size="sm"
              aria-label={t('groups.declineOne', { name: person.displayName })}
              onClick={() => answer(false)}
            >
              {t('groups.decline')}
            </Button>
          </>
        );
      }}
    />
  );
}

export function BansList({ group }: { group: Group }) {
  const t = useT();
  const query = useGroupBans(group.id, canModerate(group.viewer?.role ?? null));
  const ban = useBan(group.id);
  return (
    <DancerList
      query={query}
      label={t('groups.bansOf', { name: group.name })}
      empty={<EmptyState title={t('groups.emptyBans')} />}
      renderActions={(person) => (
        <Button
          size="sm"
          aria-label={t('groups.unbanOne', { name: person.displayName })}
          onClick={() =>
            ban.mutate(
              { userId: person.id, ban: false },
              { onError: (err) => toast(errorMessage(t, err), 'error') },
            )
          }
        >
          {t('groups.unban')}
        </Button>
      )}
    />
  );
}
