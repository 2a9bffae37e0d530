import { useEffect } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import type { City } from '../../../contract/cities.ts';
import { ApiError } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { useCity } from './cities.api.ts';
import { CityHeader } from './CityHeader.tsx';
import { CityNotFound } from './CityNotFound.tsx';
import { CitySections } from './CitySections.tsx';
import { CitySkeleton } from './CitySkeleton.tsx';
import './cities.css';

/**
 * /cities/:city — a city's community: who lives there, who follows it from elsewhere, and the memories
 * shared there. The address may name the city ("Buenos Aires", as profiles and memories link to it);
 * once found, the page moves to its canonical one, the slug.
 */
export function CityPage() {
  const t = useT();
  const param = useParams().city ?? '';
  const { search } = useLocation();
  const navigate = useNavigate();
  const city = useCity(param);
  const data = city.data;
  // The not-found page names itself (it may still show memories shared under that name).
  usePageTitle(data?.name);

  useEffect(() => {
    if (data && data.slug !== param) {
      void navigate(`/cities/${encodeURIComponent(data.slug)}${search}`, { replace: true });
    }
  }, [data, param, search, navigate]);

  if (city.isPending) return <CitySkeleton />;
  if (city.error instanceof ApiError && city.error.status === 404) return <CityNotFound name={param} />;
  if (!data) {
    return (
      <section className="page">
        <h1 className="page__title">{t('errors.title')}</h1>
        <ErrorState error={city.error} onRetry={() => void city.refetch()} />
      </section>
    );
  }
  return <CityCommunity key={data.slug} city={data} />;
}

function CityCommunity({ city }: { city: City }) {
  return (
    <section className="city" aria-labelledby="city-title">
      <CityHeader city={city} />
      <CitySections city={city} />
    </section>
  );
}
