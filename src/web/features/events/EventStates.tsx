import { Link } from 'react-router';
import { useT } from '../../lib/i18n.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';

// What an event's pages show when the event cannot be shown: gone (or never there), or not loaded.

/** No such event (or no such date of it), with the way on: its next date, or the calendar. */
export function EventNotFound({ id, date }: { id: string; date: string }) {
  const t = useT();
  return (
    <section className="page">
      <h1 className="page__title">{t(date ? 'events.dateNotFoundTitle' : 'events.notFoundTitle')}</h1>
      <EmptyState
        title={t('events.notFoundBody')}
        action={
          <Link to={date ? `/events/${encodeURIComponent(id)}` : '/events'} className="btn btn--md">
            {t(date ? 'events.nextDate' : 'events.backToEvents')}
          </Link>
        }
      />
    </section>
  );
}

/** The event could not be read (the network, the server): the error and a retry. */
export function EventLoadFailed({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const t = useT();
  return (
    <section className="page">
      <h1 className="page__title">{t('errors.title')}</h1>
      <ErrorState error={error} onRetry={onRetry} />
    </section>
  );
}
