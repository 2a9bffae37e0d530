import { useParams } from 'react-router';
import { ApiError } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { MemoryCardSkeleton } from '../feed/MemoryFeed.tsx';
import { TabsSkeleton } from '../../ui/Tabs.tsx';
import { useGroup } from './groups.api.ts';
import { GroupHeader } from './GroupHeader.tsx';
import { GroupSections } from './GroupSections.tsx';
import './groups.css';

/** /groups/:id — a group: who it is for, its members, its memories; how the viewer belongs to it. */
export function GroupPage() {
  const t = useT();
  const id = useParams().id ?? '';
  const group = useGroup(id);
  usePageTitle(group.data?.name);

  if (group.isPending) return <GroupSkeleton />;
  if (group.error instanceof ApiError && group.error.status === 404) {
    return (
      <section className="page">
        <h1 className="page__title">{t('groups.notFoundTitle')}</h1>
        <EmptyState title={t('groups.notFoundBody')} />
      </section>
    );
  }
  if (!group.data) {
    return (
      <section className="page">
        <h1 className="page__title">{t('errors.title')}</h1>
        <ErrorState error={group.error} onRetry={() => void group.refetch()} />
      </section>
    );
  }
  return (
    <section className="group" aria-labelledby="group-title">
      <GroupHeader group={group.data} />
      <GroupSections key={group.data.id} group={group.data} />
    </section>
  );
}

/** The page's shape while the group loads: the header's lines, the tabs, three cards. */
function GroupSkeleton() {
  const t = useT();
  return (
    <section className="group" aria-busy="true">
      <p className="visually-hidden" role="status">
        {t('groups.loading')}
      </p>
      <div className="group-head" aria-hidden="true">
        <span className="group-skeleton group-skeleton--name" />
        <span className="group-skeleton group-skeleton--meta" />
        <span className="group-skeleton group-skeleton--button" />
      </div>
      <TabsSkeleton labels={[t('groups.tabMemories'), t('groups.tabMembers')]} />
      {[0, 1, 2].map((i) => (
        <MemoryCardSkeleton key={i} />
      ))}
    </section>
  );
}
