import { Link } from 'react-router';
import { useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { useCityFeed } from '../feed/feed.api.ts';
import { PinIcon } from '../feed/feed-icons.tsx';
import { MemoryFeed } from '../feed/MemoryFeed.tsx';
import { CitySkeleton } from './CitySkeleton.tsx';

/**
 * No city of dancers by this name. A memory may still name it as where it was shared (memories link to
 * their city by name): then the page shows those memories, and says nobody here lives there yet;
 * otherwise it is a plain "city not found", with a way on.
 */
export function CityNotFound({ name }: { name: string }) {
  const t = useT();
  const memories = useCityFeed(name);
  const shared = memories.data?.pages.some((p) => p.data.length > 0) === true;
  usePageTitle(memories.isPending ? undefined : shared ? name : t('cities.notFoundTitle'));

  if (memories.isPending) return <CitySkeleton />;
  if (shared) {
    return (
      <section className="city" aria-labelledby="city-title">
        <header className="city-head">
          <h1 id="city-title" className="city-head__name">
            <PinIcon />
            <span>{name}</span>
          </h1>
          <p className="city-head__note">{t('cities.noCommunity', { city: name })}</p>
        </header>
        <MemoryFeed query={memories} label={t('cities.memoriesOf', { city: name })} empty={null} />
      </section>
    );
  }
  return (
    <section className="page">
      <h1 className="page__title">{t('cities.notFoundTitle')}</h1>
      <p>{t('cities.notFoundBody', { city: name })}</p>
      <Link to="/explore" className="btn btn--primary city-start">
        {t('cities.explore')}
      </Link>
    </section>
  );
}
