import { useDeferredValue, useState } from 'react';
import type { City } from '../../../contract/cities.ts';
import { CITY_MAX_LENGTH } from '../../../contract/rules.ts';
import { formatCount } from '../../lib/format.ts';
import { currentLocale, useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { DirectoryList, DirectoryRow } from '../../ui/DirectoryList.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { TextField } from '../../ui/Field.tsx';
import { PinIcon } from '../feed/feed-icons.tsx';
import { countryName } from '../profile/profile-format.ts';
import { useCities } from './cities.api.ts';
import '../feed/feed.css';
import './cities.css';

/** /cities: every city community in name order, searched by the first letters of its name. */
export function CitiesPage() {
  const t = useT();
  usePageTitle(t('cities.directoryTitle'));
  const [typed, setTyped] = useState('');
  const q = useDeferredValue(typed.trim());
  const query = useCities(q);
  return (
    <section className="feed-page cities" aria-labelledby="cities-title">
      <header className="feed-page__head">
        <h1 id="cities-title" className="feed-page__title">
          {t('cities.directoryTitle')}
        </h1>
        <p className="feed-page__intro">{t('cities.directoryIntro')}</p>
        <TextField
          label={t('cities.search')}
          type="search"
          autoComplete="off"
          maxLength={CITY_MAX_LENGTH}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          hint={t('cities.searchHint')}
        />
      </header>
      <DirectoryList
        query={query}
        label={t('cities.directoryTitle')}
        empty={
          <EmptyState title={q ? t('cities.noMatch', { q }) : t('cities.none')} body={t('cities.noneBody')} />
        }
        renderItem={(city) => <CityRow key={city.slug} city={city} />}
      />
    </section>
  );
}

function CityRow({ city }: { city: City }) {
  const t = useT();
  const place = city.country ? countryName(currentLocale(), city.country) : '';
  return (
    <DirectoryRow
      to={`/cities/${encodeURIComponent(city.slug)}`}
      icon={<PinIcon />}
      name={
        <>
          {city.name}
          {place && <span className="cities__country">, {place}</span>}
        </>
      }
      meta={
        <>
          {t('cities.residents', { count: city.residentCount, n: formatCount(city.residentCount) })}
          {' · '}
          {t('cities.visitors', { count: city.visitorCount, n: formatCount(city.visitorCount) })}
        </>
      }
    />
  );
}
