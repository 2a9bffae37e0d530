import { useState } from 'react';
import { Link } from 'react-router';
import type { City } from '../../../contract/cities.ts';
import { useT } from '../../lib/i18n.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { daysAfter, upcomingFrom } from '../events/event-time.ts';
import { useRange } from '../events/events.api.ts';
import { DayGroups, OccurrenceSkeleton } from '../events/OccurrenceList.tsx';

/** How far ahead the tab looks; the calendar (/events?city=…) has the rest. */
const DAYS_AHEAD = 30;

/**
 * The city's dates of the next 30 days, in time order under their day (the venue's), as the calendar
 * lists them, and a way to the city's whole calendar; none: organise one.
 */
export function CityEvents({ city }: { city: City }) {
  const t = useT();
  // The window is fixed when the tab opens, so the query's key does not change under it.
  const [span] = useState(() => {
    const from = upcomingFrom();
    return { from, to: daysAfter(from, DAYS_AHEAD) };
  });
  const query = useRange({ city: city.slug, type: '' }, span.from, span.to);
  const vars = { city: city.name };
  const all = (
    <Link to={`/events?city=${encodeURIComponent(city.slug)}`} className="btn">
      {t('cities.allEvents', vars)}
    </Link>
  );

  if (query.isPending) {
    return (
      <div aria-busy="true">
        <p className="visually-hidden" role="status">
          {t('cities.loadingEvents')}
        </p>
        <OccurrenceSkeleton rows={3} />
      </div>
    );
  }
  if (query.isError && !query.data) {
    return (
      <div className="city-events__message">
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </div>
    );
  }
  const now = Date.now();
  const dates = query.data.filter((o) => Date.parse(o.endsAt) > now);
  if (dates.length === 0) {
    return (
      <EmptyState
        title={t('cities.emptyEvents', vars)}
        body={t('cities.emptyEventsBody', vars)}
        action={
          <div className="city-events__next">
            <Link to="/events/new" className="btn btn--primary">
              {t('cities.createEvent')}
            </Link>
            {all}
          </div>
        }
      />
    );
  }
  return (
    <>
      <DayGroups occurrences={dates} showCity={false} />
      <div className="city-events__all">{all}</div>
    </>
  );
}
