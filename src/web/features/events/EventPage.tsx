import { useParams, useSearchParams } from 'react-router';
import type { Notification } from '../../../contract/social.ts';
import { ApiError } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { toast } from '../../ui/toast.tsx';
import { AddToCalendar, AttendeesPanel, EventFacts, EventPeople } from './EventDetails.tsx';
import { EventHeader } from './EventHeader.tsx';
import { EventLoadFailed, EventNotFound } from './EventStates.tsx';
import { useEvent, useEventPushes } from './events.api.ts';
import { RsvpPanel } from './RsvpPanel.tsx';
import { SeriesDates } from './SeriesDates.tsx';
import './events.css';

/** The notifications about an event that the page says as they arrive (it reads itself again for all). */
const SAID = new Set<Notification['type']>([
  'event_promoted',
  'event_partner',
  'event_changed',
  'event_cancelled',
]);

/**
 * /events/:id?date= — an event at one of its dates (the next one unless asked): when and where on the
 * venue's clock, the viewer's answer, who comes, what it is, who makes it; its organisers' tools. It
 * follows the notifications about it, so a freed place or a partner's invitation shows at once.
 */
export function EventPage() {
  const t = useT();
  const id = useParams().id ?? '';
  const [params] = useSearchParams();
  const date = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? (params.get('date') as string) : '';
  const event = useEvent(id, date);
  usePageTitle(event.data?.title);
  useEventPushes(id, (n) => {
    if (SAID.has(n.type) && (!n.event?.date || n.event.date === event.data?.next?.date)) {
      toast(t(`events.live.${n.type as 'event_promoted'}`));
    }
  });

  if (event.isPending) return <EventSkeleton />;
  if (event.error instanceof ApiError && event.error.status === 404) {
    return <EventNotFound id={id} date={date} />;
  }
  if (!event.data) return <EventLoadFailed error={event.error} onRetry={() => void event.refetch()} />;
  const e = event.data;
  return (
    <article className="event" aria-labelledby="event-title">
      <EventHeader event={e} />
      <SeriesDates event={e} heading />
      <RsvpPanel key={`${e.id}:${e.next?.date ?? ''}`} event={e} />
      <AttendeesPanel event={e} />
      <EventFacts event={e} />
      <EventPeople event={e} />
      <div className="event-section">
        <AddToCalendar event={e} />
      </div>
    </article>
  );
}

/** The page's shape while the event loads: the header's lines and the sections' blocks. */
function EventSkeleton() {
  const t = useT();
  return (
    <article className="event" aria-busy="true">
      <p className="visually-hidden" role="status">
        {t('events.loadingEvent')}
      </p>
      <div className="event-head" aria-hidden="true">
        <span className="event-skeleton event-skeleton--type" />
        <span className="event-skeleton event-skeleton--title" />
        <span className="event-skeleton event-skeleton--line" />
        <span className="event-skeleton event-skeleton--line" />
      </div>
      <div className="event-section" aria-hidden="true">
        <span className="event-skeleton event-skeleton--block" />
      </div>
    </article>
  );
}
