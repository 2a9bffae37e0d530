import { useParams } from 'react-router';
import { useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { useCityFeed } from './feed.api.ts';
import { PinIcon } from './feed-icons.tsx';
import { MemoryFeed } from './MemoryFeed.tsx';
import './feed.css';

/** /cities/:city: the public memories shared in a city (matched ignoring case). */
export function CityPage() {
  const t = useT();
  const city = useParams().city ?? '';
  usePageTitle(city);
  const query = useCityFeed(city);
  return (
    <section className="feed-page" aria-labelledby="city-title">
      <header className="feed-page__head">
        <h1 id="city-title" className="feed-page__title feed-page__title--icon">
          <PinIcon />
          {city}
        </h1>
        <p className="feed-page__intro">{t('feed.cityIntro', { city })}</p>
      </header>
      <MemoryFeed
        key={city}
        query={query}
        empty={
          <EmptyState title={t('feed.emptyCity.title', { city })} body={t('feed.emptyCity.body', { city })} />
        }
      />
    </section>
  );
}
