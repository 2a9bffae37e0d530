import { useRef, useState, type KeyboardEvent } from 'react';
import { useSearchParams } from 'react-router';
import type { City } from '../../../contract/cities.ts';
import { useT, type MessageKey } from '../../lib/i18n.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { useCityFeed } from '../feed/feed.api.ts';
import { MemoryFeed } from '../feed/MemoryFeed.tsx';
import { DancerList } from '../profile/DancerList.tsx';
import { useCityMembers, type CityMembers } from './cities.api.ts';

// The city's memories, residents and visitors as tabs (a phone shows one list at a time), the open one
// in the address (?tab=residents) so a reload or a shared link opens it. A tab's list is asked for
// when the tab is first opened, and stays mounted (hidden) after, as the dancer left it.

const TABS = ['memories', 'residents', 'visitors'] as const;
type Tab = (typeof TABS)[number];
const isTab = (value: string | null): value is Tab => (TABS as readonly (string | null)[]).includes(value);

const LABEL: Record<Tab, MessageKey> = {
  memories: 'cities.tabMemories',
  residents: 'cities.tabResidents',
  visitors: 'cities.tabVisitors',
};

const NEXT_BY_KEY: Record<string, (i: number) => number> = {
  ArrowRight: (i) => (i + 1) % TABS.length,
  ArrowLeft: (i) => (i + TABS.length - 1) % TABS.length,
  Home: () => 0,
  End: () => TABS.length - 1,
};

export function CitySections({ city }: { city: City }) {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab: Tab = isTab(asked) ? asked : 'memories';
  const [opened, setOpened] = useState<ReadonlySet<Tab>>(() => new Set([tab]));
  const buttons = useRef(new Map<Tab, HTMLButtonElement>());

  const select = (next: Tab) => {
    setOpened((seen) => (seen.has(next) ? seen : new Set([...seen, next])));
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        if (next === 'memories') updated.delete('tab');
        else updated.set('tab', next);
        return updated;
      },
      { replace: true, preventScrollReset: true },
    );
  };
  // Arrows, Home and End move along the tabs and open the one they reach (the tablist pattern).
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const move = NEXT_BY_KEY[e.key];
    if (!move) return;
    e.preventDefault();
    const next = TABS[move(TABS.indexOf(tab))] ?? tab;
    select(next);
    buttons.current.get(next)?.focus();
  };

  return (
    <>
      <div
        className="city-tabs"
        role="tablist"
        aria-label={t('cities.sections', { city: city.name })}
        onKeyDown={onKeyDown}
      >
        {TABS.map((id) => (
          <button
            key={id}
            ref={(node) => {
              if (node) buttons.current.set(id, node);
              else buttons.current.delete(id);
            }}
            type="button"
            role="tab"
            id={`city-tab-${id}`}
            aria-controls={`city-panel-${id}`}
            aria-selected={id === tab}
            tabIndex={id === tab ? 0 : -1}
            className="city-tabs__tab"
            onClick={() => select(id)}
          >
            {t(LABEL[id])}
          </button>
        ))}
      </div>
      {TABS.map((id) => (
        <div
          key={id}
          role="tabpanel"
          id={`city-panel-${id}`}
          aria-labelledby={`city-tab-${id}`}
          hidden={id !== tab}
          className={id === 'memories' ? 'city-panel' : 'city-panel city-panel--people'}
        >
          {(id === tab || opened.has(id)) &&
            (id === 'memories' ? <CityMemories city={city} /> : <CityPeopleList city={city} kind={id} />)}
        </div>
      ))}
    </>
  );
}

/** The tabs' shape while the city loads (the labels do not depend on it). */
export function SectionsSkeleton() {
  const t = useT();
  return (
    <div className="city-tabs" aria-hidden="true">
      {TABS.map((id) => (
        <span key={id} className={`city-tabs__tab${id === 'memories' ? ' city-tabs__tab--selected' : ''}`}>
          {t(LABEL[id])}
        </span>
      ))}
    </div>
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
