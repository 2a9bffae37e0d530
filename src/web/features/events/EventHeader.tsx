import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { TangoEvent } from '../../../contract/events.ts';
import { currentLocale, errorMessage, useT, type T } from '../../lib/i18n.ts';
import { useViewerId } from '../../lib/use-session.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Menu, type MenuItem } from '../../ui/Menu.tsx';
import { toast } from '../../ui/toast.tsx';
import { browserTimeZone, formatDate, formatTimes, localDateOf, zoneName } from './event-time.ts';
import { useCancelEvent, useDeleteEvent } from './events.api.ts';
import { fromRrule, NTH_NAMES } from './repeat.ts';

/** "Weekly on Friday", "Monthly on the second Friday", or null for a single date or a rule of its own. */
export function repeatText(t: T, rule: string | null): string | null {
  const repeat = fromRrule(rule);
  if (repeat.kind === 'weekly')
    return t('events.repeatsWeekly', { day: t(`events.weekdays.${repeat.weekday}`) });
  if (repeat.kind === 'monthly') {
    return t('events.repeatsMonthly', {
      nth: t(`events.nth.${NTH_NAMES[repeat.nth]}`),
      day: t(`events.weekdays.${repeat.weekday}`),
    });
  }
  return repeat.kind === 'custom' ? t('events.repeatsCustom') : null;
}

/** The event's type, title, the date shown (on the venue's clock) and the venue; cancelled if it is. */
export function EventHeader({ event }: { event: TangoEvent }) {
  const t = useT();
  const locale = currentLocale();
  const date = event.next;
  const cancelled = event.cancelled || (date?.cancelled ?? false);
  const repeats = repeatText(t, event.recurrence);
  return (
    <header className="event-head">
      <p className="event-head__type">
        {t(`events.types.${event.type}`)}
        {repeats && <span className="event-head__repeat"> · {repeats}</span>}
      </p>
      <h1 id="event-title" className="event-head__title">
        {event.title}
      </h1>
      {date && (
        <p className="event-head__when">
          <time dateTime={date.startsAt} className="event-head__date">
            {formatDate(localDateOf(date.startsAt), 'long', locale)}
          </time>
          <span>
            {formatTimes(date.startsAt, date.endsAt, date.timeZone, locale)}
            {date.timeZone !== browserTimeZone() && (
              <span className="event-head__zone">
                {' '}
                {t('events.venueTime', { zone: zoneName(date.startsAt, date.timeZone, locale) })}
              </span>
            )}
          </span>
        </p>
      )}
      <p className="event-head__venue">
        {event.venue.name}
        {event.venue.address && <span className="event-head__address"> · {event.venue.address}</span>}
      </p>
      {cancelled && (
        <p className="event-head__cancelled" role="status">
          {t(event.cancelled ? 'events.eventCancelled' : 'events.dateCancelled')}
        </p>
      )}
      {event.canManage && <OrganiserTools event={event} />}
    </header>
  );
}

/** Registrations, Edit, and a menu to cancel this date, the event, or delete it (its organiser). */
function OrganiserTools({ event }: { event: TangoEvent }) {
  const t = useT();
  const navigate = useNavigate();
  const viewerId = useViewerId();
  const cancel = useCancelEvent(event.id);
  const remove = useDeleteEvent(event.id);
  const [asking, setAsking] = useState<'date' | 'event' | 'delete' | null>(null);
  const date = event.next;
  const dateQuery = date ? `?date=${date.date}` : '';
  const items: MenuItem[] = [];
  if (!event.cancelled) {
    if (event.recurrence && date && !date.cancelled) {
      items.push({ label: t('events.cancelDate'), onSelect: () => setAsking('date') });
    }
    items.push({ label: t('events.cancelEvent'), onSelect: () => setAsking('event'), danger: true });
  }
  if (viewerId === event.organiser.id) {
    items.push({ label: t('events.delete'), onSelect: () => setAsking('delete'), danger: true });
  }

  const confirm = () => {
    if (asking === 'delete') {
      remove.mutate(undefined, {
        onSuccess: () => {
          toast(t('events.deleted'));
          void navigate('/events', { replace: true });
        },
        onError: (err) => toast(errorMessage(t, err), 'error'),
      });
      return;
    }
    cancel.mutate(asking === 'date' ? date?.date : undefined, {
      onSuccess: () => {
        setAsking(null);
        toast(t(asking === 'date' ? 'events.dateCancelledToast' : 'events.eventCancelledToast'));
      },
      onError: (err) => toast(errorMessage(t, err), 'error'),
    });
  };

  return (
    <div className="event-head__tools">
      <Link to={`/events/${encodeURIComponent(event.id)}/registrations${dateQuery}`} className="btn btn--md">
        {t('events.registrations')}
      </Link>
      <Link to={`/events/${encodeURIComponent(event.id)}/edit`} className="btn btn--md">
        {t('events.edit')}
      </Link>
      {items.length > 0 && <Menu label={t('events.manage')} items={items} />}
      <Dialog
        open={asking !== null}
        title={
          asking === 'delete'
            ? t('events.deleteTitle')
            : asking === 'date' && date
              ? t('events.cancelDateTitle', { date: formatDate(date.date, 'long', currentLocale()) })
              : t('events.cancelEventTitle')
        }
        onClose={() => setAsking(null)}
        actions={
          <>
            <Button onClick={() => setAsking(null)}>{t('events.keep')}</Button>
            <Button variant="danger" busy={cancel.isPending || remove.isPending} onClick={confirm}>
              {asking === 'delete'
                ? t('events.delete')
                : asking === 'date'
                  ? t('events.cancelDate')
                  : t('events.cancelEvent')}
            </Button>
          </>
        }
      >
        <p>
          {asking === 'delete'
            ? t('events.deleteBody')
            : asking === 'date'
              ? t('events.cancelDateBody')
              : t('events.cancelEventBody')}
        </p>
      </Dialog>
    </div>
  );
}
