import type { Group } from '../../../contract/groups.ts';
import { useT } from '../../lib/i18n.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { UrlTabs, type TabSpec } from '../../ui/Tabs.tsx';
import { Composer } from '../feed/Composer.tsx';
import { useGroupFeed } from '../feed/feed.api.ts';
import { MemoryFeed } from '../feed/MemoryFeed.tsx';
import { canModerate } from './group-roles.ts';
import { BansList, MembersList, RequestsList } from './GroupPeople.tsx';

type Tab = 'memories' | 'members' | 'requests' | 'bans';

/**
 * The group's memories and members as tabs (ui/Tabs.tsx: ?tab=members opens one), with its join
 * requests and bans for those who moderate it. A private group shows them to its members only.
 */
export function GroupSections({ group }: { group: Group }) {
  const t = useT();
  const member = group.viewer?.membership === 'member';
  if (group.visibility === 'private' && !member) {
    return (
      <EmptyState
        title={t('groups.privateTitle')}
        body={t(group.viewer?.membership === 'pending' ? 'groups.privatePending' : 'groups.privateBody')}
      />
    );
  }
  const role = group.viewer?.role ?? null;
  const tabs: TabSpec<Tab>[] = [
    { id: 'memories', label: t('groups.tabMemories'), render: () => <GroupMemories group={group} /> },
    {
      id: 'members',
      label: t('groups.tabMembers'),
      panelClass: 'group-panel--people',
      render: () => <MembersList group={group} />,
    },
  ];
  if (canModerate(role)) {
    if (group.visibility === 'private') {
      tabs.push({
        id: 'requests',
        label: t('groups.tabRequests'),
        panelClass: 'group-panel--people',
        render: () => <RequestsList group={group} />,
      });
    }
    tabs.push({
      id: 'bans',
      label: t('groups.tabBans'),
      panelClass: 'group-panel--people',
      render: () => <BansList group={group} />,
    });
  }
  return <UrlTabs idPrefix="group" label={t('groups.sections', { name: group.name })} tabs={tabs} />;
}

function GroupMemories({ group }: { group: Group }) {
  const t = useT();
  const query = useGroupFeed(group.id);
  const member = group.viewer?.membership === 'member';
  return (
    <>
      {member && <Composer group={{ id: group.id, name: group.name }} />}
      <MemoryFeed
        query={query}
        label={t('groups.memoriesOf', { name: group.name })}
        empty={
          <EmptyState
            title={t('groups.emptyMemories')}
            body={t(member ? 'groups.emptyMemoriesMember' : 'groups.emptyMemoriesBody')}
          />
        }
      />
    </>
  );
}
