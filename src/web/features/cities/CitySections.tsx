import { Link } from 'react-router';
import type { City } from '../../../contract/cities.ts';
import { useT, type MessageKey } from '../../lib/i18n.ts';
import { DirectoryList } from '../../ui/DirectoryList.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { TabsSkeleton, UrlTabs } from '../../ui/Tabs.tsx';
import { useCityFeed } from '../feed/feed.api.ts';
import { MemoryFeed } from '../feed/MemoryFeed.tsx';
import { useGroups } from '../groups/groups.api.ts';
import { GroupRow } from '../groups/GroupRow.tsx';
import { DancerList } from '../profile/DancerList.tsx';
import { useCityMembers, type CityMembers } from './cities.api.ts';
import { CityEvents } from './CityEvents.tsx';

// The city's memories, coming events, residents, visitors and groups as tabs (ui/Tabs.tsx: ?tab=events
// opens one).

const LABEL: Record<'memories' | 'events' | CityMembers | 'groups', MessageKey> = {
  memories: 'cities.tabMemories',
  events: 'cities.tabEvents',
  residents: 'cities.tabResidents',
  visitors: 'cities.tabVisitors',
  groups: 'cities.tabGroups',
};

export function CitySections({ city }: { city: City }) {
  const t = useT();
  return (
    <UrlTabs
      idPrefix="city"
      label={t('cities.sections', { city: city.name })}
      tabs={[
        { id: 'memories', label: t(LABEL.memories), render: () => <CityMemories city={city} /> },
        { id: 'events', label: t(LABEL.events), render: () => <CityEvents city={city} /> },
        ...(['residents', 'visitors'] as const).map((kind) => ({
          id: kind,
          label: t(LABEL[kind]),
          panelClass: 'city-panel--people',
          render: () => <CityPeopleList city={city} kind={kind} />,
        })),
        { id: 'groups', label: t(LABEL.groups), render: () => <CityGroups city={city} /> },
      ]}
    />
  );
}

/** The tabs' shape while the city loads (the labels do not depend on it). */
export function SectionsSkeleton() {
  const t = useT();
  return (
    <TabsSkeleton
      labels={[t(LABEL.memories), t(LABEL.events), t(LABEL.residents), t(LABEL.visitors), t(LABEL.groups)]}
    />
  );
}

function CityMemories({ city }: { city: City }) {
  const t = useT();
  // The memories list takes the city's name (as written on memories), not its slug.
  const query = useCityFeed(city.name);
  return (
    <MemoryFeed
      query={query}
      label={t('cities.memoriesOf', { city: city.name })}
      empty={
        <EmptyState
          title={t('cities.emptyMemories', { city: city.name })}
          body={t('cities.emptyMemoriesBody', { city: city.name })}
        />
      }
    />
  );
}

const PEOPLE_TEXT: Record<CityMembers, { label: MessageKey; empty: MessageKey; body: MessageKey }> = {
  residents: {
    label: 'cities.residentsOf',
    empty: 'cities.emptyResidents',
    body: 'cities.emptyResidentsBody',
  },
  visitors: { label: 'cities.visitorsOf', empty: 'cities.emptyVisitors', body: 'cities.emptyVisitorsBody' },
};

function CityPeopleList({ city, kind }: { city: City; kind: CityMembers }) {
  const t = useT();
  const query = useCityMembers(city.slug, kind);
  const text = PEOPLE_TEXT[kind];
  const vars = { city: city.name };
  return (
    <DancerList
      query={query}
      label={t(text.label, vars)}
      empty={<EmptyState title={t(text.empty, vars)} body={t(text.body, vars)} />}
    />
  );
}

/** The groups that name the city as theirs; none yet: start one, with the city filled in. */
function CityGroups({ city }: { city: City }) {
  const t = useT();
  const query = useGroups('', city.slug);
  return (
    <DirectoryList
      query={query}
      label={t('cities.groupsOf', { city: city.name })}
      empty={
        <EmptyState
          title={t('cities.emptyGroups', { city: city.name })}
          body={t('cities.emptyGroupsBody', { city: city.name })}
          action={
            <Link to={`/groups/new?city=${encodeURIComponent(city.name)}`} className="btn btn--primary">
              {t('cities.startGroup')}
            </Link>
          }
        />
      }
      renderItem={(group) => <GroupRow key={group.id} group={group} showCity={false} />}
    />
  );
}
