import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { TangoEvent } from '../../../contract/events.ts';
import { ApiError } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { Skeleton } from '../../ui/Skeleton.tsx';
import { useEvent } from './events.api.ts';
import { EventLoadFailed, EventNotFound } from './EventStates.tsx';

interface ManagedEventProps {
  id: string;
  /** A date of the series ('' for the next one). */
  date: string;
  /** The page's heading while the event loads or when it cannot be managed. */
  title: string;
  /** Lines of the loading skeleton, the page's own shape. */
  lines: number;
  className?: string;
  children: (event: TangoEvent) => ReactNode;
}

/**
 * An organiser's page of an event (edit, registrations): its loading, not-found, failed and
 * not-an-organiser states, then the page itself for an event the viewer manages.
 */
export function ManagedEvent({ id, date, title, lines, className, children }: ManagedEventProps) {
  const t = useT();
  const event = useEvent(id, date);
  const page = className ? `page ${className}` : 'page';
  if (event.isPending) {
    return (
      <section className={page} aria-busy="true">
        <h1 className="page__title">{title}</h1>
        <Skeleton lines={lines} className="skeleton--page" />
      </section>
    );
  }
  if (event.error instanceof ApiError && event.error.status === 404) {
    return <EventNotFound id={id} date={date} />;
  }
  if (!event.data) return <EventLoadFailed error={event.error} onRetry={() => void event.refetch()} />;
  if (!event.data.canManage) {
    return (
      <section className="page">
        <h1 className="page__title">{title}</h1>
        <EmptyState
          title={t('events.notOrganiser')}
          action={
            <Link to={`/events/${encodeURIComponent(id)}`} className="btn btn--md">
              {t('events.backToEvent')}
            </Link>
          }
        />
      </section>
    );
  }
  return <>{children(event.data)}</>;
}
