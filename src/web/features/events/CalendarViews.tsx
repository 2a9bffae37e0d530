import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { Occurrence } from '../../../contract/events.ts';
import { errorMessage, currentLocale, useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import type { useCalendarParams } from './calendar-params.ts';
import {
  addDays,
  addMonths,
  formatDate,
  groupBy,
  monthGrid,
  startOfWeek,
  today,
  upcomingFrom,
  weekDays,
  windowFor,
} from './event-time.ts';
import { useRange, useUpcoming, type CalendarFilter } from './events.api.ts';
import { DayGroups, OccurrenceRow, OccurrenceSkeleton } from './OccurrenceList.tsx';

type Params = ReturnType<typeof useCalendarParams>;

interface ViewProps {
  filter: CalendarFilter;
  /** False while the dancer's city is still being found. */
  ready: boolean;
  /** What an empty calendar shows: the next step. */
  empty: ReactNode;
}

/**
 * The upcoming dates, grouped by day, read a page at a time: the next page loads as the end comes near
 * (and from "Load more"). Dates already over are left out.
 */
export function UpcomingList({ filter, ready, empty }: ViewProps) {
  const t = useT();
  const [from] = useState(() => upcomingFrom());
  const query = useUpcoming(filter, from, ready);
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = query;
  const canLoad = hasNextPage && !isFetchingNextPage && !isFetchNextPageError;

  useEffect(() => {
    const node = sentinel.current;
    if (!node || !canLoad || typeof IntersectionObserver !== 'function') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) void fetchNextPage();
      },
      { rootMargin: '600px 0px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [canLoad, fetchNextPage]);

  if (!ready || query.isPending) return <CalendarLoading />;
  if (query.isError && !query.data) {
    return (
      <div className="calendar__message">
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </div>
    );
  }
  const now = Date.now();
  const dates = query.data.pages.flatMap((p) => p.data).filter((o) => Date.parse(o.endsAt) > now);
  if (dates.length === 0 && !hasNextPage) return <>{empty}</>;
  return (
    <div className="calendar__list">
      <DayGroups occurrences={dates} showCity={!filter.city} />
      {isFetchingNextPage && <OccurrenceSkeleton rows={2} />}
      <div ref={sentinel} className="calendar__end">
        {isFetchNextPageError ? (
          <div role="alert" className="calendar__failed">
            <p>{errorMessage(t, query.error)}</p>
            <Button onClick={() => void fetchNextPage()}>{t('app.retry')}</Button>
          </div>
        ) : hasNextPage ? (
          <Button busy={isFetchingNextPage} onClick={() => void fetchNextPage()}>
            {t('app.loadMore')}
          </Button>
        ) : (
          <p className="calendar__done">{t('events.listEnd')}</p>
        )}
      </div>
    </div>
  );
}

function CalendarLoading() {
  const t = useT();
  return (
    <div className="calendar__list" aria-busy="true">
      <p className="visually-hidden" role="status">
        {t('events.loading')}
      </p>
      <OccurrenceSkeleton />
      <OccurrenceSkeleton rows={2} />
    </div>
  );
}

/** Previous, the period's name, next: links, so back and forward walk the calendar too. */
function PeriodNav({
  title,
  prev,
  next,
  prevLabel,
  nextLabel,
}: {
  title: string;
  prev: string;
  next: string;
  prevLabel: string;
  nextLabel: string;
}) {
  return (
    <div className="period">
      <Link to={prev} className="btn btn--ghost btn--sm period__step" aria-label={prevLabel} replace>
        <span aria-hidden="true">‹</span>
      </Link>
      <h2 className="period__title" aria-live="polite">
        {title}
      </h2>
      <Link to={next} className="btn btn--ghost btn--sm period__step" aria-label={nextLabel} replace>
        <span aria-hidden="true">›</span>
      </Link>
    </div>
  );
}

/**
 * A month as a grid of days (Monday first): each day says how many dates it has; choosing one lists
 * them under the grid. Days are the venues' days.
 */
export function MonthView({ filter, ready, empty, params }: ViewProps & { params: Params }) {
  const t = useT();
  const locale = currentLocale();
  const now = today();
  const month = params.month ?? now.slice(0, 7);
  const grid = monthGrid(month);
  const first = grid[0] ?? `${month}-01`;
  const last = grid.at(-1) ?? first;
  const { from, to } = windowFor(first, last);
  const query = useRange(filter, from, to, ready);
  const byDay = new Map(groupBy(query.data ?? [], (o) => o.date));
  const inMonth = (day: string) => day.startsWith(month);
  const selected =
    params.day && inMonth(params.day)
      ? params.day
      : inMonth(now)
        ? now
        : (grid.find((d) => inMonth(d) && byDay.has(d)) ?? `${month}-01`);
  const loading = !ready || query.isPending;
  const weekdays = weekDays(first).map((d) => ({
    short: formatDate(d, 'weekday', locale),
  }));

  return (
    <div className="month">
      <PeriodNav
        title={formatDate(`${month}-01`, 'month', locale)}
        prev={params.hrefWith({ month: addMonths(month, -1), day: null })}
        next={params.hrefWith({ month: addMonths(month, 1), day: null })}
        prevLabel={t('events.prevMonth')}
        nextLabel={t('events.nextMonth')}
      />
      <div className="month__grid" role="group" aria-label={formatDate(`${month}-01`, 'month', locale)}>
        {weekdays.map((w) => (
          <span key={w.short} className="month__weekday" aria-hidden="true">
            {w.short}
          </span>
        ))}
        {grid.map((day) => {
          const count = byDay.get(day)?.length ?? 0;
          const label = `${formatDate(day, 'heading', locale)}: ${t('events.dayCount', { count })}`;
          return (
            <button
              key={day}
              type="button"
              className={[
                'month__day',
                inMonth(day) ? '' : 'month__day--outside',
                day === now ? 'month__day--today' : '',
              ].join(' ')}
              aria-pressed={day === selected}
              aria-label={label}
              aria-current={day === now ? 'date' : undefined}
              onClick={() => params.change({ month, day })}
            >
              <span className="month__num">{Number(day.slice(8))}</span>
              <span className="month__dots" aria-hidden="true">
                {Array.from({ length: Math.min(count, 3) }, (_, i) => (
                  <span key={i} className="month__dot" />
                ))}
              </span>
            </button>
          );
        })}
      </div>
      {!loading && query.data?.length === 0 ? (
        empty
      ) : (
        <DayPanel
          day={selected}
          list={byDay.get(selected) ?? []}
          loading={loading}
          error={query.isError && !query.data ? query.error : null}
          onRetry={() => void query.refetch()}
          showCity={!filter.city}
        />
      )}
    </div>
  );
}

/** A day's dates under its heading, or that it has none. */
function DayPanel({
  day,
  list,
  loading,
  error,
  onRetry,
  showCity,
}: {
  day: string;
  list: Occurrence[];
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  showCity: boolean;
}) {
  const t = useT();
  const locale = currentLocale();
  return (
    <section className="day" aria-labelledby={`day-${day}`} aria-busy={loading || undefined}>
      <h3 id={`day-${day}`} className="day__title">
        {formatDate(day, 'heading', locale)}
      </h3>
      {error ? (
        <div className="calendar__message">
          <ErrorState error={error} onRetry={onRetry} />
        </div>
      ) : loading ? (
        <ul className="occ-list" aria-hidden="true">
          <li className="occ occ--skeleton" />
        </ul>
      ) : list.length === 0 ? (
        <p className="day__none">{t('events.noneThisDay')}</p>
      ) : (
        <ul className="occ-list">
          {list.map((o) => (
            <OccurrenceRow key={`${o.eventId}:${o.date}`} occurrence={o} showCity={showCity} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** A week, Monday to Sunday, each day with its dates (or none). */
export function WeekView({ filter, ready, empty, params }: ViewProps & { params: Params }) {
  const t = useT();
  const locale = currentLocale();
  const monday = startOfWeek(params.week ?? today());
  const days = weekDays(monday);
  const sunday = days[6] ?? monday;
  const { from, to } = windowFor(monday, sunday);
  const query = useRange(filter, from, to, ready);
  const byDay = new Map(groupBy(query.data ?? [], (o) => o.date));
  const loading = !ready || query.isPending;
  return (
    <div className="week">
      <PeriodNav
        title={t('events.weekOf', {
          from: formatDate(monday, 'short', locale),
          to: formatDate(sunday, 'short', locale),
        })}
        prev={params.hrefWith({ week: addDays(monday, -7) })}
        next={params.hrefWith({ week: addDays(monday, 7) })}
        prevLabel={t('events.prevWeek')}
        nextLabel={t('events.nextWeek')}
      />
      {query.isError && !query.data ? (
        <div className="calendar__message">
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        </div>
      ) : !loading && query.data?.length === 0 ? (
        empty
      ) : (
        days.map((day) => (
          <DayPanel
            key={day}
            day={day}
            list={byDay.get(day) ?? []}
            loading={loading}
            error={null}
            onRetry={() => void query.refetch()}
            showCity={!filter.city}
          />
        ))
      )}
    </div>
  );
}
