import { Link } from 'react-router';
import { useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { useSession } from '../../lib/use-session.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { CalendarFilters } from './CalendarFilters.tsx';
import { EVERYWHERE, filterOf, useCalendarCity, useCalendarParams } from './calendar-params.ts';
import { MonthView, UpcomingList, WeekView } from './CalendarViews.tsx';
import '../feed/feed.css';
import './events.css';

/**
 * /events: the dates coming up (by default in the dancer's own city), as a list grouped by day, a
 * month or a week (?view=month|week), filtered by city and type. Times are the venue's.
 */
export function EventsPage() {
  const t = useT();
  usePageTitle(t('events.title'));
  const signedIn = useSession().status === 'signedIn';
  const params = useCalendarParams();
  const city = useCalendarCity(params.city);
  const filter = filterOf(city.slug, params.type);
  const where = city.slug ? (city.name ?? city.slug) : null;

  const empty = city.unknown ? (
    <EmptyState
      title={t('events.unknownCity')}
      action={
        <Link to={params.hrefWith({ city: EVERYWHERE })} className="btn btn--md">
          {t('events.seeEverywhere')}
        </Link>
      }
    />
  ) : (
    <EmptyState
      title={where ? t('events.noneIn', { city: where }) : t('events.none')}
      body={t('events.noneBody')}
      action={
        <div className="calendar__next">
          <Link to="/events/new" className="btn btn--primary btn--md">
            {t('events.create')}
          </Link>
          {where && (
            <Link to={params.hrefWith({ city: EVERYWHERE })} className="btn btn--md">
              {t('events.seeEverywhere')}
            </Link>
          )}
        </div>
      }
    />
  );
  const ready = city.ready && !city.unknown;

  return (
    <section className="feed-page calendar" aria-labelledby="events-title">
      <header className="feed-page__head">
        <h1 id="events-title" className="feed-page__title">
          {t('events.title')}
        </h1>
        <p className="feed-page__intro">{t('events.intro')}</p>
        {signedIn && (
          <Link to="/events/new" className="btn btn--primary btn--md calendar__create">
            {t('events.create')}
          </Link>
        )}
      </header>
      <CalendarFilters params={params} city={city} />
      {city.unknown ? (
        empty
      ) : params.view === 'month' ? (
        <MonthView filter={filter} ready={ready} empty={empty} params={params} />
      ) : params.view === 'week' ? (
        <WeekView filter={filter} ready={ready} empty={empty} params={params} />
      ) : (
        <UpcomingList filter={filter} ready={ready} empty={empty} />
      )}
    </section>
  );
}
