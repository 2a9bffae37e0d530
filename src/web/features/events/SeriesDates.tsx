import { Link } from 'react-router';
import type { TangoEvent } from '../../../contract/events.ts';
import { currentLocale, useT } from '../../lib/i18n.ts';
import { formatDate } from './event-time.ts';
import { useSeriesDates } from './events.api.ts';

/**
 * The coming dates of a series, each a link to the same page at that date (the one shown marked):
 * how a dancer or an organiser switches dates. Nothing for a single date.
 */
export function SeriesDates({ event, heading = false }: { event: TangoEvent; heading?: boolean }) {
  const t = useT();
  const locale = currentLocale();
  const dates = useSeriesDates(event);
  if (!event.recurrence) return null;
  const shown = event.next?.date;
  return (
    <nav className="series" aria-label={t('events.seriesDates')}>
      {heading && <h2 className="event-section__title">{t('events.seriesDates')}</h2>}
      <ul className="series__list" aria-busy={dates.isPending || undefined}>
        {dates.isPending
          ? [0, 1, 2, 3].map((i) => (
              <li key={i} className="series__date series__date--skeleton" aria-hidden="true" />
            ))
          : (dates.data ?? []).map((o) => (
              <li key={o.date}>
                <Link
                  to={`?date=${o.date}`}
                  replace
                  preventScrollReset
                  className={`series__date${o.cancelled ? ' series__date--cancelled' : ''}`}
                  aria-current={o.date === shown ? 'date' : undefined}
                >
                  <time dateTime={o.date}>{formatDate(o.date, 'short', locale)}</time>
                  {o.cancelled && <span className="visually-hidden"> ({t('events.cancelled')})</span>}
                </Link>
              </li>
            ))}
      </ul>
    </nav>
  );
}
