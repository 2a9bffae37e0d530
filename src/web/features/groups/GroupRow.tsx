import type { Group } from '../../../contract/groups.ts';
import { formatCount } from '../../lib/format.ts';
import { useT } from '../../lib/i18n.ts';
import { DirectoryRow } from '../../ui/DirectoryList.tsx';
import { VisibilityIcon } from '../feed/feed-icons.tsx';

/**
 * A group in a directory: its name, whether it is private, how many members it has and its city
 * (left out where the list is the city's own).
 */
export function GroupRow({ group, showCity = true }: { group: Group; showCity?: boolean }) {
  const t = useT();
  return (
    <DirectoryRow
      to={`/groups/${encodeURIComponent(group.id)}`}
      icon={<VisibilityIcon visibility="group" />}
      name={
        <>
          {group.name}
          {group.visibility === 'private' && (
            <span className="directory__tag">
              <VisibilityIcon visibility="private" />
              {t('groups.private')}
            </span>
          )}
        </>
      }
      meta={
        <>
          {t('groups.members', { count: group.memberCount, n: formatCount(group.memberCount) })}
          {showCity && group.city && ` · ${group.city.name}`}
        </>
      }
    />
  );
}
