import { Link } from 'react-router';
import type { Group } from '../../../contract/groups.ts';
import { formatCount } from '../../lib/format.ts';
import { useT } from '../../lib/i18n.ts';
import { VisibilityIcon } from '../feed/feed-icons.tsx';

/** A group in a list: its name, whether it is private, its city and how many members it has. */
export function GroupRow({ group }: { group: Group }) {
  const t = useT();
  return (
    <li className="groups__row">
      <Link to={`/groups/${encodeURIComponent(group.id)}`} className="groups__link">
        <VisibilityIcon visibility="group" />
        <span className="groups__name">
          {group.name}
          {group.visibility === 'private' && (
            <span className="groups__private">
              <VisibilityIcon visibility="private" />
              {t('groups.private')}
            </span>
          )}
        </span>
        <span className="groups__meta">
          {t('groups.members', { count: group.memberCount, n: formatCount(group.memberCount) })}
          {group.city && ` · ${group.city.name}`}
        </span>
      </Link>
    </li>
  );
}

/** A row's shape while the list loads. */
export const GroupRowSkeleton = () => <li className="groups__row groups__row--skeleton" aria-hidden="true" />;
