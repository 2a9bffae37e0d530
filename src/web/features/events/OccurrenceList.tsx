import { Link } from 'react-router';
import type { Occurrence } from '../../../contract/events.ts';
import { formatCount } from '../../lib/format.ts';
import { currentLocale, useT } from '../../lib/i18n.ts';
import { browserTimeZone, formatDate, formatTimeAt, groupBy, zoneName } from './event-time.ts';
import './occurrences.css';

/** Where a date of an event opens: the event's page at that date. */
export const occurrenceHref = (o: Pick<Occurrence, 'eventId' | 'date'>) =>
  `/events/${encodeURIComponent(o.eventId)}?date=${o.date}`;

/**
 * One date of an event in a calendar: its start (and end) on the venue's clock, with the venue's zone
 * when it is not the reader's; the title, type, venue and city; who goes; cancelled if it is.
 */
export function OccurrenceRow({
  occurrence: o,
  showCity = true,
}: {
  occurrence: Occurrence;
  showCity?: boolean;
}) {
  const t = useT();
  const locale = currentLocale();
  const elsewhere = o.timeZone !== browserTimeZone();
  return (
    <li className={`occ${o.cancelled ? ' occ--cancelled' : ''}`}>
      <Link to={occurrenceHref(o)} className="occ__link">
        <span className="occ__time">
          <time dateTime={o.startsAt}>{formatTimeAt(o.startsAt, o.timeZone, locale)}</time>
          <span className="occ__end">– {formatTimeAt(o.endsAt, o.timeZone, locale)}</span>
          {/* The venue's clock, named where it is not the reader's. */}
          {elsewhere && <span className="occ__zone">{zoneName(o.startsAt, o.timeZone, locale)}</span>}
        </span>
        <span className="occ__main">
          <span className="occ__title">{o.title}</span>
          <span className="occ__meta">
            {t(`events.types.${o.type}`)} · {o.venue.name}
            {showCity && o.city ? ` · ${o.city.name}` : ''}
          </span>
          <span className="occ__meta">
            {o.cancelled ? (
              <span className="occ__cancelled">{t('events.cancelled')}</span>
            ) : (
              [
                o.going.total > 0 &&
                  t('events.going', { count: o.going.total, n: formatCount(o.going.total) }),
                o.waitlisted > 0 &&
                  t('events.waiting', { count: o.waitlisted, n: formatCount(o.waitlisted) }),
              ]
                .filter(Boolean)
                .join(' · ')
            )}
          </span>
        </span>
      </Link>
    </li>
  );
}

/** Dates grouped under their day (the venue's), each day a heading and a list. */
export function DayGroups({ occurrences, showCity }: { occurrences: Occurrence[]; showCity: boolean }) {
  const locale = currentLocale();
  return groupBy(occurrences, (o) => o.date).map(([day, list]) => (
    <section key={day} className="day" aria-labelledby={`day-${day}`}>
      <h2 id={`day-${day}`} className="day__title">
        {formatDate(day, 'heading', locale)}
      </h2>
      <ul className="occ-list">
        {list.map((o) => (
          <OccurrenceRow key={`${o.eventId}:${o.date}`} occurrence={o} showCity={showCity} />
        ))}
      </ul>
    </section>
  ));
}

/** Rows of their final height while dates load. */
export function OccurrenceSkeleton({ rows = 4 }: { rows?: number }) {
  return (
    <div className="day" aria-hidden="true">
      <span className="day__title day__title--skeleton" />
      <ul className="occ-list">
        {Array.from({ length: rows }, (_, i) => (
          <li key={i} className="occ occ--skeleton" />
        ))}
      </ul>
    </div>
  );
}
