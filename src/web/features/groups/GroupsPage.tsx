import { useDeferredValue, useState } from 'react';
import { Link } from 'react-router';
import { GROUP_NAME_MAX_LENGTH } from '../../../contract/rules.ts';
import { useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { useSession } from '../../lib/use-session.ts';
import { DirectoryList } from '../../ui/DirectoryList.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { TextField } from '../../ui/Field.tsx';
import { UrlTabs } from '../../ui/Tabs.tsx';
import { useGroups, useMyGroups } from './groups.api.ts';
import { GroupRow } from './GroupRow.tsx';
import '../feed/feed.css';
import './groups.css';

/**
 * /groups: every group in name order, searched by the first letters of a name, and (signed in, in a
 * second tab: ?tab=mine) the viewer's own.
 */
export function GroupsPage() {
  const t = useT();
  usePageTitle(t('groups.directoryTitle'));
  const signedIn = useSession().status === 'signedIn';
  return (
    <section className="feed-page groups" aria-labelledby="groups-title">
      <header className="feed-page__head">
        <h1 id="groups-title" className="feed-page__title">
          {t('groups.directoryTitle')}
        </h1>
        <p className="feed-page__intro">{t('groups.directoryIntro')}</p>
        {signedIn && (
          <Link to="/groups/new" className="btn btn--primary btn--md groups__start">
            {t('groups.start')}
          </Link>
        )}
      </header>
      {signedIn ? (
        <UrlTabs
          idPrefix="groups"
          label={t('groups.directoryTitle')}
          tabs={[
            { id: 'all', label: t('groups.all'), render: () => <AllGroups /> },
            { id: 'mine', label: t('groups.mine'), render: () => <MyGroups /> },
          ]}
        />
      ) : (
        <AllGroups />
      )}
    </section>
  );
}

function AllGroups() {
  const t = useT();
  const [typed, setTyped] = useState('');
  const q = useDeferredValue(typed.trim());
  const query = useGroups(q, '');
  return (
    <div className="groups__panel">
      <TextField
        label={t('groups.search')}
        type="search"
        autoComplete="off"
        maxLength={GROUP_NAME_MAX_LENGTH}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        hint={t('groups.searchHint')}
      />
      <DirectoryList
        query={query}
        label={t('groups.all')}
        empty={
          <EmptyState title={q ? t('groups.noMatch', { q }) : t('groups.none')} body={t('groups.noneBody')} />
        }
        renderItem={(group) => <GroupRow key={group.id} group={group} />}
      />
    </div>
  );
}

function MyGroups() {
  const t = useT();
  const query = useMyGroups(true);
  return (
    <div className="groups__panel">
      <DirectoryList
        query={query}
        label={t('groups.mine')}
        empty={<EmptyState title={t('groups.noneMine')} body={t('groups.noneMineBody')} />}
        renderItem={(group) => <GroupRow key={group.id} group={group} />}
      />
    </div>
  );
}
