import { useT } from '../../lib/i18n.ts';
import { MemoryCardSkeleton } from '../feed/MemoryFeed.tsx';
import { SectionsSkeleton } from './CitySections.tsx';
import './cities.css';

/** The page's shape while the city loads: the header's lines and its action row, the tabs, three cards. */
export function CitySkeleton() {
  const t = useT();
  return (
    <section className="city" aria-busy="true">
      <p className="visually-hidden" role="status">
        {t('cities.loading')}
      </p>
      <div className="city-head" aria-hidden="true">
        <div className="city-head__name">
          <span className="city-skeleton city-skeleton--name" />
        </div>
        <div className="city-head__place">
          <span className="city-skeleton city-skeleton--place" />
        </div>
        <div className="city-head__counts">
          <span className="city-skeleton city-skeleton--counts" />
        </div>
        <div className="city-head__actions">
          <span className="city-skeleton city-skeleton--button" />
        </div>
      </div>
      <SectionsSkeleton />
      {[0, 1, 2].map((i) => (
        <MemoryCardSkeleton key={i} />
      ))}
    </section>
  );
}
